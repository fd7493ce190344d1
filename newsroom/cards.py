"""What the newsroom adds to an article's annotations, read once per request: published
reviews (with their sources) and attributed speakers, keyed by annotation id.

The article page draws verdicts in the text (reading.panel) and on the cards
({% newsroom_card %}); both read the same request cache, so the page pays for these
queries once, and not at all when it shows no claim or quote."""

from __future__ import annotations

from django.core.cache import cache as django_cache
from django.db.models import Prefetch, Q
from django.http import HttpRequest

from core import pagecache

from .models import ClaimReview, EvidenceSource, QuoteAttribution, Speaker

#: What the cards, the verdict marks and the ClaimReview JSON-LD read of a review's claim
#: (newsroom.jsonld): not its context, comment or tags, which the page has already.
_CLAIM_FIELDS = ("id", "article", "kind", "start", "end", "exact", "visibility", "hidden_at")


def reviews_and_speakers(
    on: Q, *, with_sources: bool = False
) -> tuple[dict[int, ClaimReview], dict[int, Speaker]]:
    """Published reviews (with their claim and sources) and attributed speakers, keyed by
    annotation id, for the annotations ``on`` selects (a Q on the ``annotation`` field
    both models have): two queries, a third for the sources when a review is published.
    Only published reviews show (verdicts, ClaimReview data)."""
    return _reviews(on, with_sources=with_sources), _speakers(on)


def _reviews(on: Q, *, with_sources: bool = False) -> dict[int, ClaimReview]:
    # Only what the cards, marks and JSON-LD read of the claim (_CLAIM_FIELDS).
    reviews = (
        ClaimReview.objects.filter(on)
        .published()
        .select_related("annotation")
        .only(
            *(f.name for f in ClaimReview._meta.concrete_fields),
            *(f"annotation__{name}" for name in _CLAIM_FIELDS),
        )
    )
    if with_sources:  # the cards show them; lists of summaries do not
        reviews = reviews.prefetch_related(
            Prefetch("evidence", queryset=EvidenceSource.objects.order_by("added_at", "id"))
        )
    return {r.pk: r for r in reviews}


def _speakers(on: Q) -> dict[int, Speaker]:
    # Many quotes share a few speakers: one Speaker per speaker, not one model pair
    # (attribution and speaker) per quote.
    fields = [f.attname for f in Speaker._meta.concrete_fields]
    rows = QuoteAttribution.objects.filter(on).values_list(
        "annotation_id", *(f"speaker__{name}" for name in fields)
    )
    db = QuoteAttribution.objects.db
    speakers: dict[int, Speaker] = {}
    by_annotation: dict[int, Speaker] = {}
    for annotation_id, *values in rows:
        speaker = speakers.get(values[0])
        if speaker is None:
            speaker = speakers[values[0]] = Speaker.from_db(db, fields, values)
        by_annotation[annotation_id] = speaker
    return by_annotation


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
        cache[article_id] = (_published_reviews(article_id), _speakers(_on_article(article_id)))
    return cache[article_id]


def _on_article(article_id: int) -> Q:
    return Q(annotation__article_id=article_id)


def _published_reviews(article_id: int) -> dict[int, ClaimReview]:
    """The article's published reviews, kept per annotations version of the article
    (core.pagecache): every service that changes a review, its sources or its claim
    starts a new version, as for the cached page. Speakers are read each time (a
    renamed speaker starts no article version)."""
    key = f"article-reviews:{article_id}:{pagecache.article_page_version(article_id)}"
    reviews = django_cache.get(key)
    if reviews is None:
        reviews = _reviews(_on_article(article_id), with_sources=True)
        django_cache.set(key, reviews, pagecache.PAGE_CACHE_SECONDS)
    return reviews


def published_verdicts(request: HttpRequest, article_id: int) -> dict[int, int]:
    """{claim annotation id: verdict} of the article's published reviews."""
    reviews, _ = article_cards(request, article_id)
    return {pk: review.verdict for pk, review in reviews.items() if review.verdict is not None}
