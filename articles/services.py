"""Writes of articles alone: what the articles app can do without knowing the apps above
it. The site's article writes, with what must follow them, are editorial.services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from core import pagecache
from core.bulk import insert_new

from .models import Article
from .pagination import LISTING_COUNTS
from .signals import articles_imported

#: Fields curated in the admin that change who sees an article, not what it says.
CURATION_FIELDS = ("status", "featured")


def articles_create_bulk(*, articles: list[Article]) -> list[Article]:
    """Insert new articles (prepared by Article.prepare) in bulk (COPY on PostgreSQL), and
    tell the search index and the listing counts (bulk_create sends no post_save)."""
    if not articles:
        return []
    for article in articles:
        article.prepare()
    created = insert_new(articles)
    articles_imported.send(sender=Article, articles=created)
    return created


@transaction.atomic
def articles_curate(*, articles: QuerySet[Article], field: str, value: Any) -> int:
    """Publish, unpublish, feature or unfeature: set ``field`` on the articles that
    differ, in one UPDATE; returns how many changed. The text is untouched, so nothing
    needs re-anchoring or re-indexing (visibility is decided at query time)."""
    if field not in CURATION_FIELDS:
        raise ValueError(f"Not a curation field: {field}")
    targets = articles.exclude(**{field: value})
    # The ids whose own pages change; the UPDATE keeps the queryset's own WHERE (an
    # admin action on every article would be too many parameters for an IN list).
    ids = list(targets.values_list("pk", flat=True))
    changed = targets.update(**{field: value})
    if changed:
        # QuerySet.update() sends no post_save: renew the listing counts and pages, and
        # the articles' own pages (who may see them), by name.
        LISTING_COUNTS.forget()
        pagecache.pages_forget(scopes=[pagecache.LISTINGS])
        pagecache.article_page_forget(article_ids=ids)
    return changed
