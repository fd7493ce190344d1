"""Keep the search index in step with articles.

Article creation and edits (admin, importer's per-article save(), shell)
re-index through post_save. Deleting an article deletes its SearchDocument by
cascade, and the database-side triggers/generated column follow. Writes that
bypass save() (QuerySet.update, bulk_create) need `manage.py rebuild_search_index`.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article

from .index import index_article


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def article_saved(sender, instance: Article, created: bool, raw: bool, **kwargs) -> None:
    index_article(instance, created=created)
