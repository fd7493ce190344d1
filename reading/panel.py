"""The annotations on an article page: marks drawn in the text and the panel of cards.

Used by reading.views.article.article_detail and by the annotation views that redraw
the text and panel after a change. Reads only; a constant number of queries
whatever the number of annotations.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from annotations.models import Annotation, Reply
from annotations.rendering import Paragraph, Span, render_paragraphs
from articles import text
from articles.models import Article
from assistant.models import Suggestion
from assistant.rendering import InlineSuggestion, SuggestionLayer
from newsroom.cards import published_verdicts
from newsroom.permissions import is_editor

KINDS = Annotation.Kind
DETACHED = Annotation.Anchoring.DETACHED
PANEL_PAGE_SIZE = 10


@dataclass
class PanelFilter:
    kind: str = ""
    mine: bool = False
    # Query strings for the filter links, each keeping the other filter.
    links: dict = field(default_factory=dict)

    @property
    def query(self) -> str:
        params = {"kind": self.kind, "who": "mine" if self.mine else ""}
        return urlencode({key: value for key, value in params.items() if value})


def _panel_filter(request: HttpRequest) -> PanelFilter:
    kind = request.GET.get("kind", "")
    if kind not in KINDS.values:
        kind = ""
    mine = request.user.is_authenticated and request.GET.get("who") == "mine"

    def link(**params: str) -> str:
        return "?" + urlencode({k: v for k, v in params.items() if v})

    who = "mine" if mine else ""
    links = {
        "kinds": [("", "الكل", link(who=who))]
        + [(value, label, link(kind=value, who=who)) for value, label in KINDS.choices],
        "all": link(kind=kind),
        "mine": link(kind=kind, who="mine"),
    }
    return PanelFilter(kind=kind, mine=mine, links=links)


@dataclass(frozen=True, slots=True)
class _Row:
    """What drawing one annotation needs; no model instance (cheap for hundreds)."""

    pk: int
    start: int
    end: int
    kind: str
    author_id: int
    detached: bool


def _rows(request: HttpRequest, article: Article, *, shared: bool = False) -> list[_Row]:
    # shared: what every reader may see, whoever asks (a page kept for many readers).
    viewer = AnonymousUser() if shared else request.user
    rows = (
        Annotation.objects.filter(article=article)
        .visible_to(viewer)
        .values_list("pk", "start", "end", "kind", "author_id", "anchoring", "anchored_version")
    )
    result = [
        # Every text change re-anchors in the same transaction (the article services), so
        # offsets for another text version can only be a write that went around them:
        # such an annotation is listed as detached, never drawn where it may not belong.
        _Row(pk, start, end, kind, author_id, state == DETACHED or version != article.text_version)
        for pk, start, end, kind, author_id, state, version in rows
    ]
    result.sort(key=lambda row: (row.start, row.end, row.pk))
    return result


def attach_replies(annotations: list[Annotation]) -> None:
    """Set ``visible_replies`` on each annotation: one query for all of them."""
    groups: dict[int, list[Reply]] = defaultdict(list)
    if annotations:
        for reply in (
            Reply.objects.filter(annotation__in=annotations, hidden_at__isnull=True)
            .select_related("author")
            .order_by("created", "id")
        ):
            groups[reply.annotation_id].append(reply)
    for annotation in annotations:
        annotation.visible_replies = groups.get(annotation.pk, [])


def load_cards(pks: list[int]) -> list[Annotation]:
    by_pk = Annotation.objects.select_related("author").in_bulk(pks)
    cards = [by_pk[pk] for pk in pks if pk in by_pk]
    attach_replies(cards)
    return cards


#: Marks drawn for one set of spans; the key holds everything the drawing depends on.
MARKS_CACHE_SECONDS = 3600


def drawn_paragraphs(article: Article, spans: list[Span], described: set[int]) -> list[Paragraph]:
    """render_paragraphs of the article's text, drawn once per (text, spans, cards on the
    panel page) and kept in the cache: a page with 200 annotations otherwise spends a few
    milliseconds drawing the same marks for every reader. The key is a digest of all
    that the drawing reads (the text itself, each span's id, offsets, kind and verdict,
    the described ids), so no write needs to forget it: a change is another key."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(article.body.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(
        ";".join(f"{s.id},{s.start},{s.end},{s.kind},{s.verdict}" for s in spans).encode()
    )
    digest.update(b"\x00")
    digest.update(",".join(map(str, sorted(described))).encode())
    key = f"article-marks:{article.pk}:{digest.hexdigest()}"
    paragraphs = cache.get(key)
    if paragraphs is None:
        paragraphs = render_paragraphs(article.body, spans, described=described)
        cache.set(key, paragraphs, MARKS_CACHE_SECONDS)
    return paragraphs


