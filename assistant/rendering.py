"""An article's text with its suggestions marked, as segments a template can draw.
Pure Python: overlapping suggestions (a quotation inside a claim) split the text into
segments, each carrying every suggestion that covers it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    #: (id, kind) of the suggestions covering this segment, outermost first.
    marks: tuple[tuple[int, str], ...]


def paragraphs_with_marks(body: str, spans: list[tuple[int, str, int, int]]) -> list[list[Segment]]:
    """``spans`` are (id, kind, start, end) on ``body``; returns paragraphs of segments."""
    result: list[list[Segment]] = []
    offset = 0
    for paragraph in body.split("\n\n"):
        p_start, p_end = offset, offset + len(paragraph)
        inside = [
            (sid, kind, max(s, p_start), min(e, p_end))
            for sid, kind, s, e in spans
            if s < p_end and e > p_start
        ]
        cuts = sorted({p_start, p_end, *(s for *_, s, _ in inside), *(e for *_, e in inside)})
        segments = []
        for a, b in itertools.pairwise(cuts):
            if a >= b:
                continue
            covering = sorted(
                ((sid, kind, s, e) for sid, kind, s, e in inside if s <= a and e >= b),
                key=lambda m: (m[2], -m[3]),
            )
            segments.append(Segment(body[a:b], tuple((sid, kind) for sid, kind, *_ in covering)))
        result.append(segments)
        offset = p_end + 2
    return result
