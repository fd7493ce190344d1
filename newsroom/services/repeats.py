"""Repeated claims: what the similarity found for each claim of the queue (kept by
assistant.matching, which sits above the newsroom and calls these by name), and an
editor's "same claim", which copies the earlier review with a history entry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.pagecache import article_page_forget

from ..models import QUEUE_COUNTS, ClaimReview, ClaimReviewChange
from ..permissions import require_editor
from .claims import claim_review_update, evidence_add


@dataclass(frozen=True, slots=True)
class ClaimMatches:
    """A claim's similar claims in the queue: how many, the best one that seems the
    same claim, and the best of those that was reviewed ("checked before")."""

    similar_count: int = 0
    top_match_id: int | None = None
    earlier_match_id: int | None = None


@transaction.atomic
def claim_matches_record(*, found: Mapping[int, ClaimMatches]) -> int:
    """Store the similarity's findings on the reviews (by review id), writing only
    the rows that changed; returns how many changed. No permission: nobody asks
    for it, the matching index's upkeep does, and readers never see these columns."""
    current = {
        pk: ClaimMatches(n, top, earlier)
        for pk, n, top, earlier in ClaimReview.objects.filter(pk__in=found).values_list(
            "pk", "similar_count", "top_match_id", "earlier_match_id"
        )
    }
    changed = 0
    for pk, matches in found.items():
        if pk in current and current[pk] != matches:
            ClaimReview.objects.filter(pk=pk).update(
                similar_count=min(matches.similar_count, 32767),
                top_match_id=matches.top_match_id,
                earlier_match_id=matches.earlier_match_id,
            )
            changed += 1
    if changed:
        # QuerySet.update() sends no signal: the "checked before" counts move.
        QUEUE_COUNTS.forget()
    return changed


def _same_claim_entry(review: ClaimReview, editor: Any, *, old: str, new: str) -> None:
    ClaimReviewChange.objects.create(
        review=review,
        editor=editor,
        field=ClaimReviewChange.Field.SAME_CLAIM,
        old_value=old,
        new_value=new,
    )


def _label(review: ClaimReview) -> str:
    return f"نُسخت المراجعة من الادعاء {review.pk}"


@transaction.atomic
def claim_review_copy(*, review: ClaimReview, earlier: ClaimReview, editor: Any) -> ClaimReview:
    """``review`` is the same claim as ``earlier``: copy the earlier status, verdict,
    rationale and evidence onto it (each copied field with its own history row, all
    of it editable afterwards like any review), and record the copy in the history.
    ``same_as`` points at the first claim of the group, so repeats of ``review``
    follow it there."""
    require_editor(editor)
    if review.pk == earlier.pk:
        raise ValidationError({"earlier": ["لا يمكن ربط الادعاء بنفسه."]})
    first = earlier.same_as_id or earlier.pk
    if first == review.pk:
        raise ValidationError({"earlier": ["هذا الادعاء مربوط بالفعل بهذا الادعاء."]})
    locked = ClaimReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    old = f"الادعاء {locked.same_as_id}" if locked.same_as_id else ""
    ClaimReview.objects.filter(pk=review.pk).update(same_as_id=first)
    ClaimReview.objects.filter(same_as_id=review.pk).update(same_as_id=first)
    _same_claim_entry(review, editor, old=old, new=_label(earlier))
    claim_review_update(
        annotation=review.annotation,
        editor=editor,
        status=earlier.status,
        verdict=earlier.verdict,
        rationale=earlier.rationale,
    )
    have = set(review.evidence.values_list("url", flat=True))
    for source in earlier.evidence.all():
        if source.url not in have:
            evidence_add(
                annotation=review.annotation, editor=editor, title=source.title, url=source.url
            )
    review.refresh_from_db()
    return review


@transaction.atomic
def claim_review_uncopy(*, review: ClaimReview, editor: Any) -> ClaimReview:
    """Undo "same claim": the claim leaves its group; the copied review stays, its own now."""
    require_editor(editor)
    locked = ClaimReview.objects.select_for_update(of=("self",)).get(pk=review.pk)
    if locked.same_as_id is not None:
        ClaimReview.objects.filter(pk=review.pk).update(same_as=None)
        _same_claim_entry(
            review, editor, old=f"الادعاء {locked.same_as_id}", new="أزيل الربط؛ بقيت المراجعة"
        )
        # Speaker pages group repeats by the link (their cache follows annotation pages).
        article_page_forget(article_ids=[review.annotation.article_id])
    review.refresh_from_db()
    return review
