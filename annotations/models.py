"""Annotations on the canonical text of an article (see articles.text).

Offsets (start, end) are measured on Article.body, the paragraphs joined by
articles.text.PARAGRAPH_SEPARATOR. ``exact``, ``prefix`` and ``suffix`` keep the
quoted passage and its context so the annotation can be found again when the
article text changes (see annotations.anchoring.reanchor).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article
from core.fastreverse import id_url

QUOTE_CONTEXT = 32  # characters of prefix/suffix kept with each quote (W3C TextQuoteSelector)


def shown_to_everyone(prefix: str = "") -> Q:
    """The rule for what everyone may see: public and not hidden by a moderator.
    ``prefix`` reaches the annotation through a relation (``"quotes__annotation__"``)."""
    return Q(**{f"{prefix}visibility": "public", f"{prefix}hidden_at__isnull": True})


class AnnotationQuerySet(models.QuerySet):
    def on_articles_visible_to(
        self, user: AbstractBaseUser | AnonymousUser, *, probe: bool = False
    ) -> AnnotationQuerySet:
        """Those on articles ``user`` may read. An annotation is never more visible
        than its article: a draft, an unpublished or a scheduled article's
        annotations are invisible to everyone who may not read the article (their
        authors and editors who are not staff included), wherever they would show.

        ``probe`` tests the article row by row (a correlated EXISTS) instead of joining
        it: a newest-first page then walks the annotations' sort index and stops at
        the page, where the join would read every published article's annotations."""
        if user.is_authenticated and getattr(user, "is_staff", False):
            return self.all()
        # The rule of Article.objects.visible_to, on the joined article.
        published = Q(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())
        if probe:
            return self.filter(
                models.Exists(Article.objects.filter(published, pk=models.OuterRef("article_id")))
            )
        return self.filter(
            article__status=Article.Status.PUBLISHED, article__published_at__lte=timezone.now()
        )

    def visible_to(
        self, user: AbstractBaseUser | AnonymousUser, *, probe: bool = False
    ) -> AnnotationQuerySet:
        """What ``user`` may see: on articles ``user`` may read, public ones that
        are not hidden, plus their own (``probe``: see on_articles_visible_to).

        Private annotations are only ever shown to their author (staff included);
        moderated (hidden) ones only to their author and to staff.
        """
        on_visible_article = self.on_articles_visible_to(user, probe=probe)
        if not user.is_authenticated:
            return on_visible_article.public()
        public = Q(visibility=Annotation.Visibility.PUBLIC)
        if not getattr(user, "is_staff", False):
            public &= Q(hidden_at__isnull=True)
        return on_visible_article.filter(public | Q(author=user))

    def public(self) -> AnnotationQuerySet:
        """Public and not hidden: what everyone may see."""
        return self.filter(shown_to_everyone())

    def by(self, user: AbstractBaseUser | AnonymousUser) -> AnnotationQuerySet:
        """The user's own annotations, on the articles the user may read."""
        return self.on_articles_visible_to(user).filter(author=user)

    def of_kind(self, kind: str) -> AnnotationQuerySet:
        return self.filter(kind=kind)

    def in_reading_order(self) -> AnnotationQuerySet:
        return self.order_by("start", "end", "id")


