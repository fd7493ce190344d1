"""``Authorization: Bearer <token>`` for scripts; cookie sessions keep CSRF on writes."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone

from .models import ApiToken, hash_token

# last_used_at is written at most this often per token: not one UPDATE per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class AuthError(Exception):
    def __init__(self, code: str, message_ar: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message_ar, self.message_en = code, message_ar, message_en


def bearer_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AuthError(
            "bad_authorization",
            "ترويسة Authorization يجب أن تكون Bearer ثم الرمز.",
            "The Authorization header must be 'Bearer <token>'.",
        )
    return value.strip()


def authenticate(request: HttpRequest) -> bool:
    """Sets request.user from a bearer token when one is sent; True for token requests."""
    raw = bearer_token(request)
    if raw is None:
        return False
    token = (
        ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    if token is None:
        raise AuthError(
            "invalid_token",
            "رمز الوصول غير صحيح أو أُلغي.",
            "The access token is unknown or revoked.",
        )
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    request.user = token.user
    request.api_token = token
    return True


def _csrf_view(request):  # a stand-in view without csrf_exempt, for the check below
    return None


_csrf = CsrfViewMiddleware(lambda request: None)


def csrf_failure(request: HttpRequest) -> bool:
    """True when a cookie-session write fails Django's CSRF check."""
    return _csrf.process_view(request, _csrf_view, (), {}) is not None
