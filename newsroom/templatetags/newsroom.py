"""Newsroom pieces for other apps' templates: {% load newsroom %}."""

from __future__ import annotations

from django import template
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.templatetags.reading import jsonld

from .. import jsonld as claim_jsonld
from ..cards import article_cards as _article_cards
from ..cards import reviews_and_speakers as _reviews_and_speakers
from ..models import ClaimReview, Flag
from ..permissions import is_editor, may_reattach
from ..services import ATTRIBUTABLE_KINDS

register = template.Library()


def _base_url(context) -> str:
    return context["request"].build_absolute_uri("/").rstrip("/")


@register.simple_tag(takes_context=True)
def claim_reviews_jsonld(context, article) -> SafeString:
    """<script type="application/ld+json"> with a ClaimReview for every reviewed public
    claim of ``article``, or nothing when there is none. For the article page's <head>.

    On the article page it costs no query when the page has no claim, and shares the
    two queries of the cards ({% newsroom_card %}) otherwise."""
    if not _may_have_claims(context):
        return SafeString("")
    reviews, speakers = _article_cards(context.get("request"), article.pk)
    data = []
    base_url = _base_url(context)  # once, not per claim
    for review in sorted(reviews.values(), key=lambda r: (r.annotation.start, r.pk)):
        if claim_jsonld.is_public(review):
            review.article = article
            data.append(
                claim_jsonld.claim_review_data(
                    review, base_url=base_url, speaker=speakers.get(review.pk)
                )
            )
    if not data:
        return SafeString("")
    return format_html('<script type="application/ld+json">{}</script>', jsonld(data))


def _may_have_claims(context) -> bool:
    # The article page knows the kinds of every annotation the reader may see, not only
    # of the cards on this panel page (reading.panel.article_annotations): an article
    # without a claim needs no look-up. Elsewhere, look.
    kinds = context.get("annotation_kinds_present")
    return kinds is None or "claim" in kinds


@register.simple_tag(takes_context=True)
def claim_review_jsonld(context, review: ClaimReview) -> SafeString:
    if not claim_jsonld.is_public(review):
        return SafeString("")
    data = claim_jsonld.claim_review_data(
        review, base_url=_base_url(context), speaker=claim_jsonld.speaker_of(review)
    )
    return format_html('<script type="application/ld+json">{}</script>', jsonld(data))


@register.filter
def can_review(user) -> bool:
    """{% if user|can_review %}: editors and staff."""
    return is_editor(user)


@register.inclusion_tag("newsroom/_card_newsroom.html", takes_context=True)
def newsroom_card(context, annotation):
    """The newsroom's part of an annotation card: verdict badge, speaker, why it was
    hidden (author and staff only) and the flag/review links.
    Usage in the card: {% load newsroom %}{% newsroom_card annotation %}"""
    user = context.get("user")
    review = speaker = None
    if annotation.kind in ATTRIBUTABLE_KINDS:
        reviews, speakers = _article_cards(context.get("request"), annotation.article_id)
        review, speaker = reviews.get(annotation.pk), speakers.get(annotation.pk)
    signed_in = user is not None and user.is_authenticated
    can_flag = signed_in and annotation.visibility == "public" and annotation.author_id != user.pk
    flagged = can_flag and annotation.pk in _my_flags(context, annotation.article_id)[0]
    return {
        "annotation": annotation,
        "review": review,
        "speaker": speaker,
        "can_review": signed_in and annotation.visibility == "public" and is_editor(user),
        "can_flag": can_flag and not flagged,
        "flagged": flagged,
        # The claim's author learns that it waits for the newsroom; readers see nothing
        # until the review is published.
        "awaits_review": annotation.kind == "claim"
        and review is None
        and signed_in
        and annotation.author_id == user.pk,
        "sees_hidden_reason": signed_in
        and annotation.hidden_at is not None
        and (annotation.author_id == user.pk or user.is_staff),
    }


def _my_flags(context, article_id: int) -> tuple[set[int], set[int]]:
    """The annotations and the replies on ``article_id`` the reader flagged: one query
    per page, on the first card that could show a flag link."""
    request = context.get("request")
    loaded: dict[int, tuple[set[int], set[int]]] = getattr(request, "_newsroom_my_flags", {})
    if article_id not in loaded:
        annotations: set[int] = set()
        replies: set[int] = set()
        rows = Flag.objects.by(context.get("user")).on_article(article_id)
        for annotation_id, reply_id in rows.values_list("annotation_id", "reply_id"):
            (annotations if reply_id is None else replies).add(
                annotation_id if reply_id is None else reply_id
            )
        loaded[article_id] = (annotations, replies)
        if request is not None:
            request._newsroom_my_flags = loaded
    return loaded[article_id]


@register.simple_tag(takes_context=True)
def reply_flagged(context, reply, annotation) -> bool:
    """``{% reply_flagged reply annotation as flagged %}``: the reader flagged this reply
    (under ``annotation``) already."""
    return reply.pk in _my_flags(context, annotation.article_id)[1]


@register.inclusion_tag("newsroom/_summary.html", takes_context=True)
def newsroom_summary(context, annotation, among):
    """The verdict badge and speaker of ``annotation`` in a list that spans articles
    (my annotations). The reviews and speakers of every annotation in ``among`` (the
    page) are read on the first call: two queries for the whole list, none when it
    holds no claim or quote. Usage: {% newsroom_summary annotation among=page_obj %}"""
    request = context.get("request")
    loaded = getattr(request, "_newsroom_summaries", None)
    if loaded is None or annotation.pk not in loaded:
        ids = [a.pk for a in among if a.kind in ATTRIBUTABLE_KINDS]
        loaded = dict.fromkeys((a.pk for a in among), (None, None))
        if ids:
            reviews, speakers = _reviews_and_speakers(Q(annotation__in=ids))
            loaded.update({pk: (reviews.get(pk), speakers.get(pk)) for pk in ids})
        if request is not None:
            request._newsroom_summaries = loaded
    review, speaker = loaded.get(annotation.pk, (None, None))
    return {"annotation": annotation, "review": review, "speaker": speaker}


@register.simple_tag(takes_context=True)
def options(context, choices, selected, empty_label: str = "") -> SafeString:
    """<option>s for a queue row's <select>. The queue renders three selects on each of
    its 25 rows from the same choices, so each list is escaped once per page (in the
    render context) and only the selected mark is placed per row."""
    rendered = context.render_context.setdefault("newsroom_options", {})
    key = (id(choices), empty_label)
    if key not in rendered:
        items = [("", empty_label)] if empty_label else []
        items += [(value, label) for value, label in choices]
        rendered[key] = (
            choices,  # held so that id(choices) is not reused during this render
            [
                (
                    str(value),
                    format_html('<option value="{}"', value),
                    format_html(">{}</option>", label),
                )
                for value, label in items
            ],
        )
    chosen = "" if selected is None else str(selected)
    return SafeString(
        "".join(
            f"{start}{' selected' if value == chosen else ''}{end}"
            for value, start, end in rendered[key][1]
        )
    )


@register.filter
def can_reattach(annotation, user) -> bool:
    """``{% if annotation|can_reattach:user %}``: see permissions.may_reattach."""
    return may_reattach(user, annotation)
