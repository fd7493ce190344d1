"""Draw annotations into an article's paragraphs as flat ``<mark>`` segments. No Django.

Overlapping and nested ranges cannot be drawn with nested elements without
breaking them apart anyway, so the text is split at every annotation boundary
and each segment carries the set of annotations covering it. Paragraph bounds
are boundaries too, so a range across paragraphs is drawn in each of them.
Every piece of text is HTML-escaped here; the result is safe markup.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Protocol

from articles.text import PARAGRAPH_SEPARATOR


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    start: int
    end: int
    kind: str
    # A claim's published verdict (newsroom Verdict value, 1-5), None otherwise.
    verdict: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    spans: tuple[Span, ...]  # covering this segment, in reading order


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based, matches <p id="p-N">
    start: int  # offset of the paragraph in the canonical text
    end: int
    html: str


class Layer(Protocol):
    """Another set of ranges drawn around the annotations' marks (the assistant's
    suggestions, for editors): it adds its cut points and composes each paragraph
    from the escaped pieces between cuts."""

    def cuts(self) -> Iterable[int]: ...

    def draw(self, start: int, end: int, pieces: list[tuple[int, int, str]]) -> str:
        """The HTML of the paragraph [start, end) from its (start, end, html) pieces."""
        ...


def paragraph_bounds(text: str, separator: str = PARAGRAPH_SEPARATOR) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for paragraph in text.split(separator) if text else []:
        bounds.append((start, start + len(paragraph)))
        start += len(paragraph) + len(separator)
    return bounds


def segment(length: int, spans: Iterable[Span], cuts: Iterable[int] = ()) -> list[Segment]:
    """Split [0, length) at every span boundary and every cut; each segment
    lists the spans covering it. Spans outside the text or empty are ignored."""
    starts: dict[int, list[Span]] = defaultdict(list)
    ends: dict[int, list[Span]] = defaultdict(list)
    points = {0, length, *cuts}
    for span in spans:
        if 0 <= span.start < span.end <= length:
            starts[span.start].append(span)
            ends[span.end].append(span)
            points.add(span.start)
            points.add(span.end)
    ordered = sorted(p for p in points if 0 <= p <= length)
    active: dict[int, Span] = {}
    result = []
    for here, following in itertools.pairwise(ordered):
        for span in ends.get(here, ()):
            active.pop(span.id, None)
        for span in starts.get(here, ()):
            active[span.id] = span
        covering = tuple(sorted(active.values(), key=lambda s: (s.start, s.end, s.id)))
        result.append(Segment(here, following, covering))
    return result


def _mark(
    text: str, seg: Segment, first_of: Sequence[Span], described: Container[int] | None
) -> str:
    kinds = sorted({span.kind for span in seg.spans})
    classes = ["anno", *(f"anno--{escape(kind)}" for kind in kinds)]
    verdicts = sorted({span.verdict for span in seg.spans if span.verdict is not None})
    classes += [f"anno--verdict-{int(verdict)}" for verdict in verdicts]
    if len(seg.spans) > 1:
        classes.append("anno--overlap")
    ids = " ".join(str(span.id) for span in seg.spans)
    cards = " ".join(
        f"card-{span.id}" for span in seg.spans if described is None or span.id in described
    )
    attrs = [f'class="{" ".join(classes)}"', f'data-annotations="{ids}"']
    if verdicts:
        attrs.append(f'data-verdict="{" ".join(str(int(v)) for v in verdicts)}"')
    # The verdict's sign is drawn (by CSS, outside the text) once, after the claim's
    # last segment, so that the mark's style is not the only cue.
    ending = [s.verdict for s in seg.spans if s.verdict is not None and s.end == seg.end]
    if ending:
        attrs.append(f'data-verdict-end="{int(ending[-1])}"')
    if cards:
        attrs.append(f'aria-describedby="{cards}"')
    anchors = ""
    if first_of:
        # The permalink target (#annotation-N) is the first segment of each
        # annotation; the mark can hold one id, extra ones get empty anchors.
        attrs.insert(0, f'id="annotation-{first_of[0].id}"')
        attrs.append('tabindex="0"')
        anchors = "".join(
            f'<span class="anno-anchor" id="annotation-{span.id}"></span>' for span in first_of[1:]
        )
    return f"{anchors}<mark {' '.join(attrs)}>{escape(text, quote=False)}</mark>"


def render_paragraphs(
    text: str,
    spans: Iterable[Span],
    separator: str = PARAGRAPH_SEPARATOR,
    *,
    described: Container[int] | None = None,
    layer: Layer | None = None,
) -> list[Paragraph]:
    """The paragraphs of ``text`` as HTML with every span drawn as marks.

    Marks point at their cards (aria-describedby="card-N") for the ids in
    ``described`` (all when None): cards not on the page are not referenced.
    """
    bounds = paragraph_bounds(text, separator)
    cuts = [offset for bound in bounds for offset in bound]
    if layer is not None:
        cuts.extend(layer.cuts())
    segments = segment(len(text), spans, cuts)
    started: set[int] = set()
    paragraphs = []
    index = 0
    for number, (p_start, p_end) in enumerate(bounds, start=1):
        parts: list[tuple[int, int, str]] = []
        while index < len(segments) and segments[index].start < p_start:
            index += 1  # the separator between paragraphs is never drawn
        while index < len(segments) and segments[index].end <= p_end:
            seg = segments[index]
            index += 1
            piece = text[seg.start : seg.end]
            if not seg.spans:
                parts.append((seg.start, seg.end, escape(piece, quote=False)))
                continue
            first_of = [span for span in seg.spans if span.id not in started]
            started.update(span.id for span in first_of)
            parts.append((seg.start, seg.end, _mark(piece, seg, first_of, described)))
        html = (
            layer.draw(p_start, p_end, parts)
            if layer is not None
            else "".join(html for *_, html in parts)
        )
        paragraphs.append(Paragraph(number, p_start, p_end, html))
    return paragraphs
