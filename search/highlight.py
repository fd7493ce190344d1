"""Marking matched words in titles and snippets. Pure Python, Django-free.

Works on the stored text and only ever cuts at word boundaries found by
arabic.word_spans(), so a mark always covers whole words, diacritics and
tatweel included (a <mark> inside a word would break Arabic letter joining).
A word is marked when its analysed term is one of the query's terms, so
والناتو, للناتو and النّاتو are all marked for a query of الناتو.
The result is a list of (text, marked) pieces; the template escapes them.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from core.arabic import analyse_word, word_spans

SNIPPET_WORDS = 32
_WHITESPACE_RE = re.compile(r"\s+")

Piece = tuple[str, bool]


@dataclass(frozen=True)
class Snippet:
    pieces: list[Piece]
    starts_mid_text: bool
    ends_mid_text: bool


def _matches(text: str, spans: list[tuple[int, int]], terms: Collection[str]) -> list[bool]:
    return [analyse_word(text[start:end]) in terms for start, end in spans]


def _pieces(text: str, spans, matched, first: int, last: int, *, flatten: bool) -> list[Piece]:
    """Pieces from word ``first`` to word ``last`` (inclusive); neighbouring marks merge."""
    pieces: list[Piece] = []

    def add(chunk: str, marked: bool) -> None:
        if flatten:
            chunk = _WHITESPACE_RE.sub(" ", chunk)
        if not chunk:
            return
        if pieces and pieces[-1][1] == marked:
            pieces[-1] = (pieces[-1][0] + chunk, marked)
        else:
            pieces.append((chunk, marked))

    position = spans[first][0]
    for index in range(first, last + 1):
        start, end = spans[index]
        gap = text[position:start]
        # A gap of spaces between two marked words joins them: one mark per phrase.
        joins = (
            matched[index]
            and index > first
            and matched[index - 1]
            and gap.strip() == ""
            and "\n" not in gap
        )
        add(gap, joins)
        add(text[start:end], matched[index])
        position = end
    return pieces


def mark(text: str, terms: Collection[str]) -> list[Piece]:
    """The whole of ``text`` as pieces, matched words marked (for titles)."""
    spans = word_spans(text)
    if not spans:
        return [(text, False)] if text else []
    matched = _matches(text, spans, terms)
    pieces = _pieces(text, spans, matched, 0, len(spans) - 1, flatten=False)
    head, tail = text[: spans[0][0]], text[spans[-1][1] :]
    if head:
        pieces.insert(0, (head, False))
    if tail:
        pieces.append((tail, False))
    return pieces


def snippet(text: str, terms: Collection[str], *, words: int = SNIPPET_WORDS) -> Snippet:
    """The run of ``words`` words of ``text`` with the most distinct matched terms.

    Ties go to the earliest run; with no match at all, the opening words.
    """
    spans = word_spans(text)
    if not spans:
        return Snippet([], False, False)
    matched = _matches(text, spans, terms)
    best_first, best_score = 0, (-1, -1)
    if any(matched):
        terms_at = [
            analyse_word(text[start:end]) if hit else None
            for (start, end), hit in zip(spans, matched, strict=True)
        ]
        for first in (i for i, hit in enumerate(matched) if hit):
            # Start a little before the first match so it has some context.
            first = max(0, first - words // 4)
            window = terms_at[first : first + words]
            found = [term for term in window if term]
            score = (len(set(found)), len(found))
            if score > best_score:
                best_first, best_score = first, score
    last = min(len(spans), best_first + words) - 1
    pieces = _pieces(text, spans, matched, best_first, last, flatten=True)
    ends_mid_text = last < len(spans) - 1
    if not ends_mid_text:
        # The closing punctuation belongs to the text: «...» and the final full stop.
        tail = _WHITESPACE_RE.sub(" ", text[spans[-1][1] :]).rstrip()
        if tail:
            pieces.append((tail, False))
    if best_first == 0:
        head = _WHITESPACE_RE.sub(" ", text[: spans[0][0]]).lstrip()
        if head:
            pieces.insert(0, (head, False))
    return Snippet(pieces=pieces, starts_mid_text=best_first > 0, ends_mid_text=ends_mid_text)
