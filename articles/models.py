from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from core.fastreverse import id_slug_url

from . import text

WORDS_PER_MINUTE = 200


class Section(models.Model):
    name = models.CharField("الاسم", max_length=200, unique=True)
    slug = models.SlugField("المعرّف", max_length=200, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "قسم"
        verbose_name_plural = "الأقسام"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or "section"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Publisher(models.Model):
    name = models.CharField("الاسم", max_length=200, unique=True)
    slug = models.SlugField("المعرّف", max_length=200, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "ناشر"
        verbose_name_plural = "الناشرون"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or "publisher"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:publisher", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user) -> ArticleQuerySet:
        """Staff see drafts (with a banner); everyone else sees published articles only."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def next_publication(self) -> datetime | None:
        """When the next scheduled article comes out (None: none is scheduled); the
        (status, published_at) index walk of one row."""
        return (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def featured(self) -> ArticleQuerySet:
        return self.filter(featured=True)

    def with_related(self) -> ArticleQuerySet:
        return self.select_related("section", "publisher")

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-id")

    def for_listing(self) -> ArticleQuerySet:
        # List pages never need the body; deferring it keeps 100k-row pages light.
        return self.with_related().defer("body", "caption").newest_first()


def seconds_to_next_publication() -> float | None:
    """How long a cached listing stays right without any write: until the next
    scheduled article shows (visible_to() compares published_at with now)."""
    when = Article.objects.next_publication()
    return None if when is None else (when - timezone.now()).total_seconds()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "مسودة"
        PUBLISHED = "published", "منشور"

    title = models.CharField("العنوان", max_length=500)
    slug = models.SlugField("المعرّف", max_length=255, allow_unicode=True, blank=True)
    caption = models.TextField("تعليق الصورة", blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name="القسم"
    )
    publisher = models.ForeignKey(
        Publisher, on_delete=models.PROTECT, related_name="articles", verbose_name="الناشر"
    )
    published_at = models.DateTimeField("تاريخ النشر")
    scraped_on = models.DateField("تاريخ الجمع", null=True, blank=True)
    # The canonical text: paragraphs joined by articles.text.PARAGRAPH_SEPARATOR.
    body = models.TextField("النص")
    status = models.CharField(
        "الحالة", max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    featured = models.BooleanField("مميز", default=False)
    source_sha256 = models.CharField("بصمة الملف المصدر", max_length=64, blank=True, editable=False)
    # Bumped on every change of title or body; annotations record the version
    # they were made on so they can be re-anchored after an edit.
    text_version = models.PositiveIntegerField("نسخة النص", default=1, editable=False)
    created_at = models.DateTimeField("أنشئ في", auto_now_add=True)
    updated_at = models.DateTimeField("عُدّل في", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "مقال"
        verbose_name_plural = "المقالات"
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "published_at", "title"], name="article_identity"
            ),
        ]
        # Every listing filters on these columns and orders by (-published_at, -id):
        # with -id in the index the ORDER BY needs no sort, and a page's ids can be
        # read from the index alone (see articles.views.ArticlePaginator).
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_status_pub"),
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_pub"
            ),
            models.Index(
                fields=["publisher", "status", "-published_at", "-id"],
                name="article_publisher_pub",
            ),
            # Few articles are featured. The public home filters on status too: with the
            # partial index led by status, the planners read only featured rows, however
            # few (with (-published_at, -id) alone, SQLite preferred article_status_pub
            # and walked every published row whenever fewer than 4 were featured).
            models.Index(
                fields=["status", "-published_at", "-id"],
                condition=Q(featured=True),
                name="article_featured_status_pub",
            ),
            # The staff home (drafts included).
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(featured=True),
                name="article_featured_pub",
            ),
            # Staff listings (drafts included) and the admin changelist.
            models.Index(fields=["-published_at", "-id"], name="article_pub"),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        # Remember the loaded text so save() can tell whether it changed.
        # Deferred fields are absent from __dict__ and recorded as None.
        instance._loaded_text = (instance.__dict__.get("title"), instance.__dict__.get("body"))
        return instance

    def prepare(self) -> None:
        """What save() derives before writing: the canonical body and a slug. The
        bulk insert (articles.services.articles_create_bulk) calls it itself."""
        self.body = text.join_paragraphs(text.split_paragraphs(self.body))
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[:255] or "article"

    def save(self, *args, **kwargs) -> None:
        self.prepare()
        loaded = getattr(self, "_loaded_text", None)
        if self.pk and not self._state.adding and (loaded is None or None in loaded):
            # Loaded with a deferred title/body (list querysets defer the body):
            # compare with the stored text so an edit still bumps the version.
            loaded = (
                type(self)._base_manager.filter(pk=self.pk).values_list("title", "body").first()
            )
        if self.pk and loaded is not None and loaded != (self.title, self.body):
            self.text_version = models.F("text_version") + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "text_version"}
        super().save(*args, **kwargs)
        if isinstance(self.text_version, models.expressions.Combinable):
            self.refresh_from_db(fields=["text_version"])
        self._loaded_text = (self.title, self.body)

    def get_absolute_url(self) -> str:
        return id_slug_url("articles:detail", self.pk, self.slug or "-")

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split(text.PARAGRAPH_SEPARATOR) if self.body else []

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def reading_minutes(self) -> int:
        return max(1, round(text.word_count(self.body) / WORDS_PER_MINUTE))


class ArticleRevision(models.Model):
    """The text of an article as it was at one text version (issue 9, part 2).

    Written by every change of the text (see articles.revisions); annotations
    refer to the version they were made on (Annotation.text_version = number).
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="revisions", verbose_name="المقال"
    )
    number = models.PositiveIntegerField("رقم النسخة")
    title = models.CharField("العنوان", max_length=500)
    body = models.TextField("النص")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_revisions",
        verbose_name="المحرر",
    )
    note = models.CharField("ملاحظة", max_length=300, blank=True)
    created = models.DateTimeField("في", auto_now_add=True)

    class Meta:
        ordering = ["article", "number"]
        verbose_name = "نسخة مقال"
        verbose_name_plural = "نسخ المقالات"
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_article_number"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} / {self.number}"
