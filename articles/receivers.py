"""What happens on save in the articles app, besides what the services do by name.

Cache invalidation only: any write of an article starts a new generation of the cached
listing counts (one save, a delete, or a bulk insert by the article services).
"""

from django.db.models.signals import post_delete, post_save

from .models import Article
from .pagination import LISTING_COUNTS
from .signals import articles_imported


def connect() -> None:
    post_save.connect(LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles_counts_s")
    post_delete.connect(LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles_counts_d")
    articles_imported.connect(LISTING_COUNTS.forget, dispatch_uid="articles_counts_bulk")
