"""Request bodies must be UTF-8 (issue 14: a utf-16 form POST gave a 500; invalid
UTF-8 was stored as U+FFFD)."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # The CSRF check runs too, as in production: the refusal must come before it.
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def test_a_form_post_in_utf16_is_refused_not_a_500(client):
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&username=huda&password=x".encode("utf-16")
    response = client.generic(
        "POST",
        "/accounts/login/",
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-16",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 415
    assert "UTF-8" in response.content.decode()


@pytest.mark.parametrize("charset", ["latin-1", "no-such-charset", "utf-16"])
@pytest.mark.parametrize(
    "kind",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json"],
)
def test_any_other_charset_is_refused(client, charset, kind):
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"a=b",
        content_type=kind,
        # Set as sent: the test client would itself fail to encode in an unknown charset.
        CONTENT_TYPE=f"{kind}; charset={charset}",
    )
    assert response.status_code == 415


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_utf8_is_accepted(charset):
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        "/accounts/login/",
        "username=هدى&password=x".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 200


def test_invalid_utf8_in_a_form_is_refused_not_stored(client):
    user = factories.make_user()
    article = factories.make_article()
    annotation = factories.make_annotation(article=article, author=user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.post(
        f"/annotations/{annotation.pk}/replies/",
        b"body=%FF%FEabc",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert not annotation.replies.exists()


def test_invalid_utf8_in_a_multipart_form_is_refused_not_stored():
    user = factories.make_user()
    annotation = factories.make_annotation(article=factories.make_article(), author=user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    body = b'--zz\r\nContent-Disposition: form-data; name="body"\r\n\r\n\xff\xfeabc\r\n--zz--\r\n'
    response = client.generic(
        "POST",
        f"/annotations/{annotation.pk}/replies/",
        body,
        content_type="multipart/form-data; boundary=zz",
    )
    assert response.status_code == 400
    assert not annotation.replies.exists()


def test_valid_utf8_in_a_multipart_form_is_accepted():
    user = factories.make_user()
    annotation = factories.make_annotation(article=factories.make_article(), author=user)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.post(f"/annotations/{annotation.pk}/replies/", {"body": "ردّ صحيح"})
    assert response.status_code in (200, 302)
    assert annotation.replies.get().body == "ردّ صحيح"
