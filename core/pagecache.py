"""Anonymous pages, rendered once per version of what they show and kept in the cache.

The article page is keyed by what it shows: the article's text version and last change,
a per-article annotations version, the host it is built for and the settings that
change its HTML. The annotations version is a generation key like core.counts: every
write that changes what the page shows (annotations, replies, moderation, verdicts,
speakers, article edits) calls ``article_page_forget`` by name, so a change shows at
once, in every process that shares the cache (Redis, DJANGO_CACHE_DIR).

The other shared pages (home, listings, archive, speakers) are cached by ``shared_page``
per the versions of the scopes they show (``LISTINGS``, ``ANNOTATIONS``, ``SPEAKERS``):
``pages_forget`` starts a new version of a scope, called by name in the services and
from the receivers of the rows a scope covers. Their ETag is the hash of the bytes, and
their Last-Modified grows whenever the bytes change, so a conditional GET is answered
304 only when the page is what the client has.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

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
    # Speaker pages show annotations of any article.
    pages_forget(scopes=[ANNOTATIONS])


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


# --- Other shared pages ------------------------------------------------------------------

#: Articles, sections and publishers as listed: home, listings, archive (and the article
#: titles on speaker pages).
LISTINGS = "listings"
#: Annotations of any article as shown outside the article page (speaker pages); every
#: ``article_page_forget`` starts a new version.
ANNOTATIONS = "annotations"
#: Speakers' names and descriptions.
SPEAKERS = "speakers"
#: Kept this long after its last change, so a page that changes again keeps a growing
#: Last-Modified.
_META_SECONDS = 86_400
#: The only query parameter a shared page may have: a page number, digits only.
_PAGE_PARAMETER = "page"
_MAX_PAGE_DIGITS = 7


def _scope_key(scope: str) -> str:
    return f"shared-page:{scope}:version"


def _bump_scopes(scopes: list[str]) -> None:
    now = time.time_ns()
    cache.set_many({_scope_key(scope): now for scope in scopes}, None)


def pages_forget(*, scopes: Iterable[str]) -> None:
    """Start a new version of these scopes' pages: now, and again once the transaction
    commits (as ``article_page_forget``)."""
    names = sorted(set(scopes))
    if not names:
        return
    _bump_scopes(names)
    transaction.on_commit(lambda: _bump_scopes(names))


def is_shared_request(request: HttpRequest, *, page_parameter: bool = False) -> bool:
    """Whether this request gets the page every anonymous reader gets.

    No session cookie means no signed-in user, known without reading the session (which
    would add Vary: Cookie); a pending message, a query string (filters, searches) or an
    htmx swap each change the page, so those are rendered as before. With
    ``page_parameter`` a listing's page number alone (digits) is shared too."""
    if (
        request.method not in ("GET", "HEAD")
        or request.headers.get("HX-Request")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
    ):
        return False
    if not request.GET:
        return True
    if not page_parameter or list(request.GET) != [_PAGE_PARAMETER]:
        return False
    values = request.GET.getlist(_PAGE_PARAMETER)
    return (
        len(values) == 1
        and values[0].isascii()
        and values[0].isdigit()
        and len(values[0]) <= _MAX_PAGE_DIGITS
    )


def _scope_versions(scopes: tuple[str, ...]) -> list[int]:
    keys = [_scope_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # add, not set: another process may have started the version meanwhile.
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, None)
        found.update(cache.get_many(missing))
    return [int(found.get(key) or 0) for key in keys]


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _shared_page_keys(request: HttpRequest, scopes: tuple[str, ...]) -> tuple[str, str]:
    """The key of the page at this version, and the key of what was last served at this
    address (its ETag and Last-Modified), whatever the version."""
    address = f"{request.get_host()}|{request.path}|{request.GET.get(_PAGE_PARAMETER, '')}"
    versions = ":".join(str(version) for version in _scope_versions(scopes))
    return (
        "shared-page:html:" + _digest(f"{address}|{versions}|{_settings_signature()}"),
        "shared-page:meta:" + _digest(address),
    )


def _keep(
    response: HttpResponse, key: str, meta_key: str, fresh_for: Callable[[], float | None] | None
) -> tuple[str, int, bytes, str]:
    content = response.content
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    now = int(time.time())
    meta = cache.get(meta_key)
    if meta is not None and meta[0] == etag:
        last_modified = meta[1]  # the same bytes: a client that has them keeps them
    else:
        # Strictly later than what was served before: HTTP dates count whole seconds,
        # and a change in the second of the last render must not answer 304.
        last_modified = max(now, meta[1] + 1) if meta is not None else now
    cache.set(meta_key, (etag, last_modified), _META_SECONDS)
    entry = (etag, last_modified, content, response.get("Content-Type", "text/html"))
    timeout = PAGE_CACHE_SECONDS
    if fresh_for is not None:
        seconds = fresh_for()
        if seconds is not None:
            timeout = max(1, min(timeout, math.ceil(seconds)))
    cache.set(key, entry, timeout)
    return entry


def _answer(request: HttpRequest, entry: tuple[str, int, bytes, str]) -> HttpResponse:
    etag, last_modified, content, content_type = entry
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if last_modified <= time.time():
        # Never a date in the future (a burst of changes in one second runs ahead of the
        # clock); the ETag alone serves meanwhile.
        response["Last-Modified"] = http_date(last_modified)
    # The render read the (empty) session through request.user; the page does not depend
    # on it, and Vary: Cookie would keep every proxy from sharing it.
    if hasattr(request, "session"):
        request.session.accessed = False
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    return response


def shared_page(
    *scopes: str, fresh_for: Callable[[], float | None] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Cache a view's anonymous page per the versions of ``scopes``.

    ``fresh_for`` gives the seconds the page stays right without any write (None: no
    limit but PAGE_CACHE_SECONDS), e.g. until a scheduled article is published. Only a
    200 that set no cookie and used no CSRF token is kept; everything else (signed-in
    readers, query strings other than a page number, htmx) is rendered as before."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_shared_request(request, page_parameter=True):
                return view(request, *args, **kwargs)
            key, meta_key = _shared_page_keys(request, scopes)
            entry = cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if (
                    response.status_code != 200
                    or response.streaming
                    or response.cookies
                    or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                ):
                    return response
                entry = _keep(response, key, meta_key, fresh_for)
            return _answer(request, entry)

        return wrapper

    return decorate
