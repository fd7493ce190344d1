"""Account writes: an e-mail address is stored on the account only once its owner
has proved they read it.

Until then nothing is kept: no row, no pending address. The link mailed to the
address is a signed, timestamped token (Django's signing) naming the account, the
new address and the address the account had when the link was sent, so a link works
once, expires, and cannot be forged or replayed after a later change. An unverified
address therefore never receives a password reset and never blocks the person who
owns it from signing up with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

SALT = "accounts.email-verification"


class EmailVerificationError(Exception):
    def __init__(self, message_ar: str) -> None:
        super().__init__(message_ar)
        self.message_ar = message_ar


@dataclass(frozen=True)
class Verified:
    user: AbstractBaseUser
    email: str
    already: bool


def email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another account has already verified this address (any capitalisation)."""
    users = get_user_model().objects.filter(email__iexact=email)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


def email_verification_token(*, user: AbstractBaseUser, email: str) -> str:
    current = getattr(user, "email", "") or ""
    return signing.dumps({"u": user.pk, "e": email, "o": current}, salt=SALT, compress=True)


def email_verification_send(*, user: AbstractBaseUser, email: str, request: HttpRequest) -> str:
    """Mail a confirmation link for ``email`` to that address; returns the token."""
    token = email_verification_token(user=user, email=email)
    link = request.build_absolute_uri(reverse("email_verify", kwargs={"token": token}))
    hours = settings.NEWSREADER_EMAIL_VERIFY_MAX_AGE // 3600
    valid_for = ngettext("%(n)d ساعة", "%(n)d ساعات", hours) % {"n": hours}
    context = {"user": user, "link": link, "valid_for": valid_for}
    send_mail(
        subject=render_to_string("registration/email_verify_subject.txt", context, request).strip(),
        message=render_to_string("registration/email_verify_email.txt", context, request),
        from_email=None,
        recipient_list=[email],
    )
    return token


def email_verify(*, token: str) -> Verified:
    """Store the address a valid link names on its account."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.NEWSREADER_EMAIL_VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise EmailVerificationError("انتهت صلاحية رابط التأكيد؛ اطلب رابطًا جديدًا.") from None
    except signing.BadSignature:
        raise EmailVerificationError("رابط التأكيد غير صحيح.") from None
    if not isinstance(data, dict) or not {"u", "e", "o"} <= data.keys():
        raise EmailVerificationError("رابط التأكيد غير صحيح.")
    email = str(data["e"])
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(pk=data["u"]).first()
        if user is None or not user.is_active:
            raise EmailVerificationError("الحساب الذي يخصه هذا الرابط غير موجود.")
        if (user.email or "").lower() == email.lower():
            return Verified(user=user, email=email, already=True)
        if (user.email or "") != data["o"]:
            # The address changed after this link was sent: a later link wins.
            raise EmailVerificationError("هذا الرابط قديم: تغيّر بريد الحساب بعد إرساله.")
        if email_taken(email, exclude_pk=user.pk):
            raise EmailVerificationError("أكّد حساب آخر هذا البريد قبلك.")
        user.email = email
        user.save(update_fields=["email"])
    return Verified(user=user, email=email, already=False)
