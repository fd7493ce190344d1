"""The article page: the text with its marks, the annotation panel, and the newsroom's
verdicts and speakers on the cards."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from annotations.ownership import owns_something_on
from api.discovery import add_annotation_service_link
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
        # Read before the render: a write during it leaves the kept page out of date.
        keys = article_page_keys(pk)
        versions = pagecache.page_versions(keys)
        response = _article_detail(request, pk, slug)
        pagecache.share(request, response, version_keys=keys, versions=versions)
        return response
    if _reader_page(request):
        return _reader_article_detail(request, pk, slug)
    return _article_detail(request, pk, slug)


def article_page_keys(pk: int) -> tuple[str, ...]:
    """The versions an article page is kept at: the article's own (its text, curation,
    annotations, replies, verdicts, speakers) and the section and publisher names."""
    return (pagecache.article_version_key(pk), pagecache.scope_key(pagecache.NAMES))


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


def _reader_article_detail(request: HtmxHttpRequest, pk: int, slug: str | None) -> HttpResponse:
    """The article page of a signed-in reader with nothing of their own on the article:
    the page every such reader gets, kept per version as the anonymous one, with their
    name and CSRF token put in. It is rendered with only what everyone may see (public,
    not hidden annotations) whoever renders it, so nobody's private note can be in it;
    a reader with an annotation or reply of their own gets their own render."""
    if owns_something_on(request.user, pk):
        return _article_detail(request, pk, slug)
    key = pagecache.page_key(request, variant="reader")
    keys = article_page_keys(pk)
    kept = pagecache.kept_page(key, keys)
    if kept is None:
        versions = pagecache.page_versions(keys)
        rendered = _article_detail(
            request,
            pk,
            slug,
            shared=True,
            marks={"csrf_token": mark_safe(CSRF_MARK), "account_name": mark_safe(USERNAME_MARK)},
        )
        if rendered.status_code != 200:
            return rendered  # a redirect to the right slug, or not found
        share = pagecache.Share(keys, versions, pagecache.PAGE_CACHE_SECONDS)
        kept = pagecache.keep_page(key, rendered, share=share, headers=rendered.items())
    response = HttpResponse(
        kept.content.replace(CSRF_MARK.encode(), get_token(request).encode()).replace(
            USERNAME_MARK.encode(), escape(request.user.get_username()).encode()
        )
    )
    for name, value in kept.headers:
        response[name] = value
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
