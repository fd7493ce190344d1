"""Words, matching forms and quotation marks for the detector. Pure Python.

Matching happens on a folded form of each word (no diacritics or tatweel, one
alef, ى = ي, ة = ه) while every offset refers to the text as written, so the
detector never changes or moves a character of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# Harakat, superscript alef and tatweel are dropped; the hamza carriers and
# the final letters that writers use interchangeably are unified.
_FOLD = str.maketrans(
    {
        **{chr(c): None for c in range(0x064B, 0x0660)},
        "\u0670": None,
        "\u0640": None,
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "ء",
        "ئ": "ء",
    }
)

_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

#: A word: anything between spaces and punctuation (Arabic and Latin).
WORD_RE = re.compile(r"[^\s.,،؛;:!?؟\"“”«»„()\[\]{}'‘’/\\\-–—…]+")

OPENING = {"«": "»", "“": "”", '"': '"'}
CLOSING = {"»", "”", '"'}


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The matching form of ``word`` (never used for offsets)."""
    return word.translate(_FOLD).translate(_ARABIC_INDIC).casefold()


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str
    #: Folded form.
    form: str


@lru_cache(maxsize=8)
def _all_words(text: str) -> tuple[list[Word], list[int]]:
    # One pass over an article; every later lookup is a bisection. (A string's
    # hash is cached by Python, so finding the article here again is cheap.)
    found = [Word(m.start(), m.end(), m.group(), fold(m.group())) for m in WORD_RE.finditer(text)]
    return found, [w.start for w in found]


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """Every word wholly inside ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    found, starts = _all_words(text)
    i = bisect_left(starts, start)
    j = bisect_left(starts, end, lo=i)
    while j > i and found[j - 1].end > end:
        j -= 1
    return found[i:j]


def strip_conjunction(form: str) -> str:
    """A folded word without an attached و or ف (وقال -> قال)."""
    if len(form) > 3 and form[0] in "وف":
        return form[1:]
    return form


@lru_cache(maxsize=65536)
def variants(form: str) -> tuple[str, ...]:
    """A folded word and what it may be without clitics, most literal first
    (وزير stays a candidate for itself though its و looks like a conjunction)."""
    out = [form]
    for candidate in (strip_conjunction(form), _strip_article_only(form), strip_article(form)):
        if candidate not in out:
            out.append(candidate)
    return tuple(out)


def _strip_article_only(form: str) -> str:
    if form.startswith("لل") and len(form) > 4:
        return form[2:]
    if form[:3] in ("بال", "كال") and len(form) > 4:
        return form[3:]
    if form.startswith("ال") and len(form) > 3:
        return form[2:]
    return form


def strip_article(form: str) -> str:
    """A folded word without و/ف, ب/ل/ك and ال (والوزير -> وزير, للمنتخب -> منتخب)."""
    form = strip_conjunction(form)
    if form.startswith("لل") and len(form) > 4:
        return form[2:]
    if form[:3] in ("بال", "كال") and len(form) > 4:
        return form[3:]
    if form.startswith("ال") and len(form) > 3:
        return form[2:]
    return form


def is_definite(form: str) -> bool:
    """Whether a folded word carries the article (ال, لل, بال, وال…)."""
    return any(
        f.startswith(("ال", "لل", "بال", "كال")) and len(f) > 3
        for f in (form, strip_conjunction(form))
    )


def quoted_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level spans between matching quotation marks in ``text[start:end]``.

    Returns the offsets of the characters *inside* the marks. Marks nested in
    an open quotation belong to it; a mark never closed by the end of the
    paragraph opens nothing (a stray mark is not a quote).
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i in range(start, end):
        ch = text[i]
        if ch == '"':
            if stack and stack[-1][0] == '"':
                _, opened = stack.pop()
                if not stack:
                    spans.append((opened + 1, i))
            else:
                stack.append((ch, i))
        elif ch in ("«", "“"):
            stack.append((ch, i))
        elif ch in ("»", "”"):
            # Close the innermost matching mark; marks left open inside it are strays.
            for depth in range(len(stack) - 1, -1, -1):
                if OPENING[stack[depth][0]] == ch:
                    opened = stack[depth][1]
                    del stack[depth:]
                    if not stack:
                        spans.append((opened + 1, i))
                    break
    return spans
