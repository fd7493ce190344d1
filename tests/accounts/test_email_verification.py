"""An e-mail address reaches an account only through the link mailed to it, so an
address someone typed but does not own never gets a password reset and never blocks
its owner from signing up."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts.services import email_verification_token
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "safe-Passw0rd-xyz"


def _signup(client, username, email):
    return client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def _link(message) -> str:
    return re.search(r"http://testserver(/accounts/email/verify/\S+/)", message.body).group(1)


def test_signup_mails_a_link_and_following_it_stores_the_address(client):
    _signup(client, "huda", "Huda@Example.com")
    user = get_user_model().objects.get(username="huda")
    assert user.email == ""
    (message,) = mail.outbox
    assert message.to == ["Huda@Example.com"]
    assert "72 ساعة" in message.body
    link = _link(message)

    # A GET (a mail scanner's prefetch) changes nothing; the button's POST does.
    page = client.get(link)
    assert page.status_code == 200 and "أكّد البريد" in page.content.decode()
    user.refresh_from_db()
    assert user.email == ""
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/accounts/"
    user.refresh_from_db()
    assert user.email == "Huda@Example.com"
    # Following it again is harmless.
    assert client.post(link).status_code == 302


def test_an_unverified_address_gets_no_password_reset(client):
    _signup(client, "huda", "huda@example.com")
    client.logout()
    mail.outbox.clear()
    client.post("/accounts/password_reset/", {"email": "huda@example.com"})
    assert mail.outbox == []


def test_an_unverified_address_does_not_block_its_owner(client):
    _signup(client, "squatter", "owner@example.com")
    client.logout()
    response = _signup(client, "owner", "owner@example.com")
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="owner").exists()


def test_a_verified_address_is_refused_to_another_account_with_an_arabic_error(client):
    factories.make_user("first", email="taken@example.com")
    response = _signup(client, "second", "TAKEN@example.com")
    assert response.status_code == 200
    assert "هذا البريد مؤكَّد لحساب آخر" in response.content.decode()
    assert not get_user_model().objects.filter(username="second").exists()


def test_the_first_of_two_accounts_to_verify_wins(client):
    first = factories.make_user("first")
    second = factories.make_user("second")
    token_1 = email_verification_token(user=first, email="both@example.com")
    token_2 = email_verification_token(user=second, email="both@example.com")
    assert client.post(f"/accounts/email/verify/{token_1}/").status_code == 302
    response = client.post(f"/accounts/email/verify/{token_2}/")
    assert response.status_code == 400
    assert "أكّد حساب آخر هذا البريد قبلك" in response.content.decode()
    second.refresh_from_db()
    assert second.email == ""


def test_a_forged_or_altered_link_is_refused(client):
    user = factories.make_user("huda")
    token = email_verification_token(user=user, email="huda@example.com")
    for bad in ["nonsense", token[:-2] + "xx", "a" * 5000]:
        response = client.post(f"/accounts/email/verify/{bad}/")
        assert response.status_code == 400
        assert "رابط التأكيد غير صحيح" in response.content.decode()
    user.refresh_from_db()
    assert user.email == ""


def test_an_expired_link_is_refused(client, monkeypatch):
    user = factories.make_user("huda")
    real = time.time
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: real() - 4 * 24 * 3600)
        token = email_verification_token(user=user, email="huda@example.com")
    response = client.post(f"/accounts/email/verify/{token}/")
    assert response.status_code == 400
    assert "انتهت صلاحية" in response.content.decode()


def test_an_older_link_stops_working_after_the_address_changed(client):
    user = factories.make_user("huda")
    old_link = email_verification_token(user=user, email="old@example.com")
    new_link = email_verification_token(user=user, email="new@example.com")
    assert client.post(f"/accounts/email/verify/{new_link}/").status_code == 302
    response = client.post(f"/accounts/email/verify/{old_link}/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email == "new@example.com"


def test_account_page_changes_the_address_only_through_the_link(client):
    user = factories.make_user("huda", email="old@example.com")
    client.force_login(user)
    page = client.get("/accounts/").content.decode()
    assert "old@example.com" in page and "تغيير البريد" in page
    response = client.post("/accounts/", {"email": "new@example.com"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.com"
    assert client.post(_link(mail.outbox[-1])).status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.com"


def test_account_page_errors_are_arabic_and_next_to_the_field(client):
    factories.make_user("other", email="taken@example.com")
    client.force_login(factories.make_user("huda"))
    html = client.post("/accounts/", {"email": "not an address"}).content.decode()
    assert "أدخل عنوان بريد إلكتروني صالح" in html or "بريد" in html
    html = client.post("/accounts/", {"email": "taken@example.com"}).content.decode()
    assert "هذا البريد مؤكَّد لحساب آخر" in html
    assert mail.outbox == []


def test_account_page_needs_sign_in(client):
    response = client.get("/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_confirmation_links_are_rate_limited_per_user(client, settings):
    settings.NEWSREADER_RATE_EMAIL_VERIFY_USER = "2/h"
    client.force_login(factories.make_user("huda"))
    codes = [
        client.post("/accounts/", {"email": f"a{i}@example.com"}).status_code for i in range(3)
    ]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_a_mail_server_failure_is_a_message_not_a_500(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("accounts.services.send_mail", refuse)
    response = _signup(client, "huda", "huda@example.com")
    assert response.status_code == 302  # the account exists; only the mail failed
    page = client.get("/accounts/").content.decode()
    assert "تعذّر إرسال رابط التأكيد الآن" in page
