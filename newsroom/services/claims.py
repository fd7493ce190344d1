"""Claim review: the queue row of every claim, its review (status, verdict, rationale,
assignee), evidence and history. Each write checks permission, validates, and records
its history in the same transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from annotations.models import Annotation
from articles.models import Article
from core.pagecache import article_page_forget
from core.publicurl import public_url_problem

from ..models import (
    QUEUE_COUNTS,
    ClaimReview,
    ClaimReviewChange,
    EvidenceSource,
    ReviewStatus,
    Verdict,
)
from ..permissions import EDITORS_GROUP, is_editor, require_editor

REVIEW_FIELDS = ("status", "verdict", "rationale", "assignee")
validate_url = URLValidator(
    schemes=["http", "https"], message="أدخل رابطًا صحيحًا يبدأ بـ http أو https."
)


def editors_queryset() -> QuerySet:
    """Users a claim can be assigned to: the editors group and staff."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=EDITORS_GROUP) | Q(is_staff=True), is_active=True)
        .distinct()
        .order_by("username")
    )


# --- The queue row ---------------------------------------------------------------


def _in_queue(annotation: Annotation) -> bool:
    """The queue lists public claims that are not hidden."""
    return annotation.kind == Annotation.Kind.CLAIM and annotation.is_shown_to_everyone


def _review_defaults(annotation: Annotation) -> dict[str, Any]:
    """The copied fields of a new review row."""
    article = annotation.article
    return {
        "article_id": article.pk,
        "section_id": article.section_id,
        "publisher_id": article.publisher_id,
        "claimed_at": annotation.created,
        "in_queue": _in_queue(annotation),
    }


def claim_queue_sync(*, annotation: Annotation) -> None:
    """Keep the claim's review row in step with its annotation: created with the claim,
    ``in_queue`` following its kind, visibility and moderation. An annotation that was
    a claim before an edit keeps its review, out of the queue. Called by every service
    that creates or changes an annotation (newsroom.services.annotations, moderation)."""
    if annotation.kind == Annotation.Kind.CLAIM:
        ClaimReview.objects.update_or_create(
            annotation=annotation,
            create_defaults=_review_defaults(annotation),
            defaults={"in_queue": _in_queue(annotation)},
        )
    elif ClaimReview.objects.filter(annotation=annotation, in_queue=True).update(in_queue=False):
        # QuerySet.update() sends no signal: start a new count generation here.
        QUEUE_COUNTS.forget()


def claims_follow_article(*, article: Article) -> None:
    """After an article moves to another section or publisher, its claims' copies follow
    (the queue filters on its own copies, never joining the articles table)."""
    if (
        ClaimReview.objects.filter(article=article)
        .exclude(section_id=article.section_id, publisher_id=article.publisher_id)
        .update(section_id=article.section_id, publisher_id=article.publisher_id)
    ):
        QUEUE_COUNTS.forget()


# --- Review ----------------------------------------------------------------------


