"""Anonymous pages, rendered once per version of what they show and kept in the cache.

A page is kept per address (host, path, page number) with the versions of what it shows
(generation keys like core.counts). Every write that changes what a page shows starts a
new version by name: ``article_page_forget`` for an article's page (annotations,
replies, moderation, verdicts, speakers, article edits and curation), ``pages_forget``
for the scopes of the other shared pages (``LISTINGS``, ``ANNOTATIONS``, ``SPEAKERS``,
``NAMES``), called in the services and from the receivers of the rows a scope covers. A
change shows at once in every process that shares the cache (Redis, DJANGO_CACHE_DIR).

A view marks the response it rendered for an anonymous request with ``share``; the
``SharedPageMiddleware``, early in the stack, keeps it on the way out (with the headers
the inner middleware added) and answers the next request for that address from the
cache while its versions are current: no session, no URL resolving, no query, no view.
Django's own cache middleware keys pages by URL and expires them by time only; these
pages must change the moment what they show does, which needs the versions.

Their ETag is the hash of the bytes, and their Last-Modified grows whenever the bytes
change, so a conditional GET is answered 304 only when the page is what the client has.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

#: Bounds what the page shows that no version tracks ("five minutes ago" on the cards,
#: names of the annotations' authors).
PAGE_CACHE_SECONDS = 300
#: What a browser or proxy may keep; stale-while-revalidate lets a proxy answer at once
#: while it asks again.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 60, "stale_while_revalidate": 300}

#: Articles, sections and publishers as listed: home, listings, archive (and the article
#: titles on speaker pages).
LISTINGS = "listings"
#: Annotations of any article as shown outside the article page (speaker pages); every
#: ``article_page_forget`` starts a new version.
ANNOTATIONS = "annotations"
#: Speakers' names and descriptions.
SPEAKERS = "speakers"
#: Section and publisher names, which every article page shows.
NAMES = "names"
#: Kept this long after its last change, so a page that changes again keeps a growing
#: Last-Modified.
_META_SECONDS = 86_400
#: The only query parameter a shared page may have: a page number, digits only.
_PAGE_PARAMETER = "page"
_MAX_PAGE_DIGITS = 7
#: In every page key: a release that changes what a kept page holds (``Kept``) changes
#: this, so it never reads what an earlier release kept in a shared cache.
KEPT_FORMAT = 2
#: Set by the middleware on a response it served from the cache (tests, debugging).
SERVED_HEADER = "X-Newsreader-Cache"


# --- Versions ------------------------------------------------------------------------


def article_version_key(article_id: int) -> str:
    return f"article-page:{article_id}:version"


def scope_key(scope: str) -> str:
    return f"shared-page:{scope}:version"


def page_versions(keys: Sequence[str]) -> tuple[int, ...]:
    """The current versions under these keys, each started on first use."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        # add, not set: another process may have started the version meanwhile.
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, None)
        found.update(cache.get_many(missing))
    return tuple(int(found.get(key) or 0) for key in keys)


def article_page_version(article_id: int) -> int:
    """The article's annotations version (set on first use)."""
    return page_versions([article_version_key(article_id)])[0]


def _bump(keys: list[str]) -> None:
    now = time.time_ns()
    cache.set_many(dict.fromkeys(keys, now), None)


def _bump_now_and_on_commit(keys: list[str]) -> None:
    # Now, so this process sees the change inside the transaction, and again once it
    # commits: a page rendered by another request between the first bump and the commit
    # showed the old rows and must not outlive them.
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def article_page_forget(*, article_ids: Iterable[int]) -> None:
    """Start a new version of these articles' pages (and of the speaker pages, which
    show annotations of any article)."""
    keys = [article_version_key(pk) for pk in sorted({int(pk) for pk in article_ids})]
    if keys:
        _bump_now_and_on_commit([*keys, scope_key(ANNOTATIONS)])


def pages_forget(*, scopes: Iterable[str]) -> None:
    """Start a new version of these scopes' pages."""
    keys = [scope_key(scope) for scope in sorted(set(scopes))]
    if keys:
        _bump_now_and_on_commit(keys)


# --- Which requests share a page ---------------------------------------------------------


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


def _settings_signature() -> str:
    # The settings that change a page's HTML.
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


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def page_key(request: HttpRequest, *, variant: str = "html") -> str:
    """Where the page at this address is kept: one entry per address and ``variant``
    (the anonymous page, or the one signed-in readers share), whatever its version. The
    scheme is part of the address: the page's absolute links (canonical, JSON-LD) use it."""
    page = request.GET.get(_PAGE_PARAMETER, "")
    address = f"{request.scheme}://{request.get_host()}|{request.path}|{page}"
    return f"shared-page:{variant}:" + _digest(f"{KEPT_FORMAT}|{address}|{_settings_signature()}")


# --- Kept pages ----------------------------------------------------------------------------


class Kept(NamedTuple):
    """A page as kept: the versions it was rendered at, its validators and its bytes."""

    version_keys: tuple[str, ...]
    versions: tuple[int, ...]
    etag: str
    last_modified: int
    content: bytes
    headers: tuple[tuple[str, str], ...]


class Share(NamedTuple):
    """What a view attaches to a response that every anonymous reader may get."""

    version_keys: tuple[str, ...]
    versions: tuple[int, ...]
    seconds: float


#: What each address's page depends on, as last kept in this process: the keys never
#: change for an address, so a hit is one cache round trip (the page and its versions).
_VERSION_KEYS: dict[str, tuple[str, ...]] = {}
_MAX_REMEMBERED = 100_000


