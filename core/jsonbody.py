"""Bounded JSON request bodies: one parser for every JSON endpoint.

Refuses, with a message in Arabic and English, what json.loads alone would accept or
crash on: bodies over a size cap (413), bytes that are not UTF-8, NaN/Infinity, nesting
deeper than a limit (checked before parsing, so a hostile body never reaches the
recursion limit) and lone surrogates written as ``\\ud800`` escapes (which no UTF-8
database column can store).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32


@dataclass(frozen=True)
class JsonBodyError(Exception):
    status: int
    code: str
    message_ar: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": {"ar": self.message_ar, "en": self.message_en}}


def _too_deep(text: str, limit: int) -> bool:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)


def parse_json_bytes(raw: bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """The JSON value in ``raw``, or JsonBodyError (status 400 or 413)."""
    if len(raw) > max_bytes:
        raise too_large(max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonBodyError(
            400, "not_utf8", "الطلب ليس نصًا بترميز UTF-8.", "The body is not UTF-8 text."
        ) from None
    if not text.strip():
        raise JsonBodyError(400, "empty", "الطلب فارغ.", "The body is empty.")
    if _too_deep(text, max_depth):
        raise JsonBodyError(
            400,
            "too_deep",
            f"بنية JSON متداخلة أكثر من {max_depth} مستوى.",
            f"The JSON is nested deeper than {max_depth} levels.",
        )
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise JsonBodyError(
            400, "not_json", "الطلب ليس JSON صالحًا.", "The body is not valid JSON."
        ) from None
    if _has_lone_surrogate(value):
        raise JsonBodyError(
            400,
            "lone_surrogate",
            "في الطلب محرف بديل منفرد (surrogate) لا يمثل نصًا.",
            "The body contains a lone surrogate, which is not text.",
        )
    return value


def too_large(max_bytes: int = MAX_BYTES) -> JsonBodyError:
    return JsonBodyError(
        413,
        "too_large",
        f"الطلب أكبر من الحد المسموح ({max_bytes} بايت).",
        f"The body is larger than the limit ({max_bytes} bytes).",
    )


def parse_json_request(
    request: Any, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH
) -> Any:
    """The JSON body of a Django request; the declared length is checked before reading."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise too_large(max_bytes)
    raw = request.read(max_bytes + 1)
    return parse_json_bytes(raw, max_bytes=max_bytes, max_depth=max_depth)
