"""Keep the search index in step with articles, annotations and speakers.

Article and annotation creation and edits (admin, services, shell, the importer's
file-by-file path) re-index through post_save; the importer's bulk inserts through
articles_imported. Deleting an article or
annotation deletes its document by cascade, and the database-side triggers or
generated column follow. Saves that leave the text alone (publish, feature,
hide) are skipped: visibility is decided at query time. Writes that bypass
save() (QuerySet.update, bulk_create) need `manage.py rebuild_search_index`.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from annotations.models import Annotation
from articles.models import Article
from articles.signals import articles_imported

from .index import index_annotation, index_article, index_new_articles, index_speakers


def _text_unchanged(update_fields, text_fields: set[str]) -> bool:
    # save(update_fields=[...]) that leaves the text alone (publish, feature, hide).
    return update_fields is not None and not text_fields & set(update_fields)


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def article_saved(sender, instance: Article, created: bool, update_fields=None, **kwargs) -> None:
    if not _text_unchanged(update_fields, {"title", "body"}):
        index_article(instance, created=created)


@receiver(articles_imported, sender=Article, dispatch_uid="search_index_imported_articles")
def articles_imported_in_bulk(sender, articles: list[Article], **kwargs) -> None:
    index_new_articles(articles)


@receiver(post_save, sender=Annotation, dispatch_uid="search_index_annotation")
def annotation_saved(
    sender, instance: Annotation, created: bool, update_fields=None, **kwargs
) -> None:
    if not _text_unchanged(update_fields, {"comment", "exact"}):
        index_annotation(instance, created=created)


def _connect_newsroom() -> None:
    """Speaker names are searchable with the quotes attributed to them."""
    from newsroom.models import QuoteAttribution, Speaker

    def attribution_changed(sender, instance: QuoteAttribution, **kwargs) -> None:
        index_speakers([instance.annotation_id])

    def speaker_saved(sender, instance: Speaker, created: bool, **kwargs) -> None:
        if not created:
            index_speakers(list(instance.quotes.values_list("annotation_id", flat=True)))

    post_save.connect(
        attribution_changed, sender=QuoteAttribution, dispatch_uid="search_quote_saved"
    )
    post_delete.connect(
        attribution_changed, sender=QuoteAttribution, dispatch_uid="search_quote_deleted"
    )
    post_save.connect(speaker_saved, sender=Speaker, dispatch_uid="search_speaker_saved")


if apps.is_installed("newsroom"):
    _connect_newsroom()
