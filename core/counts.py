"""Counts of long listings (articles, the claims queue), cached per key.

A numbered pager needs a COUNT(*) that grows with the table. CountCache keeps the counts
of long listings in the cache for a minute. Every write of a counted row starts a new
cache generation (each app's receivers.py calls ``forget``), so counts never outlive a
change; with a cache shared by every process (Redis, DJANGO_CACHE_DIR) that holds across
processes too. Short listings are always counted: exact, and cheaper than a cache round trip.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

COUNT_CACHE_SECONDS = 60
#: Short listings count faster than a cache round trip could save.
CACHE_COUNTS_FROM = 2_000

T = TypeVar("T")


class CountCache:
    """Counts of one kind of listing, cached per key under a shared generation."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.generation_key = f"{scope}:count-generation"

    def get(
        self,
        key: str,
        count: Callable[[], T],
        *,
        size: Callable[[Any], int] = int,
        keep_from: int | None = None,
    ) -> T:
        """The cached value for ``key``, or ``count()``, kept when ``size`` of it is at
        least ``keep_from`` (default CACHE_COUNTS_FROM, read at each call; 0: always,
        for counts that are slow however small: a rare match found among many rows)."""
        generation = cache.get_or_set(self.generation_key, time.time_ns, None)
        full_key = f"{self.scope}:count:{generation}:{key}"
        value = cache.get(full_key)
        if value is None:
            value = count()
            if size(value) >= (CACHE_COUNTS_FROM if keep_from is None else keep_from):
                cache.set(full_key, value, COUNT_CACHE_SECONDS)
        return value

    def forget(self, **kwargs: Any) -> None:
        """Start a new generation; also a signal receiver for saves and deletes."""
        cache.set(self.generation_key, time.time_ns(), None)
