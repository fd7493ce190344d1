"""Arabic sentence splitting with offsets. Pure Python.

A sentence ends at ``.`` ``!`` ``?`` ``؟`` ``؛`` (and at a paragraph break) but
never inside quotation marks, so a quotation of several sentences stays in the
sentence that introduces it. A full stop between digits (4.2) or after a
one-letter abbreviation (د. for دكتور) ends nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import quoted_spans

_ENDS = ".!?؟؛"
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line block of ``text``."""
    spans, start = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(s <= i < e for s, e in spans)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``, trimmed of surrounding spaces."""
    return list(_split(text))


@lru_cache(maxsize=8)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    result: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        quotes = quoted_spans(text, p_start, p_end)
        start = p_start
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch in _ENDS and not _inside(quotes, i) and not _no_break(text, i, p_start, p_end):
                end = i + 1
                # Closing marks and further end marks belong to the sentence.
                while end < p_end and text[end] in _ENDS + '»”")':
                    end += 1
                s, e = _trim(text, start, end)
                if s < e:
                    result.append((s, e))
                start = i = end
                continue
            i += 1
        s, e = _trim(text, start, p_end)
        if s < e:
            result.append((s, e))
    return tuple(result)


def _no_break(text: str, i: int, p_start: int, p_end: int) -> bool:
    if text[i] != ".":
        return False
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    if before.isdigit() and after.isdigit():
        return True
    # A single letter before the stop (د. م. أ.) is an abbreviation.
    return before.isalpha() and (i - 1 == p_start or not text[i - 2].isalpha()) and after == " "
