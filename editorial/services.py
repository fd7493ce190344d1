"""The site's writes of articles, each calling by name what must follow it, in one
transaction: a changed text re-anchors the article's annotations (annotations.services),
a changed section or publisher moves its claims' copies (newsroom.services). The search
index and cached counts follow through receivers (search.receivers, articles.receivers).

The admin, the importer (editorial.imports) and the management commands write articles
through these functions only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from annotations import services as annotation_services
from articles import text
from articles.importer import Written
from articles.models import Article
from assistant.matching import tasks as matching_tasks
from newsroom import services as newsroom_services


@transaction.atomic
def article_save(*, article: Article, editor: Any = None) -> Article:
    """Save an article edited field by field (the admin's form, ``import --update``).

    ``editor`` is who made the change (None for the importer), kept for the revision
    history. Article.save() bumps ``text_version`` when the title or body changed.
    """
    creating = article.pk is None
    version = article.text_version
    article.save()
    if not creating:
        article_changed(article=article, text_changed=article.text_version != version)
    return article


def article_changed(*, article: Article, text_changed: bool) -> None:
    """What follows a stored change of an existing article (inside its transaction)."""
    if text_changed:
        annotation_services.annotations_reanchor(article=article)
    newsroom_services.claims_follow_article(article=article)


@transaction.atomic
def article_text_update(
    *,
    article: Article,
    paragraphs: Sequence[str],
    editor: Any,
    title: str | None = None,
) -> Article:
    """Replace the article's text (and title, if given) and re-anchor its annotations."""
    article.body = text.join_paragraphs(list(paragraphs))
    if title is not None:
        article.title = title
    return article_save(article=article, editor=editor)


def articles_written(written: Written) -> None:
    """What follows an import chunk's write (the importer calls it inside the chunk's
    transaction): updated articles as after any edit; new articles are looked over for
    claims checked before. The search index and listing counts follow articles_imported."""
    for article in written.updated:
        article_changed(article=article, text_changed=True)
    # Sentences that repeat a reviewed claim are flagged "checked before", in the
    # background once the chunk commits (assistant.matching.tasks).
    matching_tasks.articles_imported(article_ids=[a.pk for a in written.created])
