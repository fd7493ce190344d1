"""The anonymous article page, rendered once per version and kept in the cache.

A page is keyed by what it shows: the article's text version and last change, a
per-article annotations version, the host it is built for and the settings that change
its HTML. The annotations version is a generation key like core.counts: every write
that changes what the page shows (annotations, replies, moderation, verdicts, speakers,
article edits) calls ``article_page_forget`` by name, so a change shows at once, in
every process that shares the cache (Redis, DJANGO_CACHE_DIR).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

#: Bounds what the page shows that no version tracks (section and publisher names,
#: "five minutes ago" on the cards).
PAGE_CACHE_SECONDS = 300
#: What a browser or proxy may keep; stale-while-revalidate lets a proxy answer at once
#: while it asks again.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 60, "stale_while_revalidate": 300}


def _version_key(article_id: int) -> str:
    return f"article-page:{article_id}:version"


def article_page_version(article_id: int) -> int:
    """The article's annotations version (set on first use)."""
    key = _version_key(article_id)
    version = cache.get(key)
    if version is None:
        # add, not set: another process may have started the version meanwhile.
        cache.add(key, time.time_ns(), None)
        version = cache.get(key)
    return int(version or 0)


def _bump(article_ids: list[int]) -> None:
    now = time.time_ns()
    cache.set_many({_version_key(pk): now for pk in article_ids}, None)


def article_page_forget(*, article_ids: Iterable[int]) -> None:
    """Start a new version of these articles' pages.

    Now, so this process sees the change inside the transaction, and again once it
    commits: a page rendered by another request between the first bump and the commit
    showed the old rows and must not outlive them."""
    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return
    _bump(ids)
    transaction.on_commit(lambda: _bump(ids))


def _settings_signature() -> str:
    # The settings that change the page's HTML.
    return "|".join(
        str(value)
        for value in (
            settings.NEWSREADER_ARABIC_INDIC_DIGITS,
            settings.NEWSREADER_SITE_NAME,
            settings.TIME_ZONE,
            settings.LANGUAGE_CODE,
            settings.STATIC_URL,
        )
    )


def article_page_key(*, article_id: int, text_version: int, changed: str, host: str) -> str:
    """The cache key of one rendered page; its hash is the page's ETag too."""
    version = article_page_version(article_id)
    raw = f"{article_id}:{text_version}:{changed}:{version}:{host}:{_settings_signature()}"
    return "article-page:html:" + hashlib.sha256(raw.encode()).hexdigest()[:32]