class Annotation(models.Model):
    class Kind(models.TextChoices):
        HIGHLIGHT = "highlight", "تظليل"
        COMMENT = "comment", "تعليق"
        QUOTE = "quote", "اقتباس"
        CLAIM = "claim", "ادعاء"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "خاص"
        PUBLIC = "public", "عام"

    class AnchorMethod(models.TextChoices):
        EXACT = "exact", "في موضعه نفسه"
        CONTEXT = "context", "بالنص نفسه وسياقه"
        FUZZY = "fuzzy", "بمطابقة تقريبية"
        # A person selected the passage again (annotations.services.annotation_reattach).
        MANUAL = "manual", "أعاد ربطه شخص بتحديد النص"

    class Anchoring(models.TextChoices):
        ANCHORED = "anchored", "مثبّت في موضعه"
        REANCHORED = "reanchored", "أعيد تثبيته بعد تعديل النص"
        DETACHED = "detached", "منفصل عن النص"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="annotations", verbose_name="المقال"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="annotations",
        verbose_name="الكاتب",
    )
    kind = models.CharField("النوع", max_length=20, choices=Kind.choices, default=Kind.HIGHLIGHT)
    visibility = models.CharField(
        "الظهور", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    comment = models.TextField("التعليق", blank=True)
    tags = models.JSONField("الوسوم", default=list, blank=True)

    # Where it sits in the canonical text now (after any re-anchoring).
    start = models.PositiveIntegerField("البداية")
    end = models.PositiveIntegerField("النهاية")
    exact = models.TextField("النص المقتبس")
    prefix = models.CharField("السياق السابق", max_length=QUOTE_CONTEXT, blank=True)
    suffix = models.CharField("السياق اللاحق", max_length=QUOTE_CONTEXT, blank=True)
    # The article text version the annotation was made on, and the version its
    # current offsets refer to (they differ once the article has been edited).
    text_version = models.PositiveIntegerField("نسخة النص عند الإنشاء")
    anchored_version = models.PositiveIntegerField("نسخة النص الحالية للموضع")
    anchoring = models.CharField(
        "حالة التثبيت", max_length=12, choices=Anchoring.choices, default=Anchoring.ANCHORED
    )
    # The last re-anchoring (annotations.anchoring.reanchor): how the passage was
    # found and how well it matched, 0..1; empty until the article is first edited.
    anchor_method = models.CharField(
        "طريقة التثبيت الأخيرة", max_length=8, choices=AnchorMethod.choices, blank=True
    )
    anchor_score = models.FloatField("درجة التثبيت الأخيرة", null=True, blank=True)

    hidden_at = models.DateTimeField("أُخفي في", null=True, blank=True)
    hidden_reason = models.TextField("سبب الإخفاء", blank=True)
    # Generated by the client once per submission; a repeated submission with
    # the same key returns the first annotation instead of creating a second.
    client_key = models.UUIDField("مفتاح الإرسال", null=True, blank=True, editable=False)
    created = models.DateTimeField("أنشئ في", auto_now_add=True)
    modified = models.DateTimeField("عُدّل في", auto_now=True)

    objects = AnnotationQuerySet.as_manager()
    #: The replies a card shows, set by reading.panel.attach_replies (one query per page).
    visible_replies: list[Reply]

    class Meta:
        ordering = ["article", "start", "end", "id"]
        verbose_name = "تعليق توضيحي"
        verbose_name_plural = "التعليقات التوضيحية"
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=Q(client_key__isnull=False),
                name="annotation_unique_client_key",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="annotation_range"),
        ]
        indexes = [
            # Article page: the annotations of one article in reading order.
            models.Index(fields=["article", "start", "end"], name="annotation_article_pos"),
            # "My annotations", filtered by kind and visibility, newest first.
            models.Index(fields=["author", "-created"], name="annotation_author_new"),
            models.Index(fields=["author", "kind", "-created"], name="annotation_author_kind"),
            models.Index(fields=["author", "visibility", "-created"], name="annotation_author_vis"),
            # "My annotations" narrowed to the detached ones (few: a partial index).
            models.Index(
                fields=["author", "-created"],
                condition=Q(anchoring="detached"),
                name="annotation_author_detached",
            ),
            # Public exports and the newsroom's claims queue.
            models.Index(fields=["visibility", "kind", "-created"], name="annotation_vis_kind"),
            # Moderation lists.
            models.Index(
                fields=["-hidden_at"],
                condition=Q(hidden_at__isnull=False),
                name="annotation_hidden",
            ),
            # The API's collection and search, newest (or last changed) first.
            models.Index(fields=["-created", "-id"], name="annotation_created"),
            models.Index(fields=["-modified", "-id"], name="annotation_modified"),
            # Articles whose annotations still need re-anchoring after an edit.
            models.Index(fields=["article", "anchored_version"], name="annotation_article_ver"),
        ]

    def __str__(self) -> str:
        quote = self.exact if len(self.exact) <= 40 else self.exact[:40] + "…"
        return f"{self.get_kind_display()}: {quote}"

    def get_absolute_url(self) -> str:
        return id_url("annotations:permalink", self.pk)

    @property
    def anchor_id(self) -> str:
        return f"annotation-{self.pk}"

    @property
    def card_id(self) -> str:
        return f"card-{self.pk}"

    @property
    def is_detached(self) -> bool:
        return self.anchoring == self.Anchoring.DETACHED

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_shown_to_everyone(self) -> bool:
        """The row-level form of shown_to_everyone(): public and not hidden."""
        return self.visibility == self.Visibility.PUBLIC and self.hidden_at is None


def tag_digest(tag: str) -> str:
    """The indexed key of a tag: fixed width whatever the tag's length (a btree entry
    has a size limit on PostgreSQL; a tag written through the API may be long)."""
    return hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class AnnotationTagQuerySet(models.QuerySet):
    def of_tag(self, tag: str) -> AnnotationTagQuerySet:
        # The digest finds the rows through the index; the text makes the match exact.
        return self.filter(digest=tag_digest(tag), tag=tag)


