"""The canonical text of an article: its paragraphs joined by a fixed separator.

Annotations measure their offsets on this text, so the separator and the
paragraph rules here must never change without re-anchoring every annotation.
Django-free.
"""

import re

PARAGRAPH_SEPARATOR = "\n\n"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_paragraphs(text: str) -> list[str]:
    """Split text on blank lines into paragraphs, trimming each and dropping empties.

    Lines inside a paragraph keep their order; trailing spaces and tabs at the
    end of every line are removed (they are layout noise, not content).
    """
    text = normalise_newlines(text)
    text = "\n".join(line.rstrip(" \t\f\v") for line in text.split("\n"))
    blocks = re.split(r"\n(?:[ \t\f\v\u00a0]*\n)+", text)
    return [block.strip() for block in blocks if block.strip()]


def join_paragraphs(paragraphs: list[str]) -> str:
    return PARAGRAPH_SEPARATOR.join(paragraphs)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every paragraph in the canonical text ``body``."""
    spans = []
    start = 0
    for paragraph in body.split(PARAGRAPH_SEPARATOR):
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return spans


def word_count(text: str) -> int:
    return len(text.split())
