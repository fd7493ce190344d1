"""Suggestions of the editor's assistant: quotations and claims found in an article,
waiting for an editor to accept, edit or reject them. Readers never see them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

from articles.models import Article
from search.arabic import normalise


def fingerprint(kind: str, text: str) -> str:
    """What "the same suggestion" means: same kind, same text in its matching form.
    A rejected suggestion keeps its fingerprint, so it is never suggested again."""
    return hashlib.sha256(f"{kind}\n{' '.join(normalise(text).split())}".encode()).hexdigest()


class SuggestionQuerySet(models.QuerySet):
    def pending(self) -> SuggestionQuerySet:
        return self.filter(status=Suggestion.Status.PENDING)

    def for_queue(self) -> SuggestionQuerySet:
        return (
            self.pending()
            .select_related("article", "article__section", "article__publisher", "speaker")
            .order_by("-score", "article_id", "start")
        )

    def filtered(
        self,
        *,
        section=None,
        publisher=None,
        kind: str = "",
        min_score: float | None = None,
    ) -> SuggestionQuerySet:
        qs = self
        if section is not None:
            qs = qs.filter(article__section=section)
        if publisher is not None:
            qs = qs.filter(article__publisher=publisher)
        if kind:
            qs = qs.filter(kind=kind)
        if min_score is not None:
            qs = qs.filter(score__gte=min_score)
        return qs


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", "اقتباس"
        CLAIM = "claim", "ادعاء"

    class Status(models.TextChoices):
        PENDING = "pending", "بانتظار المراجعة"
        ACCEPTED = "accepted", "مقبول"
        REJECTED = "rejected", "مرفوض"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="suggestions", verbose_name="المقال"
    )
    kind = models.CharField("النوع", max_length=10, choices=Kind.choices)
    status = models.CharField(
        "الحالة", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    start = models.PositiveIntegerField("البداية")
    end = models.PositiveIntegerField("النهاية")
    text = models.TextField("النص")
    #: The article's text version the offsets were measured on.
    text_version = models.PositiveIntegerField("نسخة النص")
    fingerprint = models.CharField(max_length=64, editable=False)
    speaker_name = models.CharField("المتحدث المكتشف", max_length=200, blank=True)
    speaker = models.ForeignKey(
        "newsroom.Speaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="المتحدث المطابق",
    )
    score = models.FloatField("الدرجة", default=1.0)
    features = models.JSONField("السمات", default=list, blank=True)
    annotation = models.ForeignKey(
        "annotations.Annotation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="التعليق التوضيحي الناتج",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="قرره",
    )
    decided_at = models.DateTimeField("تاريخ القرار", null=True, blank=True)
    created_at = models.DateTimeField("أنشئ في", auto_now_add=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "اقتراح"
        verbose_name_plural = "الاقتراحات"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="one_suggestion_per_text"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-score"], name="suggestion_queue"),
            models.Index(fields=["status", "kind", "-score"], name="suggestion_queue_kind"),
            models.Index(fields=["article", "status"], name="suggestion_article"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class SuggestionEvent(models.Model):
    """The history of a suggestion: who accepted, edited or rejected it, and when."""

    class Action(models.TextChoices):
        ACCEPTED = "accepted", "قُبل من اقتراح"
        EDITED = "edited", "عُدّل ثم قُبل من اقتراح"
        REJECTED = "rejected", "رُفض"

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.CASCADE, related_name="events", verbose_name="الاقتراح"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="المحرر",
    )
    action = models.CharField("الإجراء", max_length=10, choices=Action.choices)
    message = models.TextField("الوصف", blank=True)
    at = models.DateTimeField("التاريخ", auto_now_add=True)

    class Meta:
        verbose_name = "حدث اقتراح"
        verbose_name_plural = "أحداث الاقتراحات"
        indexes = [models.Index(fields=["suggestion", "-at"], name="suggestion_event")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"
