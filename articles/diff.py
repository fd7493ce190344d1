"""Word-level difference between two texts of an article. Pure Python, no Django.

difflib's SequenceMatcher over the words (whitespace kept with the word before
it, so joining the pieces gives either text back exactly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

_TOKEN_RE = re.compile(r"\S+\s*|\s+")

Op = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Piece:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """Pieces in reading order: equal words, deleted ones (from ``old``) and
    inserted ones (from ``new``); a replacement is a deletion then an insertion."""
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", "".join(b[j1:j2])))
    return pieces
