"""What happens on save in the articles app, besides what the services do by name.

Cache invalidation only: any write of an article, a section or a publisher starts a new
generation of the cached listing counts (articles only) and a new version of the cached
listing pages (home, listings, archive: core.pagecache.LISTINGS), whether one save, a
delete, or a bulk insert by the article services; a saved or deleted article starts a
new version of its own page, a section or publisher one of every article page
(core.pagecache.NAMES).
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from core import pagecache

from .models import Article, Publisher, Section
from .pagination import LISTING_COUNTS
from .signals import articles_imported


def listings_changed(**kwargs: Any) -> None:
    pagecache.pages_forget(scopes=[pagecache.LISTINGS])


def article_changed(*, instance: Article, **kwargs: Any) -> None:
    # Its own page: the text, the title, who may see it (status, publication time).
    pagecache.article_page_forget(article_ids=[instance.pk])


def names_changed(**kwargs: Any) -> None:
    # Every article page shows its section's and publisher's names.
    pagecache.pages_forget(scopes=[pagecache.LISTINGS, pagecache.NAMES])


def connect() -> None:
    post_save.connect(LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles_counts_s")
    post_delete.connect(LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles_counts_d")
    articles_imported.connect(LISTING_COUNTS.forget, dispatch_uid="articles_counts_bulk")
    articles_imported.connect(listings_changed, dispatch_uid="articles_pages_bulk")
    post_save.connect(listings_changed, sender=Article, dispatch_uid="articles_pages_s")
    post_delete.connect(listings_changed, sender=Article, dispatch_uid="articles_pages_d")
    post_save.connect(article_changed, sender=Article, dispatch_uid="articles_page_s")
    post_delete.connect(article_changed, sender=Article, dispatch_uid="articles_page_d")
    for model in (Section, Publisher):
        name = model._meta.model_name
        post_save.connect(names_changed, sender=model, dispatch_uid=f"articles_names_s_{name}")
        post_delete.connect(names_changed, sender=model, dispatch_uid=f"articles_names_d_{name}")
