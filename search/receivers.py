"""Keep the search index in step with articles, annotations and speakers.

The apps below search must not know it, so it listens: article and annotation saves
re-index through post_save; the article services' bulk inserts through
articles.signals.articles_imported; a speaker merge through
newsroom.signals.quotes_reattributed. Deleting an article or annotation deletes its
document by cascade, and the database-side triggers or generated column follow. A save
with update_fields that names no indexed field (search.index.ARTICLE_FIELDS: title,
caption, body; ANNOTATION_FIELDS: comment, quoted text), such as publish, feature or
hide, is skipped: visibility is decided at query time. Other writes that bypass save() need `manage.py rebuild_search_index`.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from annotations.models import Annotation
from articles.models import Article
from articles.signals import articles_imported
from newsroom.models import QuoteAttribution, Speaker
from newsroom.signals import quotes_reattributed

from .index import (
    ANNOTATION_FIELDS,
    ARTICLE_FIELDS,
    index_annotation,
    index_article,
    index_new_articles,
    index_speakers,
)


def _text_unchanged(update_fields, text_fields: frozenset[str]) -> bool:
    # save(update_fields=[...]) that leaves every indexed field alone (publish, feature,
    # hide). Fields are compared by name: update_fields may be any iterable.
    return update_fields is not None and not text_fields & set(update_fields)


def article_saved(sender, instance: Article, created: bool, update_fields=None, **kwargs) -> None:
    if not _text_unchanged(update_fields, ARTICLE_FIELDS):
        index_article(instance, created=created)


def articles_imported_in_bulk(sender, articles: list[Article], **kwargs) -> None:
    index_new_articles(articles)


def annotation_saved(
    sender, instance: Annotation, created: bool, update_fields=None, raw: bool = False, **kwargs
) -> None:
    # A raw save (loaddata, undoing a deletion) brings its search document with it.
    if not raw and not _text_unchanged(update_fields, ANNOTATION_FIELDS):
        index_annotation(instance, created=created)


def attribution_changed(
    sender: Any, instance: QuoteAttribution, raw: bool = False, **kwargs: Any
) -> None:
    """Speaker names are searchable with the quotes attributed to them."""
    if raw:  # restored with its search document (see annotation_saved)
        return
    index_speakers([instance.annotation_id])


def quotes_moved(sender: Any, annotation_ids: list[int], **kwargs: Any) -> None:
    index_speakers(annotation_ids)


def speaker_saved(sender: Any, instance: Speaker, created: bool, **kwargs: Any) -> None:
    if not created:
        index_speakers(list(instance.quotes.values_list("annotation_id", flat=True)))


def connect() -> None:
    post_save.connect(article_saved, sender=Article, dispatch_uid="search_article")
    articles_imported.connect(articles_imported_in_bulk, dispatch_uid="search_articles_bulk")
    post_save.connect(annotation_saved, sender=Annotation, dispatch_uid="search_annotation")
    post_save.connect(attribution_changed, sender=QuoteAttribution, dispatch_uid="search_quote_s")
    post_delete.connect(attribution_changed, sender=QuoteAttribution, dispatch_uid="search_quote_d")
    quotes_reattributed.connect(quotes_moved, dispatch_uid="search_quotes_moved")
    post_save.connect(speaker_saved, sender=Speaker, dispatch_uid="search_speaker")
