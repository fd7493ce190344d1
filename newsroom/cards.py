"""What the newsroom adds to an article's annotations, read once per request: published
reviews (with their sources) and attributed speakers, keyed by annotation id.

The article page draws verdicts in the text (reading.panel) and on the cards
({% newsroom_card %}); both read the same request cache, so the page pays for these
queries once, and not at all when it shows no claim or quote."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import HttpRequest

from .models import ClaimReview, EvidenceSource, QuoteAttribution, Speaker


def reviews_and_speakers(
    on: Q, *, with_sources: bool = False
) -> tuple[dict[int, ClaimReview], dict[int, Speaker]]:
    """Published reviews (with their claim and sources) and attributed speakers, keyed by
    annotation id, for the annotations ``on`` selects (a Q on the ``annotation`` field
    both models have): two queries, a third for the sources when a review is published.
    Only published reviews show (verdicts, ClaimReview data)."""
    reviews = ClaimReview.objects.filter(on).published().select_related("annotation")
    if with_sources:  # the cards show them; lists of summaries do not
        reviews = reviews.prefetch_related(
            Prefetch("evidence", queryset=EvidenceSource.objects.order_by("added_at", "id"))
        )
    quotes = QuoteAttribution.objects.filter(on).select_related("speaker")
    return {r.pk: r for r in reviews}, {q.annotation_id: q.speaker for q in quotes}


def article_cards(
    request: HttpRequest | None, article_id: int
) -> tuple[dict[int, ClaimReview], dict[int, Speaker]]:
    """Reviews and speakers of every claim/quote on one article, loaded once per request
    however many marks and cards the page shows."""
    cache = getattr(request, "_newsroom_cards", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._newsroom_cards = cache  # type: ignore[attr-defined]
    if article_id not in cache:
        cache[article_id] = reviews_and_speakers(
            Q(annotation__article_id=article_id), with_sources=True
        )
    return cache[article_id]


def published_verdicts(request: HttpRequest, article_id: int) -> dict[int, int]:
    """{claim annotation id: verdict} of the article's published reviews."""
    reviews, _ = article_cards(request, article_id)
    return {pk: review.verdict for pk, review in reviews.items() if review.verdict is not None}
