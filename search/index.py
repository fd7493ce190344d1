"""Writing the search index: analysed terms for articles, one document per article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db import connections, transaction
from django.utils import timezone

from articles.models import Article
from core.arabic import analyse
from core.bulk import copy_rows

from .models import AnnotationSearchDocument, SearchDocument

# The fields each document is made of: a save that writes any of them re-indexes
# (search.receivers), a rebuild reads exactly these.
ARTICLE_FIELDS = frozenset({"title", "caption", "body"})
ANNOTATION_FIELDS = frozenset({"comment", "exact"})


def document_terms(*, title: str, body: str, caption: str = "") -> dict[str, str]:
    """The caption is indexed with the title: both rank first (search.backends.Ranker)."""
    heading = f"{title}\n{caption}" if caption else title
    return {"title_terms": " ".join(analyse(heading)), "body_terms": " ".join(analyse(body))}


def _insert(article: Article, terms: dict[str, str]) -> None:
    # The importer's hot path. SearchDocument.objects.create() spends about three
    # times as long in ORM bookkeeping as the INSERT itself takes, more than the
    # 1,000 articles/s import target leaves for indexing (bench/bench_search.py).
    # Values are bound parameters; names come from the model's own metadata.
    connection = connections[article._state.db or "default"]
    quote = connection.ops.quote_name
    meta = SearchDocument._meta
    fields = ("article", "title_terms", "body_terms", "indexed_at")
    columns = [str(getattr(meta.get_field(name), "column", name)) for name in fields]
    sql = "INSERT INTO {} ({}) VALUES (%s, %s, %s, %s)".format(
        quote(meta.db_table), ", ".join(quote(column) for column in columns)
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [article.pk, terms["title_terms"], terms["body_terms"], now])


def index_article(article: Article, *, created: bool = False) -> None:
    """Create or refresh the article's SearchDocument (one query in the common cases)."""
    terms = document_terms(title=article.title, body=article.body, caption=article.caption)
    if created:
        _insert(article, terms)
        return
    if not SearchDocument.objects.filter(article_id=article.pk).update(
        **terms, indexed_at=timezone.now()
    ):
        SearchDocument.objects.create(article_id=article.pk, **terms)


def index_new_articles(articles: Iterable[Article]) -> None:
    """Index articles just inserted in bulk (they have no document yet): one COPY on
    PostgreSQL, one INSERT per batch elsewhere."""
    articles = list(articles)
    if not articles:
        return
    connection = connections[articles[0]._state.db or "default"]
    if connection.vendor == "postgresql":
        _copy_new(connection, articles)
        return
    SearchDocument.objects.bulk_create(
        SearchDocument(
            article_id=a.pk, **document_terms(title=a.title, body=a.body, caption=a.caption)
        )
        for a in articles
    )


def _copy_new(connection, articles: list[Article]) -> None:
    # The import's hot path on PostgreSQL: bulk_create binds every value client-side
    # (psycopg quotes each array element in Python), which cost more than the server's
    # own work on the rows. COPY streams the rows through psycopg's C row encoder, and
    # the server computes the generated ``vector`` column and its GIN entries of the
    # first rows while the terms of the next ones are analysed here.
    meta = SearchDocument._meta
    fields = ("article", "title_terms", "body_terms", "indexed_at")
    columns = [str(getattr(meta.get_field(name), "column", name)) for name in fields]
    now = timezone.now()

    def rows() -> Iterator[tuple]:
        for a in articles:
            terms = document_terms(title=a.title, body=a.body, caption=a.caption)
            yield (a.pk, terms["title_terms"], terms["body_terms"], now)

    copy_rows(connection, meta.db_table, columns, rows())


def rebuild(*, batch_size: int = 2000, articles: Iterable[Article] | None = None) -> int:
    """Re-index every article (or the given ones) in batches; returns the number indexed."""
    if articles is None:
        # Batch by batch, so readers keep an index while it is rebuilt. Documents
        # of deleted articles cannot exist: they are deleted by cascade.
        articles = (
            Article.objects.only("pk", *sorted(ARTICLE_FIELDS))
            .order_by("pk")
            .iterator(chunk_size=batch_size)
        )
    count = 0
    batch: list[SearchDocument] = []

    def flush() -> None:
        with transaction.atomic():
            SearchDocument.objects.filter(pk__in=[doc.pk for doc in batch]).delete()
            SearchDocument.objects.bulk_create(batch)
        batch.clear()

    for article in articles:
        batch.append(
            SearchDocument(
                article_id=article.pk,
                **document_terms(title=article.title, body=article.body, caption=article.caption),
            )
        )
        count += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return count


def annotation_terms(*, comment: str, exact: str, speaker: str = "") -> dict[str, str]:
    return {
        "comment_terms": " ".join(analyse(comment)),
        "quote_terms": " ".join(analyse(exact)),
        "speaker_terms": " ".join(analyse(speaker)),
    }


def _speaker_names(annotation_ids) -> dict[int, str]:
    """The attributed speaker's names per annotation (newsroom's QuoteAttribution): the
    name and its other spellings, so a quote moved by a merge is still found by the
    merged speaker's name."""
    if not apps.is_installed("newsroom"):
        return {}
    from newsroom.models import QuoteAttribution

    rows = QuoteAttribution.objects.filter(annotation_id__in=annotation_ids).values_list(
        "annotation_id", "speaker__name", "speaker__other_names"
    )
    return {annotation_id: f"{name}\n{other_names}" for annotation_id, name, other_names in rows}


def index_annotation(annotation, *, created: bool = False) -> None:
    """Create or refresh an annotation's search document (annotations arrive one by one)."""
    speaker = "" if created else _speaker_names([annotation.pk]).get(annotation.pk, "")
    terms = annotation_terms(comment=annotation.comment, exact=annotation.exact, speaker=speaker)
    if created or not AnnotationSearchDocument.objects.filter(annotation_id=annotation.pk).update(
        **terms
    ):
        AnnotationSearchDocument.objects.create(annotation_id=annotation.pk, **terms)


def index_speakers(annotation_ids) -> None:
    """Refresh only the speaker terms (attribution made, changed or removed, speaker renamed).

    Never creates a document: on a cascade the annotation may be going away.
    """
    names = _speaker_names(annotation_ids)
    for annotation_id in annotation_ids:
        AnnotationSearchDocument.objects.filter(annotation_id=annotation_id).update(
            speaker_terms=" ".join(analyse(names.get(annotation_id, "")))
        )


def rebuild_annotations(*, batch_size: int = 2000) -> int:
    """Re-index every annotation in batches; returns the number indexed."""
    from annotations.models import Annotation

    count = 0
    batch: list[AnnotationSearchDocument] = []

    def flush() -> None:
        speakers = _speaker_names([doc.pk for doc in batch])
        for doc in batch:
            doc.speaker_terms = " ".join(analyse(speakers.get(doc.pk, "")))
        with transaction.atomic():
            AnnotationSearchDocument.objects.filter(pk__in=[doc.pk for doc in batch]).delete()
            AnnotationSearchDocument.objects.bulk_create(batch)
        batch.clear()

    annotations = Annotation.objects.only("pk", *sorted(ANNOTATION_FIELDS)).order_by("pk")
    for annotation in annotations.iterator(chunk_size=batch_size):
        batch.append(
            AnnotationSearchDocument(
                annotation_id=annotation.pk,
                **annotation_terms(comment=annotation.comment, exact=annotation.exact),
            )
        )
        count += 1
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return count
