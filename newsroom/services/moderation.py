"""Moderation: readers flag public annotations; staff hide or restore them with a
reason the author sees. Every step is written to the moderation log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import services as annotations_services
from annotations.models import Annotation
from core.pagecache import article_page_forget

from ..models import Flag, ModerationLog
from ..permissions import require_staff
from .claims import claim_queue_sync

FLAG_REASON_MAX = 1000


def flag_create(*, annotation: Annotation, user: Any, reason: str) -> Flag:
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
def annotation_hide(*, annotation: Annotation, moderator: Any, reason: str) -> Annotation:
    require_staff(moderator)
    reason = reason.strip()
    if not reason:
        # The author is shown why: hiding without a reason would leave them guessing.
        raise ValidationError({"reason": ["اكتب سبب الإخفاء؛ سيراه كاتب التعليق."]})
    now = timezone.now()
    annotation = annotations_services.annotation_hide(annotation=annotation, reason=reason)
    claim_queue_sync(annotation=annotation)
    article_page_forget(article_ids=[annotation.article_id])
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
def annotation_unhide(*, annotation: Annotation, moderator: Any, reason: str = "") -> Annotation:
    require_staff(moderator)
    now = timezone.now()
    annotation = annotations_services.annotation_unhide(annotation=annotation)
    claim_queue_sync(annotation=annotation)
    article_page_forget(article_ids=[annotation.article_id])
    Flag.objects.filter(annotation=annotation, resolved_at=None).update(resolved_at=now)
    ModerationLog.objects.create(
        annotation=annotation,
        annotation_ref=annotation.pk,
        actor=moderator,
        action=ModerationLog.Action.UNHIDE,
        reason=reason.strip(),
    )
    return annotation
