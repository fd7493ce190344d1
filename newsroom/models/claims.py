"""Claim review: status, verdict, rationale, evidence and history of each claim.

Each claim annotation has one ClaimReview row, created with the claim by
newsroom.services.annotations; the claims queue is that one table with its own indexes,
never joined to filter or count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from core.counts import CountCache


class ReviewStatus(models.TextChoices):
    UNREVIEWED = "unreviewed", "لم يراجع"
    IN_REVIEW = "in_review", "قيد المراجعة"
    REVIEWED = "reviewed", "تمت المراجعة"


class Verdict(models.IntegerChoices):
    """The value is the schema.org ratingValue (bestRating 5, worstRating 1)."""

    TRUE = 5, "صحيح"
    MOSTLY_TRUE = 4, "صحيح إلى حد كبير"
    MISLEADING = 3, "مضلل"
    FALSE = 2, "خاطئ"
    UNVERIFIABLE = 1, "غير قابل للتحقق"


class ClaimReviewQuerySet(models.QuerySet):
    def in_queue(self) -> ClaimReviewQuerySet:
        return self.filter(in_queue=True)

    def for_queue(self) -> ClaimReviewQuerySet:
        return self.select_related(
            "annotation", "article__section", "article__publisher", "assignee"
        ).defer("article__body", "article__caption")

    def with_matches(self) -> ClaimReviewQuerySet:
        """The "checked before" claim and its verdict, for queue rows (joined, not per row)."""
        return self.select_related("earlier_match__annotation")

    def status_counts(self, *, per_status: bool = False) -> dict[str, int]:
        """{status: count} for every status, zeros included.

        By default one query with a filtered count per status, not GROUP BY status:
        SQLite would pick the status index to group by and scan every row instead of
        the filter's index. With ``per_status``, one COUNT query per status, each
        reading only its own range of the (in_queue, status) index: faster for the
        whole queue (7 ms against 16 ms at 100,000 claims on SQLite), slower under
        another filter, whose range each query would walk again."""
        queryset = self.order_by()
        if per_status:
            return {
                status: queryset.filter(status=status).count() for status in ReviewStatus.values
            }
        return queryset.aggregate(
            **{status: Count("pk", filter=Q(status=status)) for status in ReviewStatus.values}
        )

    def published(self) -> ClaimReviewQuerySet:
        """Reviewed claims with a verdict: what readers and search engines see."""
        return self.filter(status=ReviewStatus.REVIEWED, verdict__isnull=False)


#: The claims queue's per-status counts under each set of filters; newsroom.receivers
#: starts a new generation on every write to a review row.
QUEUE_COUNTS = CountCache("claims")


class ClaimReview(models.Model):
    annotation = models.OneToOneField(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review",
        verbose_name="الادعاء",
    )
    # Copies of the claim's article and creation time (both never change): the
    # queue filters and sorts on this one table, with composite indexes below.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="claim_reviews",
        editable=False,
        verbose_name="المقال",
    )
    claimed_at = models.DateTimeField("تاريخ الادعاء", editable=False)
    # The article's section and publisher, kept in step by newsroom.services.claims when an
    # article moves: the queue's section and publisher filters use their own indexes.
    section = models.ForeignKey(
        "articles.Section",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name="القسم",
    )
    publisher = models.ForeignKey(
        "articles.Publisher",
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
        verbose_name="الناشر",
    )
    # True while the claim is public and not hidden: what the claims queue lists.
    # Kept in step with the annotation by newsroom.services.claims.claim_queue_sync; leading every queue
    # index, so the queue never joins the annotations table to filter or count.
    in_queue = models.BooleanField("في طابور المراجعة", default=True, editable=False)
    status = models.CharField(
        "حالة المراجعة",
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.UNREVIEWED,
    )
    verdict = models.PositiveSmallIntegerField(
        "الحكم", choices=Verdict.choices, null=True, blank=True
    )
    rationale = models.TextField("التعليل", blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        verbose_name="المكلّف",
    )
    reviewed_at = models.DateTimeField("تاريخ المراجعة", null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("آخر تعديل", auto_now=True)
    # What the similarity found (assistant.matching keeps these copies through
    # claim_matches_record): the queue filters and shows them from this one table.
    # Editors only: unconfirmed, readers never see them.
    earlier_match = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="سبق التحقق منه في",
        help_text="أقرب ادعاء تمت مراجعته يبدو الادعاء نفسه (لم يؤكده محرر).",
    )
    top_match = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # read forward only
        verbose_name="أقرب ادعاء مطابق",
    )
    similar_count = models.PositiveSmallIntegerField(
        "عدد الادعاءات المشابهة", default=0, editable=False
    )
    # An editor's "same claim" (newsroom.services.claim_review_copy): the first claim of
    # its group of repeats, always a claim that is not itself a repeat, so a group is
    # read in one query (speaker pages group repeated claims by it).
    same_as = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        editable=False,
        verbose_name="الادعاء نفسه",
    )

    objects = ClaimReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        verbose_name = "مراجعة ادعاء"
        verbose_name_plural = "مراجعات الادعاءات"
        # One index per queue filter: the filter after in_queue, then the sort
        # (newest first, pk for a stable order), then status so the per-status
        # counts are read from the index alone.
        indexes = [
            models.Index(
                fields=[*key, "-claimed_at", "-annotation"]
                + ([] if "status" in key else ["status"]),
                name=name,
            )
            for key, name in [
                (["in_queue"], "claim_queue_date"),
                (["in_queue", "status"], "claim_queue_status"),
                (["in_queue", "verdict"], "claim_queue_verdict"),
                (["in_queue", "assignee"], "claim_queue_assignee"),
                (["in_queue", "section"], "claim_queue_section"),
                (["in_queue", "publisher"], "claim_queue_publisher"),
                (["in_queue", "article"], "claim_queue_article"),
            ]
        ] + [
            # The "checked before" filter: only the flagged claims are in this index.
            models.Index(
                fields=["in_queue", "-claimed_at", "-annotation", "status"],
                condition=Q(earlier_match__isnull=False),
                name="claim_queue_checked_before",
            )
        ]

    def __str__(self) -> str:
        return f"مراجعة الادعاء {self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # As read, so a receiver tells a change of status or queue from another save.
        instance._loaded_state = instance._matching_state()
        return instance

    def _matching_state(self) -> tuple[object, object]:
        return (self.__dict__.get("status"), self.__dict__.get("in_queue"))

    def matching_state_changed(self) -> bool:
        """Whether the status or ``in_queue`` moved since the row was read (True if
        it was not read from the database): similar claims show both."""
        return getattr(self, "_loaded_state", None) != self._matching_state()

    def get_absolute_url(self) -> str:
        return reverse("newsroom:claim_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == ReviewStatus.REVIEWED and self.verdict is not None


class ClaimReviewChange(models.Model):
    """One changed field of a claim review: the history shown on the claim."""

    class Field(models.TextChoices):
        STATUS = "status", "حالة المراجعة"
        VERDICT = "verdict", "الحكم"
        RATIONALE = "rationale", "التعليل"
        ASSIGNEE = "assignee", "المكلّف"
        EVIDENCE = "evidence", "مصدر"
        SAME_CLAIM = "same_claim", "الادعاء نفسه"

    review = models.ForeignKey(
        ClaimReview, on_delete=models.CASCADE, related_name="history", verbose_name="المراجعة"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="المحرر",
    )
    changed_at = models.DateTimeField("التاريخ", auto_now_add=True)
    field = models.CharField("الحقل", max_length=20, choices=Field.choices)
    # Display values (labels, usernames), so the history reads the same even
    # after a user or a choice is renamed.
    old_value = models.TextField("القيمة السابقة", blank=True)
    new_value = models.TextField("القيمة الجديدة", blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "تغيير في المراجعة"
        verbose_name_plural = "سجل المراجعة"
        indexes = [models.Index(fields=["review", "-changed_at"], name="claim_change_review")]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old_value} → {self.new_value}"


class EvidenceSource(models.Model):
    review = models.ForeignKey(
        ClaimReview, on_delete=models.CASCADE, related_name="evidence", verbose_name="المراجعة"
    )
    title = models.CharField("العنوان", max_length=300)
    url = models.URLField("الرابط", max_length=2000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="أضافه",
    )
    added_at = models.DateTimeField("أضيف في", auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = "مصدر"
        verbose_name_plural = "المصادر"

    def __str__(self) -> str:
        return f"{self.title} <{self.url}>"
