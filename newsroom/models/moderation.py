"""Moderation: readers' flags and the log of what moderators did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Flag(models.Model):
    """A reader's report that a public annotation breaks the rules."""

    annotation = models.ForeignKey(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name="التعليق التوضيحي",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="المبلّغ",
    )
    # Set when the flag is about one reply under the annotation, not the annotation itself.
    reply = models.ForeignKey(
        "annotations.Reply",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name="الرد",
    )
    reason = models.TextField("السبب", max_length=1000)
    created_at = models.DateTimeField("تاريخ البلاغ", auto_now_add=True)
    # Set when a moderator hides or restores the annotation: the flag was dealt with.
    resolved_at = models.DateTimeField("تاريخ المعالجة", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "بلاغ"
        verbose_name_plural = "البلاغات"
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "user"],
                condition=Q(reply=None),
                name="one_flag_per_user",
            ),
            models.UniqueConstraint(
                fields=["reply", "user"],
                condition=Q(reply__isnull=False),
                name="one_reply_flag_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["annotation"], condition=Q(resolved_at=None), name="flag_open"),
        ]

    def __str__(self) -> str:
        return f"بلاغ على {self.annotation_id}"


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        FLAG = "flag", "بلاغ"
        HIDE = "hide", "إخفاء"
        UNHIDE = "unhide", "إظهار"
        REPLY_FLAG = "reply_flag", "بلاغ عن رد"
        REPLY_EDIT = "reply_edit", "تعديل رد"
        REPLY_DELETE = "reply_delete", "حذف رد"

    # The log outlives the annotation it is about: keep the id even after deletion.
    annotation = models.ForeignKey(
        "annotations.Annotation",
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_log",
        verbose_name="التعليق التوضيحي",
    )
    annotation_ref = models.PositiveBigIntegerField("رقم التعليق التوضيحي", editable=False)
    # The reply an entry is about (a plain number: the log outlives a deleted reply).
    reply_ref = models.PositiveBigIntegerField("رقم الرد", null=True, blank=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="المنفّذ",
    )
    action = models.CharField("الإجراء", max_length=20, choices=Action.choices)
    reason = models.TextField("السبب", blank=True)
    created_at = models.DateTimeField("التاريخ", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "إجراء إشراف"
        verbose_name_plural = "سجل الإشراف"
        indexes = [models.Index(fields=["annotation_ref", "-created_at"], name="modlog_annotation")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.annotation_ref}"
