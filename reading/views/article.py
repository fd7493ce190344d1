"""The article page: the text with its marks, the annotation panel, and the newsroom's
verdicts and speakers on the cards."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.safestring import mark_safe

from annotations.models import Annotation, Reply
from api.discovery import add_annotation_service_link, annotation_service_link
from articles import text
from articles.models import Article
from core import pagecache
from core.http import HtmxHttpRequest
from newsroom.permissions import is_editor

from ..panel import article_annotations

DESCRIPTION_CHARS = 200


#: Stand-ins in the page kept for signed-in readers, filled in per request. Raw "<" can
#: never come from what a user wrote (every piece of it is escaped), so the only
#: occurrences are these.
CSRF_MARK = "<!--newsreader:csrf-->"
USERNAME_MARK = "<!--newsreader:username-->"


def article_detail(request: HtmxHttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    if _shared_page(request):
        return _cached_article_detail(request, pk, slug)
    if _reader_page(request):
        return _reader_article_detail(request, pk, slug)
    return _article_detail(request, pk, slug)


def _shared_page(request: HtmxHttpRequest) -> bool:
    # No query string at all: the panel's filters change the page.
    return pagecache.is_shared_request(request)


def _reader_page(request: HtmxHttpRequest) -> bool:
    """Whether this signed-in request may get the page kept for readers: a reader
    (neither staff nor editor: their pages carry their tools) asking for the plain page,
    with no message waiting in the session."""
    user = request.user
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.htmx
        and user.is_authenticated
        and not user.is_staff
        and not is_editor(user)
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and "_messages" not in request.session
    )


def _owns_something_on(user, article_id: int) -> bool:
    # An annotation (of any visibility, hidden or not) or a reply of the reader's own:
    # their cards carry their buttons and their private notes, so their page is theirs.
    return (
        Annotation.objects.filter(article_id=article_id, author=user).exists()
        or Reply.objects.filter(annotation__article_id=article_id, author=user).exists()
    )


def _reader_article_detail(request: HtmxHttpRequest, pk: int, slug: str | None) -> HttpResponse:
    """The article page of a signed-in reader with nothing of their own on the article:
    the page every such reader gets, kept per version as the anonymous one, with their
    name and CSRF token put in. It is rendered with only what everyone may see (public,
    not hidden annotations) whoever renders it, so nobody's private note can be in it;
    a reader with an annotation or reply of their own gets their own render."""
    row = (
        Article.objects.visible_to(request.user)
        .filter(pk=pk)
        .values_list("slug", "text_version", "updated_at")
        .first()
    )
    if row is None or row[0] != slug or _owns_something_on(request.user, pk):
        return _article_detail(request, pk, slug)
    key = pagecache.article_page_key(
        article_id=pk, text_version=row[1], changed=row[2].isoformat(), host=request.get_host()
    )
    key += ":reader"
    content = cache.get(key)
    if content is None:
        rendered = _article_detail(
            request,
            pk,
            slug,
            shared=True,
            marks={"csrf_token": mark_safe(CSRF_MARK), "account_name": mark_safe(USERNAME_MARK)},
        )
        if rendered.status_code != 200:
            return rendered
        content = rendered.content
        cache.set(key, content, pagecache.PAGE_CACHE_SECONDS)
    content = content.replace(CSRF_MARK.encode(), get_token(request).encode()).replace(
        USERNAME_MARK.encode(), escape(request.user.get_username()).encode()
    )
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    response["Link"] = annotation_service_link(request, pk)
    return response


def _cached_article_detail(request: HtmxHttpRequest, pk: int, slug: str | None) -> HttpResponse:
    row = (
        Article.objects.visible_to(AnonymousUser())
        .filter(pk=pk)
        .values_list("slug", "text_version", "updated_at")
        .first()
    )
    if row is None or row[0] != slug:
        return _article_detail(request, pk, slug)
    key = pagecache.article_page_key(
        article_id=pk, text_version=row[1], changed=row[2].isoformat(), host=request.get_host()
    )
    etag = f'"{key.rsplit(":", 1)[1]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        content = cache.get(key)
        if content is None:
            rendered = _article_detail(request, pk, slug)
            if rendered.status_code != 200:
                return rendered
            content = rendered.content
            cache.set(key, content, pagecache.PAGE_CACHE_SECONDS)
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
        response["Link"] = annotation_service_link(request, pk)
    # The render read the (empty) session through request.user; the page does not depend
    # on it, and Vary: Cookie would keep every proxy from sharing it.
    if hasattr(request, "session"):
        request.session.accessed = False
    response["ETag"] = etag
    patch_cache_control(response, **pagecache.PUBLIC_CACHE_CONTROL)
    return response


def _article_detail(
    request: HtmxHttpRequest,
    pk: int,
    slug: str | None,
    *,
    shared: bool = False,
    marks: dict[str, str] | None = None,
) -> HttpResponse:
    """The page as rendered for this request; ``shared``: with only what every reader
    may see, and ``marks`` in the context in place of the per-request values."""
    article = get_object_or_404(Article.objects.visible_to(request.user).with_related(), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    description = _description(article)
    annotations = article_annotations(request, article, shared=shared)
    if request.htmx and request.htmx.target == "annotations-panel":
        # The panel's filter links swap just the panel.
        return render(
            request,
            "articles/article_detail.html#annotations",
            {"article": article, **annotations},
        )
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "canonical_url": canonical_url,
            "description": description,
            "published_local": timezone.localtime(article.published_at),
            "json_ld": _news_article_json_ld(article, canonical_url, description),
            "next_url": request.get_full_path(),
            **annotations,
            **(marks or {}),
        },
    )
    # W3C protocol discovery: the page names its annotation container.
    return add_annotation_service_link(response, request, article)


def _description(article: Article) -> str:
    first = article.paragraphs[0] if article.paragraphs else ""
    if len(first) <= DESCRIPTION_CHARS:
        return first
    return first[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] + "…"


def _news_article_json_ld(article: Article, url: str, description: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.title,
        "description": description,
        "inLanguage": "ar",
        "articleSection": article.section.name,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "wordCount": text.word_count(article.body),
        "publisher": {"@type": "Organization", "name": article.publisher.name},
        "isPartOf": {"@type": "WebSite", "name": settings.NEWSREADER_SITE_NAME},
    }
