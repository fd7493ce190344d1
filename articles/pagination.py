"""Numbered pagination for listings that stays fast with 100,000+ rows.

Two costs grow with the table: the COUNT(*) a numbered pager needs, and the rows an
OFFSET skips. ArticlePaginator reads a page's ids from the listing's index alone and
fetches only those rows. CountCache keeps the counts of long listings (here and in the
claims queue) in the cache for a minute. Any save or delete of a counted row starts a
new cache generation, so counts never outlive a change made in this process; changes
from elsewhere (another process with a local-memory cache, a scheduled article going
live) show within COUNT_CACHE_SECONDS. Short listings are always counted: exact, and
cheaper than a cache round trip.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

COUNT_CACHE_SECONDS = 60
#: Short listings count faster than a cache round trip could save.
CACHE_COUNTS_FROM = 2_000

T = TypeVar("T")


class CountCache:
    """Counts of one kind of listing, cached per key under a shared generation."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.generation_key = f"{scope}:count-generation"

    def get(self, key: str, count: Callable[[], T], *, size: Callable[[T], int] = int) -> T:
        """The cached value for ``key``, or ``count()``, kept when ``size`` of it is long."""
        generation = cache.get_or_set(self.generation_key, time.time_ns, None)
        full_key = f"{self.scope}:count:{generation}:{key}"
        value = cache.get(full_key)
        if value is None:
            value = count()
            if size(value) >= CACHE_COUNTS_FROM:
                cache.set(full_key, value, COUNT_CACHE_SECONDS)
        return value

    def forget(self, **kwargs) -> None:
        """Start a new generation; also a signal receiver for saves and deletes."""
        cache.set(self.generation_key, time.time_ns(), None)


LISTING_COUNTS = CountCache("articles")


class ArticlePaginator(Paginator):
    """Paginate a filtered, ordered Article queryset; `count_key` names the listing
    (and audience) so its count can be cached, or None to always count."""

    def __init__(self, object_list, per_page: int, *, count_key: str | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if self.count_key is None:
            return self.object_list.count()
        return LISTING_COUNTS.get(self.count_key, self.object_list.count)

    def page(self, number) -> Page:
        from .models import Article

        page = super().page(number)
        # The OFFSET is walked in the index only; one query fetches the page's rows.
        ids = page.object_list.values("pk")
        page.object_list = Article.objects.filter(pk__in=ids).for_listing()
        return page
