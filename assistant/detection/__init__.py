"""The editor's assistant's detector: quotations with their speakers and
check-worthy claims in an article's canonical text. Pure Python, Django-free.

    >>> result = detect(text)
    >>> result.quotes[0].text == text[result.quotes[0].start : result.quotes[0].end]
    True

Every offset is into the text given, which is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .claims import THRESHOLD, Claim, find_claims, score_sentence
from .quotes import Quote, find_quotes
from .sentences import split_sentences

__all__ = [
    "THRESHOLD",
    "Claim",
    "Detection",
    "Quote",
    "detect",
    "score_sentence",
    "split_sentences",
]


@dataclass(frozen=True, slots=True)
class Detection:
    quotes: list[Quote]
    claims: list[Claim]


def detect(text: str) -> Detection:
    """Quotations and claim candidates in ``text`` (paragraphs joined by blank lines)."""
    return Detection(quotes=find_quotes(text), claims=find_claims(text))
