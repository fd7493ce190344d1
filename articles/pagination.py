"""Article listings' pagination: counts cached per listing and audience (LISTING_COUNTS,
renewed by articles.receivers on every article write), pages read ids-first from the
listing's index (core.pagination.IndexPaginator)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.counts import CountCache
from core.pagination import IndexPaginator

LISTING_COUNTS = CountCache("articles")


class ArticlePaginator(IndexPaginator):
    """Paginate a filtered, ordered Article queryset; ``count_key`` names the listing
    (and audience) so its count can be cached, or None to always count."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count_key: str | None = None):
        from .models import Article

        def fetch(ids: QuerySet) -> QuerySet:
            # The page's ids as a subquery: the OFFSET walks the index, one query.
            return Article.objects.filter(pk__in=ids).for_listing()

        super().__init__(
            object_list, per_page, fetch=fetch, counts=LISTING_COUNTS, count_key=count_key
        )
