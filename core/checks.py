"""Deploy checks of the project's own (``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """gunicorn runs several workers: with a cache of each process's own, a page kept by
    one worker and the counts and roles it keeps do not learn of a write made through
    another (core.pagecache, core.counts)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                "The default cache is per process: a change made through one app process "
                "shows in another's kept pages and counts only when they expire.",
                hint="Set DJANGO_CACHE_DIR (the workers of one machine) or REDIS_URL "
                "(several machines).",
                id="newsreader.W001",
            )
        ]
    return []