def kept_page(key: str, version_keys: Sequence[str] | None = None) -> Kept | None:
    """The page kept under ``key`` if what it shows has not changed since; with its
    ``version_keys`` known (given, or remembered from an earlier hit), in one round trip."""
    version_keys = version_keys or _VERSION_KEYS.get(key)
    if version_keys:
        found = cache.get_many([key, *version_keys])
        kept = found.get(key)
        if kept is None:
            return None
        if kept.version_keys == tuple(version_keys):
            current = tuple(found.get(k) for k in version_keys)
            return kept if current == kept.versions else None
    kept = cache.get(key)
    if kept is None:
        return None
    if len(_VERSION_KEYS) >= _MAX_REMEMBERED:
        _VERSION_KEYS.clear()
    _VERSION_KEYS[key] = kept.version_keys
    return kept if page_versions(kept.version_keys) == kept.versions else None


def keep_page(
    key: str, response: HttpResponse, *, share: Share, headers: Iterable[tuple[str, str]] = ()
) -> Kept:
    """Keep a rendered page with its validators: the ETag is the hash of the bytes, and
    Last-Modified moves only when the bytes change (strictly later than before: HTTP
    dates count whole seconds, and a change in the second of the last render must not
    be answered 304)."""
    content = response.content
    etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    meta_key = key.replace("shared-page:", "shared-page-meta:", 1)
    meta = cache.get(meta_key)
    now = int(time.time())
    if meta is not None and meta[0] == etag:
        last_modified = meta[1]
    else:
        last_modified = max(now, meta[1] + 1) if meta is not None else now
    cache.set(meta_key, (etag, last_modified), _META_SECONDS)
    kept = Kept(share.version_keys, share.versions, etag, last_modified, content, tuple(headers))
    cache.set(key, kept, max(1, min(PAGE_CACHE_SECONDS, math.ceil(share.seconds))))
    if len(_VERSION_KEYS) >= _MAX_REMEMBERED:
        _VERSION_KEYS.clear()
    _VERSION_KEYS[key] = share.version_keys
    return kept


def share(
    request: HttpRequest,
    response: HttpResponseBase,
    *,
    version_keys: Sequence[str],
    versions: Sequence[int],
    fresh_for: float | None = None,
) -> HttpResponseBase:
    """Mark an anonymous page as the one every anonymous reader gets at ``versions``
    (read before the render, so a write during it makes the kept page out of date), for
    ``SharedPageMiddleware`` to keep; ``fresh_for``: the seconds it stays right without
    any write (e.g. until a scheduled article is published)."""
    seconds = PAGE_CACHE_SECONDS if fresh_for is None else min(PAGE_CACHE_SECONDS, fresh_for)
    response.newsreader_share = Share(tuple(version_keys), tuple(versions), seconds)  # type: ignore[attr-defined]
    # The render read the (empty) session through request.user; the page does not depend
    # on it, and Vary: Cookie would keep every proxy from sharing it.
    if hasattr(request, "session"):
        request.session.accessed = False
    return response


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "cookie" not in response.get("Vary", "").lower()
    )


def _answer(request: HttpRequest, kept: Kept) -> HttpResponseBase:
    response = HttpResponse(kept.content)
    for name, value in kept.headers:
        response[name] = value
    response["ETag"] = kept.etag
    if kept.last_modified <= time.time():
        # Never a date in the future (a burst of changes in one second runs ahead of the
        # clock); the ETag alone serves meanwhile.
        response["Last-Modified"] = http_date(kept.last_modified)
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    # With a response given, Django answers it or the 304, never None.
    return (
        get_conditional_response(
            request, etag=kept.etag, last_modified=kept.last_modified, response=response
        )
        or response
    )


#: Headers of a kept page that are the cache's own (set again on every answer).
_OWN_HEADERS = {"etag", "last-modified", "cache-control"}


class SharedPageMiddleware:
    """Answer anonymous requests from the kept pages before the rest of the stack, and
    keep the pages views ``share``. Placed after the security, CSP and static-file
    middleware (their headers are added to every answer) and before the session's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_shared_request(request, page_parameter=True):
            return self.get_response(request)
        key = page_key(request)
        kept = kept_page(key)
        if kept is not None:
            response = _answer(request, kept)
            response[SERVED_HEADER] = "hit"
            return response
        response = self.get_response(request)
        marked = getattr(response, "newsreader_share", None)
        if marked is None or not _keepable(request, response):
            return response
        headers = [(k, v) for k, v in response.items() if k.lower() not in _OWN_HEADERS]
        kept = keep_page(key, response, share=marked, headers=headers)  # type: ignore[arg-type]
        return _answer(request, kept)


def shared_page(
    *scopes: str, fresh_for: Callable[[], float | None] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Share a view's anonymous page per the versions of ``scopes``.

    ``fresh_for`` gives the seconds the page stays right without any write (None: no
    limit but PAGE_CACHE_SECONDS). Only a 200 that set no cookie and used no CSRF token
    is kept; everything else (signed-in readers, query strings other than a page number,
    htmx) is rendered as before."""
    keys = tuple(scope_key(scope) for scope in scopes)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_shared_request(request, page_parameter=True):
                return view(request, *args, **kwargs)
            versions = page_versions(keys)
            response = view(request, *args, **kwargs)
            seconds = fresh_for() if fresh_for is not None else None
            share(request, response, version_keys=keys, versions=versions, fresh_for=seconds)
            return response

        return wrapper

    return decorate