class AnnotationTag(models.Model):
    """One tag of one annotation, for the tag filters (the API's search).

    ``Annotation.tags`` stays the list as the author wrote it, in order; this table is
    its indexed copy, kept in step by annotations.services.annotation_tags_sync (a JSON
    list has no index that works on both SQLite and PostgreSQL)."""

    annotation = models.ForeignKey(
        Annotation, on_delete=models.CASCADE, related_name="tag_rows", verbose_name="التعليق"
    )
    tag = models.TextField("الوسم")
    digest = models.CharField(max_length=32, editable=False)

    objects = AnnotationTagQuerySet.as_manager()

    class Meta:
        verbose_name = "وسم تعليق"
        verbose_name_plural = "وسوم التعليقات"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "annotation"], name="annotation_tag_unique_digest"
            ),
        ]

    def __str__(self) -> str:
        return self.tag


class AnnotationTombstone(models.Model):
    """An annotation that was deleted (by its author on the site, by staff in the admin,
    or through the API): its protocol IRI answers 410 Gone, not 404. Recorded by
    annotations.services.annotation_delete; ids are never reused (AUTOINCREMENT on
    SQLite, a sequence on PostgreSQL)."""

    annotation_id = models.BigIntegerField(primary_key=True)
    article_id = models.BigIntegerField()
    deleted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "تعليق محذوف"
        verbose_name_plural = "تعليقات محذوفة"

    def __str__(self) -> str:
        return f"{self.annotation_id}"


class ReplyQuerySet(models.QuerySet):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ReplyQuerySet:
        """A reply is as visible as its annotation (and so its article); a hidden
        reply only to its author and to staff."""
        on_visible = self.filter(annotation__in=Annotation.objects.visible_to(user))
        if getattr(user, "is_staff", False):
            return on_visible
        if not user.is_authenticated:
            return on_visible.filter(hidden_at__isnull=True)
        return on_visible.filter(Q(hidden_at__isnull=True) | Q(author=user))


class Reply(models.Model):
    """One level of discussion under an annotation (replies have no replies)."""

    annotation = models.ForeignKey(
        Annotation,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name="التعليق التوضيحي",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="annotation_replies",
        verbose_name="الكاتب",
    )
    body = models.TextField("الرد")
    hidden_at = models.DateTimeField("أُخفي في", null=True, blank=True)
    hidden_reason = models.TextField("سبب الإخفاء", blank=True)
    client_key = models.UUIDField("مفتاح الإرسال", null=True, blank=True, editable=False)
    created = models.DateTimeField("أنشئ في", auto_now_add=True)
    modified = models.DateTimeField("عُدّل في", auto_now=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["annotation", "created", "id"]
        verbose_name = "رد"
        verbose_name_plural = "الردود"
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_key"],
                condition=Q(client_key__isnull=False),
                name="reply_unique_client_key",
            ),
        ]
        indexes = [
            models.Index(fields=["annotation", "created"], name="reply_annotation_created"),
            models.Index(fields=["author", "-created"], name="reply_author_new"),
        ]

    def __str__(self) -> str:
        return self.body[:40]

    @property
    def dom_id(self) -> str:
        return f"reply-{self.pk}"


class DeletedAnnotation(models.Model):
    """What deleting an annotation removed, kept for a short while so that its author
    can undo the deletion (annotations.services.annotation_restore).

    The annotation is really deleted (with its replies, review, speaker, flags and search
    document, by cascade): nothing that reads annotations has to know about this table.
    ``rows`` holds every deleted row, serialized; ``relinks`` the rows that pointed at
    them and were set to null (the moderation log), to point them back.
    """

    annotation_id = models.BigIntegerField("رقم التعليق التوضيحي", primary_key=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="الكاتب",
    )
    article_id = models.BigIntegerField("رقم المقال")
    deleted_at = models.DateTimeField("حُذف في", default=timezone.now)
    rows = models.TextField("الصفوف المحذوفة")
    relinks = models.JSONField("الروابط المعادة", default=list)

    class Meta:
        verbose_name = "تعليق محذوف قابل للاسترجاع"
        verbose_name_plural = "تعليقات محذوفة قابلة للاسترجاع"
        # The purge of expired ones (annotations.services.annotation_delete).
        indexes = [models.Index(fields=["deleted_at"], name="deleted_annotation_at")]

    def __str__(self) -> str:
        return f"تعليق محذوف {self.annotation_id}"
