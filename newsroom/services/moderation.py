"""Moderation: readers flag public annotations; staff hide or restore them with a
reason the author sees. Every step is written to the moderation log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import services as annotations_services
from annotations.models import Annotation, Reply
from core.pagecache import article_page_forget

from ..models import Flag, ModerationLog
from ..permissions import require_staff
from .claims import claim_queue_sync

FLAG_REASON_MAX = 1000


def _flag_details(category: str, reason: str) -> tuple[str, str]:
    """The category and the reader's words, checked: the words are optional but for
    «أخرى», where they are the reason."""
    if category not in Flag.Category.values:
        raise ValidationError({"category": ["اختر سبب البلاغ من القائمة."]})
    reason = reason.strip()
    if category == Flag.Category.OTHER and not reason:
        raise ValidationError({"reason": ["اكتب سبب البلاغ حين تختار «أخرى»."]})
    if len(reason) > FLAG_REASON_MAX:
        raise ValidationError(
            {"reason": [f"التفاصيل أطول من {FLAG_REASON_MAX} حرف ({len(reason)} حرفًا)."]}
        )
    return category, reason


def _log_reason(category: str, reason: str) -> str:
    label = Flag.Category(category).label
    return f"{label}: {reason}" if reason else str(label)


def flag_create(*, annotation: Annotation, user: Any, category: str, reason: str = "") -> Flag:
    """Any signed-in user may flag a public annotation they can see, once."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("سجّل الدخول للإبلاغ.")
    if annotation.visibility != Annotation.Visibility.PUBLIC:
        raise PermissionDenied("لا يُبلَّغ إلا عن تعليق عام.")
    category, reason = _flag_details(category, reason)
    already = ValidationError("أبلغت عن هذا التعليق من قبل؛ يراجعه فريق الإشراف.")
    if Flag.objects.filter(annotation=annotation, user=user, reply=None).exists():
        raise already
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                annotation=annotation, user=user, category=category, reason=reason
            )
            ModerationLog.objects.create(
                annotation=annotation,
                annotation_ref=annotation.pk,
                actor=user,
                action=ModerationLog.Action.FLAG,
                reason=_log_reason(category, reason),
            )
    except IntegrityError:
        # Two submissions at once: the unique constraint keeps the first.
        raise already from None
    return flag


def reply_flag_create(*, reply: Reply, user: Any, category: str, reason: str = "") -> Flag:
    """Any signed-in reader but the reply's author may flag a reply under a public
    annotation, once."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied("سجّل الدخول للإبلاغ.")
    if reply.author_id == user.pk:
        raise PermissionDenied("لا تبلّغ عن ردك؛ عدّله أو احذفه.")
    annotation = reply.annotation
    if annotation.visibility != Annotation.Visibility.PUBLIC:
        raise PermissionDenied("لا يُبلَّغ إلا عن رد على تعليق عام.")
    category, reason = _flag_details(category, reason)
    already = ValidationError("أبلغت عن هذا الرد من قبل؛ يراجعه فريق الإشراف.")
    if Flag.objects.filter(reply=reply, user=user).exists():
        raise already
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                annotation=annotation, reply=reply, user=user, category=category, reason=reason
            )
            ModerationLog.objects.create(
                annotation=annotation,
                annotation_ref=annotation.pk,
                reply_ref=reply.pk,
                actor=user,
                action=ModerationLog.Action.REPLY_FLAG,
                reason=_log_reason(category, reason),
            )
    except IntegrityError:
        raise already from None
    return flag


@transaction.atomic
def reply_moderate(*, reply: Reply, moderator: Any, reason: str = "") -> Reply:
    """Staff change a reply (body, hidden state) in the admin: save it and log it.

    ``reply`` carries the staff's changes unsaved; the log keeps the old body so the
    change can be read later.
    """
    require_staff(moderator)
    before = Reply.objects.filter(pk=reply.pk).values_list("body", flat=True).first()
    reply.save()
    if reply.hidden_at is not None:
        Flag.objects.filter(reply=reply, resolved_at=None).update(resolved_at=timezone.now())
    note = reason.strip()
    if before is not None and before != reply.body:
        note = (note + "\n" if note else "") + f"النص السابق: {before}"
    ModerationLog.objects.create(
        annotation_id=reply.annotation_id,
        annotation_ref=reply.annotation_id,
        reply_ref=reply.pk,
        actor=moderator,
        action=ModerationLog.Action.REPLY_EDIT,
        reason=note,
    )
    return reply


@transaction.atomic
def reply_moderate_delete(*, reply: Reply, moderator: Any) -> None:
    require_staff(moderator)
    ModerationLog.objects.create(
        annotation_id=reply.annotation_id,
        annotation_ref=reply.annotation_id,
        reply_ref=reply.pk,
        actor=moderator,
        action=ModerationLog.Action.REPLY_DELETE,
        reason=f"النص المحذوف: {reply.body}",
    )
    reply.delete()


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