def article_annotations(
    request: HttpRequest, article: Article, *, around: int | None = None, shared: bool = False
) -> dict:
    """Context for the article page: paragraphs with marks and the panel.

    Every visible annotation is drawn in the text; the panel lists them in
    reading order, a page of PANEL_PAGE_SIZE cards at a time (the page holding
    ``around``, or ?around=, if given), so the page costs the same to render
    with 10 or 1,000 annotations. Filters narrow the panel only. At most four
    queries, whatever the number of annotations. ``shared``: only what every reader may
    see (public, not hidden), for a page kept for many signed-in readers.
    """
    rows = _rows(request, article, shared=shared)
    panel_filter = _panel_filter(request)
    drawn = [row for row in rows if not row.detached]
    listed = [
        row.pk
        for row in drawn
        if (not panel_filter.kind or row.kind == panel_filter.kind)
        and (not panel_filter.mine or row.author_id == request.user.pk)
    ]
    if around is None and request.GET.get("around", "").isdigit():
        around = int(request.GET["around"])
    paginator = Paginator(listed, PANEL_PAGE_SIZE)
    number: str | int | None = request.GET.get("panel")
    if around in listed:
        number = listed.index(around) // PANEL_PAGE_SIZE + 1
    panel_page = paginator.get_page(number)
    detached = [
        row.pk
        for row in rows
        if row.detached and (not panel_filter.mine or row.author_id == request.user.pk)
    ]
    cards = load_cards([*panel_page.object_list, *detached])
    on_page = set(panel_page.object_list)
    # Published verdicts are drawn in the text; the cards' {% newsroom_card %} reads the
    # same request cache, so this costs no query of its own, and none without claims.
    verdicts = (
        published_verdicts(request, article.pk) if any(r.kind == "claim" for r in drawn) else {}
    )
    suggestions = _suggestions(request, article)
    spans = [Span(row.pk, row.start, row.end, row.kind, verdicts.get(row.pk)) for row in drawn]
    if suggestions:
        paragraphs = render_paragraphs(
            article.body,
            spans,
            described=on_page,
            layer=_suggestion_layer(article, suggestions),
        )
    else:
        paragraphs = drawn_paragraphs(article, spans, on_page)
    for paragraph in paragraphs:
        # annotations.rendering escapes every piece of text it outputs.
        object.__setattr__(paragraph, "html", mark_safe(paragraph.html))

    def page_link(n: int) -> str:
        return "?" + "&".join(filter(None, [panel_filter.query, f"panel={n}"]))

    return {
        "annotated_paragraphs": paragraphs,
        # The browser joins the paragraphs with it to compute offsets (annotate.js).
        "paragraph_separator": text.PARAGRAPH_SEPARATOR,
        "annotations": [card for card in cards if card.pk in on_page],
        "detached_annotations": [card for card in cards if card.pk not in on_page],
        "annotations_total": len(rows),
        # Kinds anywhere on the article, not only on this panel page: the newsroom's
        # ClaimReview JSON-LD looks here for claims (newsroom.templatetags).
        "annotation_kinds_present": {row.kind for row in rows},
        "annotations_listed": len(listed),
        "panel_page": panel_page,
        "panel_prev": (
            page_link(panel_page.previous_page_number()) if panel_page.has_previous() else ""
        ),
        "panel_next": page_link(panel_page.next_page_number()) if panel_page.has_next() else "",
        "panel_filter": panel_filter,
        "annotation_kinds": KINDS.choices,
        # The selection toolbar posts the fields of forms.AnnotationCreateForm.
        "can_annotate": request.user.is_authenticated,
        # The assistant's pending suggestions: None for readers (nothing shown at all).
        "suggestions": suggestions,
    }


def _suggestions(request: HttpRequest, article: Article) -> list[Suggestion] | None:
    """The assistant's pending suggestions, for editors only: one query."""
    if not is_editor(request.user):
        return None
    return list(
        Suggestion.objects.pending()
        .filter(article=article)
        .select_related("speaker")
        .order_by("start", "-end")
    )


def _label(suggestion: Suggestion) -> str:
    if suggestion.kind == Suggestion.Kind.QUOTE:
        speaker = suggestion.speaker.name if suggestion.speaker else suggestion.speaker_name
        return f"اقتباس مقترح · {speaker}" if speaker else "اقتباس مقترح"
    return f"ادعاء مقترح · {number_format(suggestion.score, 2)}"


def _suggestion_layer(article: Article, suggestions: list[Suggestion]) -> SuggestionLayer:
    # Offsets measured on another text version are listed, never drawn where they may
    # not belong (like detached annotations).
    return SuggestionLayer(
        article.body,
        [
            InlineSuggestion(s.pk, s.kind, s.start, s.end, _label(s))
            for s in suggestions
            if s.text_version == article.text_version
        ],
    )
