"""Article revisions: every change of an article's text keeps the text it became.

``article_revision_record`` is called, by name, by whatever writes an article's
text (the text-update service the admin edit and ``import_articles --update``
go through) in the same transaction, after the save that bumped
``text_version``.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from core.bulk import insert_new

from .models import Article, ArticleRevision


def article_revision_record(
    *, article: Article, editor: User | None = None, note: str = ""
) -> ArticleRevision:
    """Store the article's current text as revision ``article.text_version``.

    Idempotent per version: recording the same version twice returns the first
    record (a save that did not change the text records nothing new).
    """
    with transaction.atomic():
        revision, _ = ArticleRevision.objects.get_or_create(
            article=article,
            number=article.text_version,
            defaults={
                "title": article.title,
                "body": article.body,
                "editor": editor,
                "note": note[:300],
            },
        )
    return revision


def article_revisions_record_bulk(*, articles: list[Article]) -> None:
    """The first revision of newly imported articles, in bulk (COPY on PostgreSQL).

    The articles were inserted in this transaction (articles.services
    .articles_create_bulk), with new ids: none can have a revision yet, so none is
    looked up. (COPY cannot skip a conflicting row; one would fail the write, which the
    importer then reports file by file.)"""
    insert_new(
        [
            ArticleRevision(article=a, number=a.text_version, title=a.title, body=a.body)
            for a in articles
        ],
        batch_size=500,
    )
