"""Parsing what a reader types into the search box. Pure Python, Django-free.

Syntax, deliberately small: words; "a quoted phrase" (also «» and “”) whose
words must appear in order; -word or -"phrase" to exclude. Everything else
(FTS syntax such as * : ( ) NEAR AND OR NOT, SQL, punctuation, diacritics,
bidi controls) is ordinary text: it goes through analyse() like the
articles do, and only analysed terms ever reach the database, each quoted by
the backend. A query longer than MAX_CHARS characters or MAX_TERMS terms is
cut, and ``truncated`` says so, so the page can tell the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import analyse

MAX_CHARS = 200
MAX_TERMS = 12

# A quoted phrase, an optionally negated chunk, or a lone quote mark.
_PIECE_RE = re.compile(
    r"""(?P<neg>-)?(?:"(?P<p1>[^"]*)"|«(?P<p2>[^»]*)»|“(?P<p3>[^”]*)”)"""
    r"""|(?P<chunk>\S+)"""
)

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    # Each entry is a phrase of analysed terms; a single word is a phrase of one.
    required: tuple[Phrase, ...] = ()
    excluded: tuple[Phrase, ...] = ()
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (exclusions alone cannot be searched)."""
        return not self.required

    @property
    def highlight_terms(self) -> frozenset[str]:
        """Analysed terms to mark in titles and snippets."""
        return frozenset(term for phrase in self.required for term in phrase)


def parse(raw: str | None) -> ParsedQuery:
    raw = raw or ""
    text = raw.strip()
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = _cut(text, MAX_CHARS)

    required: list[Phrase] = []
    excluded: list[Phrase] = []
    budget = MAX_TERMS
    for match in _PIECE_RE.finditer(text):
        negated = bool(match.group("neg"))
        quoted = next((g for g in match.group("p1", "p2", "p3") if g is not None), None)
        if quoted is not None:
            phrases = [tuple(analyse(quoted))]
        else:
            chunk = match.group("chunk")
            if chunk.startswith("-") and len(chunk) > 1:
                negated, chunk = True, chunk[1:]
            # Outside quotes every word stands alone, whatever joins them (al-Sisi, a:b).
            phrases = [(term,) for term in analyse(chunk)]
        for phrase in phrases:
            if not phrase:
                continue
            if budget <= 0 or len(phrase) > budget:
                truncated = True
                phrase = phrase[:budget]
                if not phrase:
                    break
            target = excluded if negated else required
            if phrase not in target:
                target.append(phrase)
            budget -= len(phrase)

    # A word both wanted and excluded: the exclusion wins (it was asked for explicitly).
    required = [phrase for phrase in required if phrase not in excluded]
    return ParsedQuery(
        raw=raw, required=tuple(required), excluded=tuple(excluded), truncated=truncated
    )


def _cut(text: str, limit: int) -> str:
    """Cut at the last space before ``limit`` so no word is split, if there is one."""
    head = text[:limit]
    if len(text) > limit and not text[limit].isspace():
        space = head.rfind(" ")
        if space > 0:
            head = head[:space]
    return head.rstrip()
