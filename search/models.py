"""The search index: one SearchDocument per article, holding its analysed terms.

SearchDocument is the single source of the index on both databases. The
vendor-specific index is built from it inside the database, so any write to
SearchDocument (ORM save, bulk_create, update, delete, cascade) keeps it in sync:

- SQLite: an external-content FTS5 table ``search_fts`` over
  (title_terms, body_terms), maintained by triggers, ranked by
  bm25(10.0, 1.0). The FTS5 ``ascii`` tokenizer splits on ASCII punctuation
  and spaces only, so it keeps our terms (ASCII letters/digits or non-ASCII
  letters) exactly as analyse() made them.
- PostgreSQL: a stored generated column ``vector`` =
  setweight(to_tsvector('simple', title_terms), 'A') ||
  setweight(to_tsvector('simple', body_terms), 'B'), with a GIN index.

Both are created by migration 0001 only on their own vendor. The two unmanaged
models below let the ORM join Article to them (no raw SQL in queries).

Changing the columns of a document table: on SQLite, Django rebuilds the table,
so drop the FTS5 table and its triggers first and recreate them after (as
migration 0004 does for annotations); on PostgreSQL, redefine the generated column.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from articles.models import Article


class SearchDocument(models.Model):
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name="المقال",
    )
    # analyse() terms joined by single spaces; never shown to anyone.
    title_terms = models.TextField("مصطلحات العنوان", blank=True)
    body_terms = models.TextField("مصطلحات النص", blank=True)
    indexed_at = models.DateTimeField("فُهرس في", auto_now=True)

    class Meta:
        verbose_name = "وثيقة بحث"
        verbose_name_plural = "وثائق البحث"

    def __str__(self) -> str:
        return f"search document {self.article_id}"


class SqliteFtsEntry(models.Model):
    """A row of the SQLite FTS5 table (rowid = article id). Query-only."""

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="sqlite_fts",
    )
    # FTS5's hidden column named after the table: ``search_fts = 'query'`` is MATCH.
    match = models.TextField(db_column="search_fts")
    # FTS5's hidden rank column: the configured bm25(10.0, 1.0), lower is better.
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "search_fts"


class PostgresVector(models.Model):
    """The generated tsvector column of search_searchdocument. Query-only."""

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="article_id",
        db_constraint=False,
        related_name="postgres_vector",
    )
    vector = SearchVectorField()
    # Read with the vector for ranking (search.backends): the same row, no second join.
    title_terms = models.TextField()

    class Meta:
        managed = False
        db_table = "search_searchdocument"


class AnnotationSearchDocument(models.Model):
    """The analysed terms of an annotation's comment, quoted text and speaker.

    Indexed exactly like SearchDocument: FTS5 table ``search_annotation_fts``
    on SQLite, generated ``vector`` column on PostgreSQL (migrations 0003, 0004).
    Who may see an annotation is decided at query time, never stored here.
    """

    annotation = models.OneToOneField(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name="التعليق التوضيحي",
    )
    comment_terms = models.TextField("مصطلحات التعليق", blank=True)
    quote_terms = models.TextField("مصطلحات النص المقتبس", blank=True)
    # The name of the speaker a quote is attributed to (newsroom), if any.
    speaker_terms = models.TextField("مصطلحات اسم المتحدث", blank=True, default="")

    class Meta:
        verbose_name = "وثيقة بحث لتعليق توضيحي"
        verbose_name_plural = "وثائق البحث للتعليقات التوضيحية"

    def __str__(self) -> str:
        return f"annotation search document {self.annotation_id}"


class SqliteAnnotationFtsEntry(models.Model):
    annotation = models.OneToOneField(
        "annotations.Annotation",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="sqlite_fts",
    )
    match = models.TextField(db_column="search_annotation_fts")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "search_annotation_fts"


class PostgresAnnotationVector(models.Model):
    annotation = models.OneToOneField(
        "annotations.Annotation",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="annotation_id",
        db_constraint=False,
        related_name="postgres_vector",
    )
    vector = SearchVectorField()
    comment_terms = models.TextField()

    class Meta:
        managed = False
        db_table = "search_annotationsearchdocument"


class SynonymQuerySet(models.QuerySet):
    def expression_sets(self) -> list[list[str]]:
        """Every set as its list of expressions, for search.query.expand (one query)."""
        return [split_expressions(text) for text in self.values_list("expressions", flat=True)]


def split_expressions(text: str) -> list[str]:
    """Expressions are typed one per line; blank lines carry nothing."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Synonym(models.Model):
    """A set of names for one thing (الناتو / ناتو / حلف شمال الأطلسي / NATO): a search
    for any of them finds the others. Applied to the query, so an edit takes effect at
    once on both databases and the index needs no rebuild."""

    expressions = models.TextField(
        "الأسماء",
        help_text="اكتب كل اسم أو اختصار في سطر مستقل؛ البحث عن أي منها يجد الباقي.",
    )
    note = models.CharField("ملاحظة", max_length=200, blank=True)
    updated_at = models.DateTimeField("عُدّل في", auto_now=True)

    objects = SynonymQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "مجموعة مرادفات"
        verbose_name_plural = "المرادفات"

    def __str__(self) -> str:
        return " / ".join(split_expressions(self.expressions)[:3])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if len(split_expressions(self.expressions)) < 2:
            raise ValidationError({"expressions": "اكتب اسمين على الأقل، كل اسم في سطر."})
