"""Numbered pagination for article listings that stays fast with 100,000+ articles.

Two costs grow with the table: the COUNT(*) a numbered pager needs, and the rows an
OFFSET skips. ArticlePaginator reads a page's ids from the listing's index alone and
fetches only those rows, and keeps the count of long listings in the cache for a
minute. Any save or delete of an article (the importer and the admin save one by one)
starts a new cache generation, so counts never outlive a change made in this process;
changes from elsewhere (another process with a local-memory cache, a scheduled article
going live) show within COUNT_CACHE_SECONDS.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

GENERATION_KEY = "articles:listing-generation"
COUNT_CACHE_SECONDS = 60
#: Short listings count faster than a cache round trip could save.
CACHE_COUNTS_FROM = 2_000


class ArticlePaginator(Paginator):
    """Paginate a filtered, ordered Article queryset; `count_key` names the listing
    (and audience) so its count can be cached, or None to always count."""

    def __init__(self, object_list, per_page: int, *, count_key: str | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        key = None
        if self.count_key is not None:
            generation = cache.get_or_set(GENERATION_KEY, time.time_ns, None)
            key = f"articles:count:{generation}:{self.count_key}"
            cached = cache.get(key)
            if cached is not None:
                return cached
        count = self.object_list.count()
        if key is not None and count >= CACHE_COUNTS_FROM:
            cache.set(key, count, COUNT_CACHE_SECONDS)
        return count

    def page(self, number) -> Page:
        from .models import Article

        page = super().page(number)
        # The OFFSET is walked in the index only; one query fetches the page's rows.
        ids = page.object_list.values("pk")
        page.object_list = Article.objects.filter(pk__in=ids).for_listing()
        return page


def forget_listing_counts(**kwargs) -> None:
    """Signal receiver: every article save or delete starts a new count generation."""
    cache.set(GENERATION_KEY, time.time_ns(), None)
