"""One parser for every JSON request body.

Every JSON endpoint reads its body through `parse_json_body` (or the Django-free
`parse_json_bytes`), so one set of limits holds everywhere: a size cap (413), strict
UTF-8, no lone surrogates (which would fail later, on encoding, as a 500), a nesting
depth limit (checked before decoding, so deep input never reaches the recursive
decoder), no NaN/Infinity, and an object at the top. Every refusal is one exception
type, `JSONBodyError`, carrying an Arabic message for the user, an English one for
API clients and logs, a short machine-readable `code` and the HTTP status;
`JSONBodyError.response()` is the site's JSON 4xx, `as_api_dict()` the W3C API's.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20

# A whole string, a bracket, or a quote that opens a string never closed.
_TOKEN = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]|"', re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NUL = re.compile("\x00")


class JSONBodyError(ValueError):
    """A request body refused by the JSON parser: `message` (Arabic) is shown to the
    user, `message_en` names the problem for API clients, `status` is the HTTP status."""

    def __init__(
        self, message: str, message_en: str, *, status: int = 400, code: str = "bad_json"
    ) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.status = status
        self.code = code

    @property
    def message_ar(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"errors": [self.message], "error": self.message_en}

    def as_api_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": {"ar": self.message, "en": self.message_en}}

    def response(self):
        # Imported here so parse_json_bytes stays usable without Django settings.
        from django.http import JsonResponse

        return JsonResponse(self.as_dict(), status=self.status)


def _too_large(limit: int) -> JSONBodyError:
    return JSONBodyError(
        f"الطلب أكبر من الحد المسموح ({limit // 1024} كيلوبايت).",
        f"Request body larger than {limit} bytes.",
        status=413,
        code="too_large",
    )


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, strings left out (a bracket inside a
    string is text). Unbalanced brackets are left for the decoder to report."""
    deepest = depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
        elif token == '"':
            # Unterminated: the decoder refuses it; scanning on could be quadratic.
            break
    return deepest


def _refuse_constant(name: str) -> None:
    raise JSONBodyError(
        "الطلب يحوي قيمة عددية غير صالحة.",
        f"Non-finite number {name} is not JSON.",
        code="not_json",
    )


def _has_surrogate(value: Any, pattern: re.Pattern[str] | None = None) -> bool:
    # Recursion is safe: the depth was bounded before decoding.
    pattern = pattern or _SURROGATE
    if isinstance(value, str):
        return pattern.search(value) is not None
    if isinstance(value, dict):
        return any(
            _has_surrogate(k, pattern) or _has_surrogate(v, pattern) for k, v in value.items()
        )
    if isinstance(value, list):
        return any(_has_surrogate(item, pattern) for item in value)
    return False


def parse_json_bytes(
    raw: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
    object_required: bool = True,
) -> Any:
    """Decode a JSON object (any JSON value without ``object_required``) from request
    bytes, or raise JSONBodyError."""
    if len(raw) > max_bytes:
        raise _too_large(max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JSONBodyError(
            "الطلب ليس نصًا بترميز UTF-8 صالح.", "Request body is not valid UTF-8.", code="not_utf8"
        ) from None
    # RFC 8259 lets a parser ignore a byte-order mark; some clients send one.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise JSONBodyError("الطلب فارغ.", "Request body is empty.", code="empty")
    if _depth(text) > max_depth:
        raise JSONBodyError(
            f"الطلب متداخل أكثر من {max_depth} مستوى.",
            f"JSON nested deeper than {max_depth} levels.",
            code="too_deep",
        )
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except JSONBodyError:
        raise
    except (ValueError, RecursionError):
        # ValueError covers malformed JSON and integers past Python's digit limit.
        raise JSONBodyError(
            "الطلب ليس JSON صالحًا.", "Request body is not valid JSON.", code="not_json"
        ) from None
    if object_required and not isinstance(data, dict):
        raise JSONBodyError(
            "الطلب يجب أن يكون كائن JSON.", "Request body must be a JSON object.", code="not_object"
        )
    if _has_surrogate(data):
        # "\ud800" is valid JSON but not text: it cannot be stored or encoded.
        raise JSONBodyError(
            "الطلب يحوي محارف غير صالحة (نصف زوج بديل).",
            "Request body contains a lone surrogate escape.",
            code="lone_surrogate",
        )
    if _has_surrogate(data, _NUL):
        # NUL is never text, and PostgreSQL refuses it in any string column.
        raise JSONBodyError(
            "الطلب يحوي محرفًا غير صالح (NUL).", "Request body contains a NUL character.", code="nul"
        )
    return data


def parse_json_body(
    request, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> dict[str, Any]:
    """The request's JSON object, read once, within the limits; or raise JSONBodyError.

    The declared length is checked before the body is read, so an oversized body is
    refused without being loaded into memory."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise _too_large(max_bytes)
    charset = (request.content_params or {}).get("charset", "utf-8")
    if charset.strip().lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise JSONBodyError(
            "ترميز الطلب يجب أن يكون UTF-8.",
            "JSON must be sent as UTF-8.",
            status=415,
            code="charset",
        )
    from django.core.exceptions import RequestDataTooBig

    try:
        raw = request.body
    except RequestDataTooBig:
        raise _too_large(max_bytes) from None
    return parse_json_bytes(raw, max_bytes=max_bytes, max_depth=max_depth)
