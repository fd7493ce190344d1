"""schema.org ClaimReview data for reviewed claims (https://schema.org/ClaimReview)."""

from __future__ import annotations

from django.conf import settings

from annotations.models import Annotation

from .models import ClaimReview, Speaker, Verdict

CLAIM_REVIEWED_MAX = 75


def shorten(text: str, limit: int = CLAIM_REVIEWED_MAX) -> str:
    """At most ``limit`` characters, cut between words, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def speaker_of(review: ClaimReview) -> Speaker | None:
    """The attributed speaker, from select_related("annotation__attribution__speaker")."""
    attribution = getattr(review.annotation, "attribution", None)
    return attribution.speaker if attribution else None


def is_public(review: ClaimReview) -> bool:
    """Readers and search engines see it: reviewed, public, not hidden."""
    annotation = review.annotation
    return (
        review.is_published
        and annotation.kind == Annotation.Kind.CLAIM
        and annotation.is_shown_to_everyone
    )


def claim_review_data(
    review: ClaimReview, *, base_url: str, speaker: Speaker | None = None
) -> dict:
    """``base_url`` is the site root without a trailing slash (request.build_absolute_uri("/"))."""
    article = review.article
    article_url = base_url + article.get_absolute_url()
    item: dict = {
        "@type": "Claim",
        "appearance": {"@type": "NewsArticle", "url": article_url, "headline": article.title},
    }
    if speaker is not None:
        item["author"] = {
            "@type": "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization",
            "name": speaker.name,
        }
    date = review.reviewed_at or review.updated_at
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{article_url}#{review.annotation.anchor_id}",
        "claimReviewed": shorten(review.annotation.exact),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": review.verdict,
            "bestRating": max(Verdict.values),
            "worstRating": min(Verdict.values),
            "alternateName": Verdict(review.verdict).label if review.verdict else "",
        },
        "datePublished": date.date().isoformat(),
        "author": {
            "@type": "Organization",
            "name": settings.NEWSREADER_SITE_NAME,
            "url": base_url + "/",
        },
    }
