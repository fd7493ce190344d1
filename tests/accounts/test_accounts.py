"""Sign up, log in/out, password change and reset through Django's auth views."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_editors_group_is_created_by_migration():
    assert Group.objects.filter(name="editors").exists()


def test_signup_creates_the_user_and_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "qari",
            "email": "qari@example.com",
            "password1": "safe-Passw0rd-xyz",
            "password2": "safe-Passw0rd-xyz",
            "next": "/articles/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/articles/"
    user = get_user_model().objects.get(username="qari")
    # The address is kept only once its owner follows the mailed link.
    assert user.email == ""
    assert [m.to for m in mail.outbox] == [["qari@example.com"]]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_refuses_an_offsite_next(client):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "qari2",
            "password1": "safe-Passw0rd-xyz",
            "password2": "safe-Passw0rd-xyz",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == "/"


def test_signup_errors_are_in_arabic(client):
    response = client.post(
        "/accounts/signup/", {"username": "x", "password1": "abc", "password2": "abd"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "كلمتا المرور" in html or "كلمة المرور" in html
    assert 'lang="ar"' in html
    assert not get_user_model().objects.filter(username="x").exists()


def test_login_and_logout(client):
    factories.make_user("huda", password="pass-1234-word")
    page = client.get("/accounts/login/")
    assert "تسجيل الدخول" in page.content.decode()
    response = client.post("/accounts/login/", {"username": "huda", "password": "pass-1234-word"})
    assert response.status_code == 302
    home = client.get("/")
    assert "huda" in home.content.decode()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, user):
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405


def test_header_offers_login_to_anonymous(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/login/' in html and 'href="/accounts/signup/"' in html


def test_password_change_requires_login_and_works(client, user):
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pass-1234-word",
            "new_password1": "another-Passw0rd-1",
            "new_password2": "another-Passw0rd-1",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-Passw0rd-1")


def test_password_reset_sends_a_working_link(client):
    factories.make_user("salma", email="salma@example.com")
    response = client.post("/accounts/password_reset/", {"email": "salma@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "استعادة كلمة المرور"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "اختر كلمة مرور جديدة" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "reset-Passw0rd-9", "new_password2": "reset-Passw0rd-9"}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="salma").check_password("reset-Passw0rd-9")


@pytest.mark.parametrize("url_name", ["login", "signup", "password_reset"])
def test_account_pages_show_the_site_name_not_the_domain(client, settings, url_name):
    # Django's auth views put the request's domain in the context as "site_name".
    settings.NEWSREADER_SITE_NAME = "قارئ الأخبار"
    html = client.get(reverse(url_name)).content.decode()
    assert '<a class="site-name" href="/">قارئ الأخبار</a>' in html
    assert "testserver" not in html
