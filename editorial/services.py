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
from annotations.preview import Reanchoring
from articles import text
from articles.importer import Written
from articles.models import Article
from articles.revisions import article_revision_record, article_revisions_record_bulk
from assistant import services as assistant_services
from assistant.matching import tasks as matching_tasks
from core.pagecache import article_page_forget
from newsroom import services as newsroom_services


@transaction.atomic
def article_save(*, article: Article, editor: Any = None, note: str = "") -> Article:
    """Save an article edited field by field (the admin's form, ``import --update``).

    ``editor`` is who made the change (None for the importer), kept with ``note`` in
    the revision history. Article.save() bumps ``text_version`` when the title or body
    changed; each new text version is stored as a revision.
    """
    creating = article.pk is None
    version = article.text_version
    article.save()
    text_changed = creating or article.text_version != version
    if text_changed:
        article_revision_record(
            article=article, editor=editor if getattr(editor, "pk", None) else None, note=note
        )
    if creating:
        assistant_services.suggestions_enqueue(article_ids=[article.pk])
    else:
        article_changed(article=article, text_changed=text_changed)
    return article


def article_changed(*, article: Article, text_changed: bool) -> Reanchoring | None:
    """What follows a stored change of an existing article (inside its transaction);
    returns what re-anchoring did when the text changed."""
    reanchoring = None
    if text_changed:
        reanchoring = annotation_services.annotations_reanchor(article=article)
        # The assistant's suggestions follow the new text (in the background).
        assistant_services.suggestions_enqueue(article_ids=[article.pk])
    newsroom_services.claims_follow_article(article=article)
    article_page_forget(article_ids=[article.pk])
    return reanchoring


@transaction.atomic
def article_text_update(
    *,
    article: Article,
    paragraphs: Sequence[str],
    editor: Any,
    title: str | None = None,
    note: str = "",
) -> Article:
    """Replace the article's text (and title, if given), store the revision and
    re-anchor its annotations."""
    article.body = text.join_paragraphs(list(paragraphs))
    if title is not None:
        article.title = title
    return article_save(article=article, editor=editor, note=note)


def articles_written(written: Written) -> None:
    """What follows an import chunk's write (the importer calls it inside the chunk's
    transaction): updated articles as after any edit; new ones get their first revision;
    new ones get the assistant's suggestions, queued once for the whole chunk (the search
    index and listing counts follow articles_imported)."""
    article_revisions_record_bulk(articles=written.created)
    for article in written.updated:
        article_revision_record(article=article, note="تحديث من ملف مستورد")
        reanchoring = article_changed(article=article, text_changed=True)
        if reanchoring is not None and (line := reanchoring.report()):
            # The --update report says, per file, what the edit did to annotations.
            written.notes[article.pk] = line
    if written.created:  # updated ones were queued by article_changed
        assistant_services.suggestions_enqueue(article_ids=[a.pk for a in written.created])
    # Sentences that repeat a reviewed claim are flagged "checked before", in the
    # background once the chunk commits (assistant.matching.tasks).
    matching_tasks.articles_imported(article_ids=[a.pk for a in written.created])
