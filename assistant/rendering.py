"""An article's text with its suggestions marked. Pure Python.

For the review page: segments a template can draw (overlapping suggestions, a
quotation inside a claim, split the text; each segment carries every suggestion that
covers it). For the article page: a layer drawn around the annotations' marks."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from html import escape


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


# --- Inline, on the article page (editors only) ----------------------------------------


@dataclass(frozen=True, slots=True)
class InlineSuggestion:
    id: int
    kind: str  # "quote" or "claim"
    start: int
    end: int
    #: Shown by CSS before the text (kind, speaker or score); never part of the text.
    label: str


def _in_word(char: str) -> bool:
    # Letters, digits, tatweel and the Arabic diacritics (category M*) hold a word together.
    return char.isalnum() or unicodedata.category(char).startswith("M")


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The range widened to whole words: drawing never cuts a word (nor its shaping)."""
    while 0 < start < len(text) and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while 0 < end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    return start, end


class SuggestionLayer:
    """Draws suggestions around the annotations' marks (annotations.rendering.Layer).

    Each suggestion is one ``<span class="sg sg--KIND">`` per paragraph wherever it
    can be (nested suggestions nest; only a partial overlap closes and reopens one), so
    its outline is drawn once around the whole range. Where it starts, a tag with its
    label and two buttons: they submit the suggestion's accept and reject forms in the
    page's suggestions list (``form="sg-accept-N"``), with htmx or without JavaScript.
    The tag holds no text node (the label is CSS content), so the paragraph's text, and
    the offsets annotate.js computes from it, are those of the article."""

    def __init__(self, text: str, suggestions: list[InlineSuggestion]) -> None:
        snapped = []
        for s in suggestions:
            if 0 <= s.start < s.end <= len(text):
                start, end = snap_to_words(text, s.start, s.end)
                snapped.append(InlineSuggestion(s.id, s.kind, start, end, s.label))
        self.suggestions = sorted(snapped, key=lambda s: (s.start, -s.end, s.id))
        self._tagged: set[int] = set()

    def cuts(self) -> list[int]:
        return [offset for s in self.suggestions for offset in (s.start, s.end)]

    @staticmethod
    def _open(s: InlineSuggestion, *, tagged: bool) -> str:
        kind = escape(s.kind)
        html = f'<span class="sg sg--{kind}" data-sg="{s.id}">'
        if tagged:
            label = escape(s.label)
            html += (
                f'<span class="sg-tag sg-tag--{kind}" data-label="{label}">'
                f'<button class="sg-tag__accept" type="submit" form="sg-accept-{s.id}"'
                f' aria-label="قبول {label}"></button>'
                f'<button class="sg-tag__reject" type="submit" form="sg-reject-{s.id}"'
                f' aria-label="رفض {label}"></button></span>'
            )
        return html

    def draw(self, start: int, end: int, pieces: list[tuple[int, int, str]]) -> str:
        here = [s for s in self.suggestions if s.start < end and s.end > start]
        stack: list[InlineSuggestion] = []
        out: list[str] = []
        for a, b, html in pieces:
            want = [s for s in here if s.start <= a and s.end >= b]
            keep = 0
            while keep < min(len(stack), len(want)) and stack[keep] is want[keep]:
                keep += 1
            out.append("</span>" * (len(stack) - keep))
            for s in want[keep:]:
                out.append(self._open(s, tagged=s.id not in self._tagged))
                self._tagged.add(s.id)
            stack = want
            out.append(html)
        out.append("</span>" * len(stack))
        return "".join(out)
