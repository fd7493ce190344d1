"""Request and response rules every page shares."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# What Django itself accepts for a form body.
logger = logging.getLogger(__name__)

UTF8_NAMES = {"utf-8"}
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _plain(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _invalid_utf8(body: bytes) -> bool:
    """Whether any percent-decoded name or value of a urlencoded body is not UTF-8."""
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return True
    return False


def _carries_nul(request: HttpRequest) -> bool:
    """A NUL in the path (form fields refuse it themselves, in Arabic, next to the field:
    Django's ProhibitNullCharactersValidator)."""
    return "\x00" in request.path


def _replaced_text(request: HttpRequest) -> bool:
    """Whether a text field of a multipart form holds U+FFFD.

    Django's multipart parser decodes invalid UTF-8 with errors="replace"; the raw
    bytes of a large upload cannot be re-read to tell the two apart, and U+FFFD is
    never text a person meant to write (the importer refuses it too), so any field
    that holds it is refused. Uploaded files are not text fields and are untouched."""
    # A malformed or oversized body raises here; Django answers those with a 400.
    fields = request.POST
    return any("\ufffd" in value for values in fields.lists() for value in values[1])


class RequestEncodingMiddleware:
    """Refuse request bodies that are not UTF-8 before anything reads them.

    Django decodes a body in the charset its Content-Type names (utf-16 made the
    CSRF check itself fail with a 500) and turns invalid UTF-8 in a form into U+FFFD,
    which would be stored in place of what the user wrote. Both are refused here:
    415 for another charset, 400 for invalid bytes in a form (urlencoded or multipart)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in _BODY_METHODS:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        if _carries_nul(request):
            # NUL is never part of a page's address, and PostgreSQL refuses it in any
            # string (a look-up of /sections/%00/ would fail with a 500 there).
            return _plain("الطلب يحوي محرفًا غير صالح (NUL).", 400)
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        charset = request.content_params.get("charset") if request.content_params else None
        if charset is not None and charset.strip().lower().replace("_", "-") not in UTF8_NAMES:
            return _plain("ترميز الطلب غير مدعوم؛ أرسله بترميز UTF-8.", 415)
        if request.content_type == "application/x-www-form-urlencoded":
            try:
                body = request.body
            except RequestDataTooBig:
                return _plain("الطلب أكبر من الحد المسموح.", 413)
            if _invalid_utf8(body):
                return _plain("الطلب يحوي نصًا بترميز غير صالح؛ أرسله بترميز UTF-8.", 400)
        elif request.content_type == "multipart/form-data" and _replaced_text(request):
            return _plain("الطلب يحوي نصًا بترميز غير صالح؛ أرسله بترميز UTF-8.", 400)
        return None


class PrivateCacheMiddleware:
    """Pages and exports shown to a signed-in user are theirs alone: no shared or
    browser cache may keep them (a later user of the same machine or proxy)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class NumberOverflowMiddleware:
    """A number too large for the database (SQLite's and PostgreSQL's integers are 64
    bits) is the client's error, never the server's. Our own URLs and filters bound
    their numbers (core.converters, core.bounded); this answers 400 where Django's own
    forms do not catch the overflow (ModelChoiceField and ModelMultipleChoiceField in
    the admin catch ValueError and TypeError, not OverflowError)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            logger.warning("Number too large in %s %s: %s", request.method, request.path, exception)
            return _plain("في الطلب عدد أكبر مما يمكن حفظه.", 400)
        return None
