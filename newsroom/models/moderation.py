"""Moderation: readers' flags and the log of what moderators did."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


class FlagQuerySet(models.QuerySet):
    def by(self, user: Any) -> FlagQuerySet:
        """The flags ``user`` made (none for an anonymous visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def on_annotation(self, annotation_id: int) -> FlagQuerySet:
        """About the annotation itself, not one of its replies."""
        return self.filter(annotation_id=annotation_id, reply=None)

    def on_reply(self, reply_id: int) -> FlagQuerySet:
        return self.filter(reply_id=reply_id)

    def on_article(self, article_id: int) -> FlagQuerySet:
        return self.filter(annotation__article_id=article_id)


class Flag(models.Model):
    """A reader's report that a public annotation breaks the rules."""

    class Category(models.TextChoices):
        ABUSE = "abuse", "إساءة"
        MISLEADING = "misleading", "معلومات مضللة"
        SPAM = "spam", "محتوى تجاري أو مزعج"
        OFF_TOPIC = "off_topic", "خارج الموضوع"
        OTHER = "other", "أخرى"

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
    # Flags from before the list of reasons were free text: "other" with their text.
    category = models.CharField(
        "نوع البلاغ", max_length=12, choices=Category.choices, default=Category.OTHER
    )
    # The reader's own words: optional, required with "other".
    reason = models.TextField("التفاصيل", max_length=1000, blank=True)
    created_at = models.DateTimeField("تاريخ البلاغ", auto_now_add=True)
    # Set when a moderator hides or restores the annotation: the flag was dealt with.
    resolved_at = models.DateTimeField("تاريخ المعالجة", null=True, blank=True)

    objects = FlagQuerySet.as_manager()

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
            # "Already flagged by you" on an article page: the reader's flags.
            models.Index(fields=["user", "annotation"], name="flag_user"),
        ]

    def __str__(self) -> str:
        return f"بلاغ على {self.annotation_id}"

    @property
    def summary(self) -> str:
        """The reason as moderators read it: the category, then the reader's words."""
        label = self.get_category_display()
        return f"{label}: {self.reason}" if self.reason else label


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