def _display(field: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if field == "status":
        return ReviewStatus(value).label
    if field == "verdict":
        return Verdict(value).label
    if field == "assignee":
        return value.get_username()
    return str(value)


def claim_review_for(*, annotation: Annotation) -> ClaimReview:
    """The review of a claim annotation, created on first use."""
    if annotation.kind != Annotation.Kind.CLAIM:
        raise ValidationError("هذا التعليق التوضيحي ليس ادعاءً.")
    review, _ = ClaimReview.objects.get_or_create(
        annotation=annotation,
        defaults=_review_defaults(annotation),
    )
    return review


UNREVIEWED_WITH_VERDICT = "لا حكم لادعاء «لم يراجع»: اختر حالة المراجعة أولًا أو احذف الحكم."


def _validate_review_changes(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(REVIEW_FIELDS)
    if unknown:
        raise ValueError(f"Unknown claim review fields: {', '.join(sorted(unknown))}")
    errors: dict[str, str] = {}
    cleaned = dict(changes)
    if "status" in cleaned and cleaned["status"] not in ReviewStatus.values:
        errors["status"] = "اختر حالة مراجعة صحيحة."
    if "verdict" in cleaned:
        verdict = cleaned["verdict"]
        if verdict in ("", None):
            cleaned["verdict"] = None
        else:
            try:
                cleaned["verdict"] = Verdict(int(verdict)).value
            except (TypeError, ValueError):
                errors["verdict"] = "اختر حكمًا صحيحًا."
    if "rationale" in cleaned:
        cleaned["rationale"] = cleaned["rationale"] or ""
    if (
        "assignee" in cleaned
        and cleaned["assignee"] is not None
        and not is_editor(cleaned["assignee"])
    ):
        errors["assignee"] = "لا يُكلَّف بالمراجعة إلا محرر."
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def claim_review_update(*, annotation: Annotation, editor: Any, **changes: Any) -> ClaimReview:
    """Set any of status, verdict, rationale, assignee on a claim, recording one history
    row per field that actually changed. Raises PermissionDenied for non-editors and
    ValidationError (per field, in Arabic) for bad values."""
    require_editor(editor)
    cleaned = _validate_review_changes(changes)
    review = claim_review_for(annotation=annotation)
    # Lock the row: two editors saving at once must not lose each other's history.
    locked = ClaimReview.objects.select_for_update(of=("self",)).select_related("assignee")
    review = locked.get(pk=review.pk)
    history = []
    for field, new in cleaned.items():
        old = getattr(review, field)
        if field == "assignee":
            if (old.pk if old else None) == (new.pk if new else None):
                continue
        elif old == new:
            continue
        setattr(review, field, new)
        history.append(
            ClaimReviewChange(
                review=review,
                editor=editor,
                field=field,
                old_value=_display(field, old),
                new_value=_display(field, new),
            )
        )
    if review.status == ReviewStatus.UNREVIEWED and review.verdict is not None:
        # A verdict is the outcome of a review: «لم يراجع» with one contradicts itself,
        # whichever path (queue row, claim page, admin, API) asks for it.
        field = "verdict" if "verdict" in cleaned else "status"
        raise ValidationError({field: UNREVIEWED_WITH_VERDICT})
    if not history:
        return review
    if review.status == ReviewStatus.REVIEWED and review.reviewed_at is None:
        review.reviewed_at = timezone.now()
    elif review.status != ReviewStatus.REVIEWED:
        review.reviewed_at = None
    review.save()
    ClaimReviewChange.objects.bulk_create(history)
    # The card's verdict and the page's ClaimReview JSON-LD.
    article_page_forget(article_ids=[annotation.article_id])
    return review


@transaction.atomic
def evidence_add(*, annotation: Annotation, editor: Any, title: str, url: str) -> EvidenceSource:
    require_editor(editor)
    title, url = title.strip(), url.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["اكتب عنوان المصدر."]
    try:
        validate_url(url)
    except ValidationError as exc:
        errors["url"] = exc.messages
    else:
        if problem := public_url_problem(url):
            errors["url"] = [problem]
    if errors:
        raise ValidationError(errors)
    review = claim_review_for(annotation=annotation)
    source = EvidenceSource(review=review, title=title, url=url, added_by=editor)
    source.full_clean()
    source.save()
    ClaimReviewChange.objects.create(
        review=review,
        editor=editor,
        field=ClaimReviewChange.Field.EVIDENCE,
        old_value="",
        new_value=str(source),
    )
    article_page_forget(article_ids=[annotation.article_id])
    return source


@transaction.atomic
def evidence_remove(*, evidence: EvidenceSource, editor: Any) -> None:
    require_editor(editor)
    ClaimReviewChange.objects.create(
        review=evidence.review,
        editor=editor,
        field=ClaimReviewChange.Field.EVIDENCE,
        old_value=str(evidence),
        new_value="",
    )
    evidence.delete()
    article_page_forget(article_ids=[evidence.review.annotation.article_id])
