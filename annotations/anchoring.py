"""Anchor annotations in an article's canonical text. Pure Python, no Django.

A browser sends two W3C Web Annotation selectors measured on the canonical text:
a TextPositionSelector (start, end) and a TextQuoteSelector (exact, prefix,
suffix). :func:`anchor` checks them against the text and snaps the range outward
to whole words, because a ``<mark>`` inside an Arabic word breaks letter joining.
:func:`reanchor` finds an annotation again after the text was edited.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_QUOTE_LENGTH = 3000
CONTEXT_LENGTH = 32

TATWEEL = "\u0640"
ZWNJ, ZWJ = "\u200c", "\u200d"


def is_word_char(char: str) -> bool:
    """Letters, digits and every combining mark (Arabic harakat U+064B–U+065F,
    superscript alef U+0670, ...) belong to words, and so do tatweel and the
    zero-width joiners that shape letters inside a word."""
    if char in (TATWEEL, ZWNJ, ZWJ):
        return True
    category = unicodedata.category(char)
    return category[0] in ("L", "N", "M")


class AnchorError(ValueError):
    """A selector that cannot be anchored. ``message`` is shown to the user (Arabic)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class AnchorState(StrEnum):
    ANCHORED = "anchored"
    REANCHORED = "reanchored"
    DETACHED = "detached"


@dataclass(frozen=True, slots=True)
class Reanchored:
    state: AnchorState
    anchor: Anchor | None  # None when detached


def context(text: str, start: int, end: int) -> Anchor:
    """The anchor for text[start:end] with its W3C quote context."""
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim surrounding whitespace, then widen [start, end) to whole words.

    Like a double-click: a range never begins or ends between two word
    characters, so a diacritic or a tatweel is never separated from its letter.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < len(text) and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while 0 < end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def find_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> int | None:
    """Where ``exact`` is, if it can be told unambiguously: the only occurrence,
    or else the only one whose surrounding text matches both prefix and suffix."""
    if not exact:
        return None
    candidates = _occurrences(text, exact)
    if len(candidates) == 1:
        return candidates[0]
    if not (prefix or suffix):
        return None
    with_context = [
        at
        for at in candidates
        if text[:at].endswith(prefix) and text[at + len(exact) :].startswith(suffix)
    ]
    return with_context[0] if len(with_context) == 1 else None


def anchor(
    text: str,
    *,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str = "",
    suffix: str = "",
) -> Anchor:
    """Check a selector pair against ``text`` and return the word-snapped anchor.

    Raises AnchorError (with an Arabic message) for empty, too long, out of
    range, forged or stale selectors; never guesses between two candidates.
    """
    if not isinstance(exact, str) or not exact.strip():
        raise AnchorError("empty", "النص المحدد فارغ؛ حدّد كلمة واحدة على الأقل.")
    if len(exact) > MAX_QUOTE_LENGTH:
        raise AnchorError(
            "too_long", f"النص المحدد أطول من {MAX_QUOTE_LENGTH} حرف؛ حدّد مقطعًا أقصر."
        )
    positions_valid = (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and 0 <= start < end <= len(text)
    )
    if positions_valid and text[start:end] == exact:
        found = start
    else:
        found = find_quote(text, exact, prefix, suffix)
        if found is None:
            if exact in text:
                raise AnchorError(
                    "ambiguous",
                    "تعذّر تحديد موضع النص المحدد بدقة لأنه يتكرر في المقال؛ "
                    "أعد تحميل الصفحة وحدّده من جديد.",
                )
            raise AnchorError(
                "not_found",
                "النص المحدد غير موجود في المقال (ربما عُدّل المقال)؛ "
                "أعد تحميل الصفحة وحدّده من جديد.",
            )
    assert found is not None  # every branch above found it or raised
    snapped_start, snapped_end = snap_to_words(text, found, found + len(exact))
    if snapped_end - snapped_start > MAX_QUOTE_LENGTH:
        raise AnchorError(
            "too_long", f"النص المحدد أطول من {MAX_QUOTE_LENGTH} حرف؛ حدّد مقطعًا أقصر."
        )
    return context(text, snapped_start, snapped_end)


def reanchor(
    text: str, *, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
) -> Reanchored:
    """Find an annotation again in an edited text.

    Same offsets still holding the same quote -> anchored; the quote found
    unambiguously (alone, or by its context) -> re-anchored at the new offsets;
    otherwise detached (kept, listed with its quote, never drawn in a wrong place).
    """
    if 0 <= start < end <= len(text) and text[start:end] == exact:
        return Reanchored(AnchorState.ANCHORED, context(text, start, end))
    found = find_quote(text, exact, prefix, suffix)
    if found is None:
        return Reanchored(AnchorState.DETACHED, None)
    return Reanchored(AnchorState.REANCHORED, context(text, found, found + len(exact)))
