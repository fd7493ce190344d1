"""Newsroom pieces for other apps' templates: {% load newsroom %}."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.templatetags.reading import jsonld

from .. import jsonld as claim_jsonld
from ..models import ClaimReview, is_editor

register = template.Library()


def _base_url(context) -> str:
    return context["request"].build_absolute_uri("/").rstrip("/")


@register.simple_tag(takes_context=True)
def claim_reviews_jsonld(context, article) -> SafeString:
    """<script type="application/ld+json"> with a ClaimReview for every reviewed public
    claim of ``article`` (one query), or nothing when there is none. For the <head>."""
    base = _base_url(context)
    data = [claim_jsonld.claim_review_data(r, base_url=base) for r in claim_jsonld.published_reviews(article)]
    if not data:
        return SafeString("")
    return format_html('<script type="application/ld+json">{}</script>', jsonld(data))


@register.simple_tag(takes_context=True)
def claim_review_jsonld(context, review: ClaimReview) -> SafeString:
    if not review.is_published:
        return SafeString("")
    data = claim_jsonld.claim_review_data(review, base_url=_base_url(context))
    return format_html('<script type="application/ld+json">{}</script>', jsonld(data))


@register.filter
def can_review(user) -> bool:
    """{% if user|can_review %}: editors and staff."""
    return is_editor(user)
