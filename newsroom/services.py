"""Writes of the newsroom: each checks permission on the server, validates, and
records what it did (claim history, moderation log) in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import services as annotations_services
from annotations.models import Annotation

from .models import (
    ClaimReview,
    ClaimReviewChange,
    EvidenceSource,
    Flag,
    ModerationLog,
    QuoteAttribution,
    ReviewStatus,
    Speaker,
    Verdict,
    is_editor,
)
from .signals import review_defaults

REVIEW_FIELDS = ("status", "verdict", "rationale", "assignee")
ATTRIBUTABLE_KINDS = (Annotation.Kind.QUOTE, Annotation.Kind.CLAIM)
FLAG_REASON_MAX = 1000
validate_url = URLValidator(
    schemes=["http", "https"], message="أدخل رابطًا صحيحًا يبدأ بـ http أو https."
)


def _require_editor(user) -> None:
    if not is_editor(user):
        raise PermissionDenied("هذا الإجراء للمحررين فقط.")


def _require_staff(user) -> None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied("هذا الإجراء للمشرفين فقط.")


def editors_queryset():
    """Users a claim can be assigned to: the editors group and staff."""
    from django.db.models import Q

    from .models import EDITORS_GROUP

    return (
        get_user_model()
        .objects.filter(Q(groups__name=EDITORS_GROUP) | Q(is_staff=True), is_active=True)
        .distinct()
        .order_by("username")
    )


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
        defaults=review_defaults(annotation),
    )
    return review


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
    if "assignee" in cleaned and cleaned["assignee"] is not None:
        if not is_editor(cleaned["assignee"]):
            errors["assignee"] = "لا يُكلَّف بالمراجعة إلا محرر."
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def claim_review_update(*, annotation: Annotation, editor, **changes: Any) -> ClaimReview:
    """Set any of status, verdict, rationale, assignee on a claim, recording one history
    row per field that actually changed. Raises PermissionDenied for non-editors and
    ValidationError (per field, in Arabic) for bad values."""
    _require_editor(editor)
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
    if not history:
        return review
    if review.status == ReviewStatus.REVIEWED and review.reviewed_at is None:
        review.reviewed_at = timezone.now()
    elif review.status != ReviewStatus.REVIEWED:
        review.reviewed_at = None
    review.save()
    ClaimReviewChange.objects.bulk_create(history)
    return review


@transaction.atomic
def evidence_add(*, annotation: Annotation, editor, title: str, url: str) -> EvidenceSource:
    _require_editor(editor)
    title, url = title.strip(), url.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["اكتب عنوان المصدر."]
    try:
        validate_url(url)
    except ValidationError as exc:
        errors["url"] = exc.messages
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
    return source


@transaction.atomic
def evidence_remove(*, evidence: EvidenceSource, editor) -> None:
    _require_editor(editor)
    ClaimReviewChange.objects.create(
        review=evidence.review,
        editor=editor,
        field=ClaimReviewChange.Field.EVIDENCE,
        old_value=str(evidence),
        new_value="",
    )
    evidence.delete()


def speaker_create(
    *,
    editor,
    name: str,
    kind: str = Speaker.Kind.PERSON,
    other_names: str = "",
    description: str = "",
) -> Speaker:
    _require_editor(editor)
    speaker = Speaker(
        name=name.strip(),
        kind=kind,
        other_names=other_names,
        description=description,
        created_by=editor,
    )
    speaker.full_clean(exclude=["normalised_name", "search_names"])
    speaker.save()
    return speaker


@transaction.atomic
def quote_attribute(*, annotation: Annotation, editor, speaker: Speaker) -> QuoteAttribution:
    _require_editor(editor)
    # Claims too: a reviewed claim's ClaimReview names who made it (itemReviewed.author).
    if annotation.kind not in ATTRIBUTABLE_KINDS:
        raise ValidationError("لا يُنسب إلى متحدث إلا الاقتباس أو الادعاء.")
    attribution, _ = QuoteAttribution.objects.update_or_create(
        annotation=annotation, defaults={"speaker": speaker, "attributed_by": editor}
    )
    return attribution


def quote_unattribute(*, annotation: Annotation, editor) -> None:
    _require_editor(editor)
    QuoteAttribution.objects.filter(annotation=annotation).delete()


@transaction.atomic
def speakers_merge(*, keep: Speaker, others: Iterable[Speaker], editor) -> int:
    """Move every quote of ``others`` to ``keep``, keep their names as other spellings
    of ``keep``, and delete them. Returns the number of quotes moved."""
    _require_editor(editor)
    others = [s for s in others if s.pk != keep.pk]
    if not others:
        return 0
    keep = Speaker.objects.select_for_update().get(pk=keep.pk)
    moved = QuoteAttribution.objects.filter(speaker__in=others).update(speaker=keep)
    names = [*keep.other_names_list]
    for other in others:
        for name in [other.name, *other.other_names_list]:
            if name != keep.name and name not in names:
                names.append(name)
        if not keep.description and other.description:
            keep.description = other.description
    keep.other_names = "\n".join(names)
    keep.save()
    Speaker.objects.filter(pk__in=[s.pk for s in others]).delete()
    return moved


def flag_create(*, annotation: Annotation, user, reason: str) -> Flag:
    """Any signed-in user may flag a public annotation they can see, once."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("سجّل الدخول للإبلاغ.")
    if annotation.visibility != Annotation.Visibility.PUBLIC:
        raise PermissionDenied("لا يُبلَّغ إلا عن تعليق عام.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ["اكتب سبب البلاغ."]})
    if len(reason) > FLAG_REASON_MAX:
        raise ValidationError(
            {"reason": [f"السبب أطول من {FLAG_REASON_MAX} حرف ({len(reason)} حرفًا)."]}
        )
    try:
        with transaction.atomic():
            flag = Flag.objects.create(annotation=annotation, user=user, reason=reason)
            ModerationLog.objects.create(
                annotation=annotation,
                annotation_ref=annotation.pk,
                actor=user,
                action=ModerationLog.Action.FLAG,
                reason=reason,
            )
    except IntegrityError:
        raise ValidationError({"reason": ["أبلغت عن هذا التعليق من قبل."]}) from None
    return flag


@transaction.atomic
def annotation_hide(*, annotation: Annotation, moderator, reason: str) -> Annotation:
    _require_staff(moderator)
    reason = reason.strip()
    if not reason:
        # The author is shown why: hiding without a reason would leave them guessing.
        raise ValidationError({"reason": ["اكتب سبب الإخفاء؛ سيراه كاتب التعليق."]})
    now = timezone.now()
    annotation = annotations_services.annotation_hide(annotation=annotation, reason=reason)
    Flag.objects.filter(annotation=annotation, resolved_at=None).update(resolved_at=now)
    ModerationLog.objects.create(
        annotation=annotation,
        annotation_ref=annotation.pk,
        actor=moderator,
        action=ModerationLog.Action.HIDE,
        reason=reason,
    )
    return annotation


@transaction.atomic
def annotation_unhide(*, annotation: Annotation, moderator, reason: str = "") -> Annotation:
    _require_staff(moderator)
    now = timezone.now()
    annotation = annotations_services.annotation_unhide(annotation=annotation)
    Flag.objects.filter(annotation=annotation, resolved_at=None).update(resolved_at=now)
    ModerationLog.objects.create(
        annotation=annotation,
        annotation_ref=annotation.pk,
        actor=moderator,
        action=ModerationLog.Action.UNHIDE,
        reason=reason.strip(),
    )
    return annotation
