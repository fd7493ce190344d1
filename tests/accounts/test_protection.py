"""Sign-in lockout (django-axes), throttled reset and sign-up (django-ratelimit),
unique sign-up e-mail, and the headers of signed-in pages (issue 14, part 3 and 5)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db


def wrong(client, username="huda"):
    return client.post("/accounts/login/", {"username": username, "password": "not-it"})


def test_repeated_wrong_passwords_lock_out_per_the_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    factories.make_user("huda", password="pass-1234-word")
    for _ in range(2):
        assert wrong(client).status_code == 200
    locked = wrong(client)
    assert locked.status_code == 429
    assert "تسجيل الدخول موقوف مؤقتًا" in locked.content.decode()
    # The right password no longer works while locked out.
    right = client.post("/accounts/login/", {"username": "huda", "password": "pass-1234-word"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_axes_reset_unlocks(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    factories.make_user("huda", password="pass-1234-word")
    wrong(client), wrong(client)
    call_command("axes_reset_username", "huda")
    right = client.post("/accounts/login/", {"username": "huda", "password": "pass-1234-word"})
    assert right.status_code == 302


def test_lockout_is_per_user_name_and_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    factories.make_user("salma", password="pass-1234-word")
    wrong(client, "huda"), wrong(client, "huda")
    right = client.post("/accounts/login/", {"username": "salma", "password": "pass-1234-word"})
    assert right.status_code == 302


def test_a_success_resets_the_count(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    factories.make_user("huda", password="pass-1234-word")
    wrong(client), wrong(client)
    client.post("/accounts/login/", {"username": "huda", "password": "pass-1234-word"})
    client.post("/accounts/logout/")
    wrong(client), wrong(client)
    right = client.post("/accounts/login/", {"username": "huda", "password": "pass-1234-word"})
    assert right.status_code == 302


def test_admin_login_is_locked_out_too(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    factories.make_user("boss", password="pass-1234-word", is_staff=True)
    for _ in range(2):
        client.post("/admin/login/", {"username": "boss", "password": "x"})
    assert client.post("/admin/login/", {"username": "boss", "password": "x"}).status_code == 429


def test_password_reset_is_throttled_per_email(client, settings):
    settings.NEWSREADER_RATE_PASSWORD_RESET_EMAIL = "3/h"
    factories.make_user("salma", email="salma@example.com")
    statuses = [
        client.post("/accounts/password_reset/", {"email": "Salma@example.com "}).status_code
        for _ in range(10)
    ]
    assert statuses == [302] * 3 + [429] * 7
    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_address(client, settings):
    settings.NEWSREADER_RATE_PASSWORD_RESET_IP = "4/h"
    statuses = [
        client.post("/accounts/password_reset/", {"email": f"u{n}@example.com"}).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 4 + [429] * 2
    assert (
        "طُلبت استعادة كلمة المرور مرات كثيرة"
        in client.post("/accounts/password_reset/", {"email": "x@example.com"}).content.decode()
    )


def signup(client, n, email=""):
    return client.post(
        "/accounts/signup/",
        {
            "username": f"qari{n}",
            "email": email,
            "password1": "safe-Passw0rd-xyz",
            "password2": "safe-Passw0rd-xyz",
        },
    )


def test_sign_up_is_throttled_per_address(client, settings):
    settings.NEWSREADER_RATE_SIGNUP_IP = "2/h"
    assert signup(client, 1).status_code == 302
    client.post("/accounts/logout/")
    assert signup(client, 2).status_code == 302
    client.post("/accounts/logout/")
    refused = signup(client, 3)
    assert refused.status_code == 429
    assert "أُنشئت حسابات كثيرة" in refused.content.decode()
    assert not get_user_model().objects.filter(username="qari3").exists()


def test_sign_up_email_is_unique_ignoring_case(client):
    factories.make_user("salma", email="salma@example.com")
    response = signup(client, 9, email="SALMA@example.com")
    assert response.status_code == 200
    assert "هذا البريد مؤكَّد لحساب آخر" in response.content.decode()
    assert not get_user_model().objects.filter(username="qari9").exists()
    # No e-mail stays optional for everyone.
    assert signup(client, 10).status_code == 302


def test_signed_in_pages_are_private_and_not_stored(client, user):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    client.force_login(user)
    for url in ["/", "/annotations/mine/", "/annotations/mine/export.csv"]:
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, url


def test_behind_a_proxy_the_configured_header_is_the_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.NEWSREADER_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    factories.make_user("huda", password="pass-1234-word")
    for _ in range(2):
        client.post(
            "/accounts/login/", {"username": "huda", "password": "x"}, HTTP_X_REAL_IP="1.2.3.4"
        )
    locked = client.post(
        "/accounts/login/",
        {"username": "huda", "password": "pass-1234-word"},
        HTTP_X_REAL_IP="1.2.3.4",
    )
    assert locked.status_code == 429
    # Another client behind the same proxy is not locked out.
    other = client.post(
        "/accounts/login/",
        {"username": "huda", "password": "pass-1234-word"},
        HTTP_X_REAL_IP="5.6.7.8",
    )
    assert other.status_code == 302
