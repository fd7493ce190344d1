"""The article page: the text with its marks, the annotation panel, and the newsroom's
verdicts and speakers on the cards."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from api.discovery import add_annotation_service_link, annotation_service_link
from articles import text
from articles.models import Article
from assistant.models import Suggestion
from core import pagecache
from core.http import HtmxHttpRequest
from newsroom.permissions import is_editor

from ..panel import article_annotations

DESCRIPTION_CHARS = 200


def article_detail(request: HtmxHttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    if _shared_page(request):
        return _cached_article_detail(request, pk, slug)
    return _article_detail(request, pk, slug)


def _shared_page(request: HtmxHttpRequest) -> bool:
    # No query string at all: the panel's filters change the page.
    return pagecache.is_shared_request(request)


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


def _article_detail(request: HtmxHttpRequest, pk: int, slug: str | None) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user).with_related(), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    description = _description(article)
    annotations = article_annotations(request, article)
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
            "suggestions": _suggestions(request, article),
            "next_url": request.get_full_path(),
            **annotations,
        },
    )
    # W3C protocol discovery: the page names its annotation container.
    return add_annotation_service_link(response, request, article)


def _suggestions(request: HtmxHttpRequest, article: Article) -> list[Suggestion] | None:
    """The assistant's pending suggestions, for editors only (None: not shown at all)."""
    if not is_editor(request.user):
        return None
    return list(
        Suggestion.objects.pending()
        .filter(article=article)
        .select_related("speaker")
        .order_by("start", "-end")
    )


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
