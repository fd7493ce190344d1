"""The article page: the text with its marks, the annotation panel, and the newsroom's
verdicts and speakers on the cards."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from api.discovery import add_annotation_service_link
from articles import text
from articles.models import Article
from assistant.models import Suggestion
from core.http import HtmxHttpRequest
from newsroom.permissions import is_editor

from ..panel import article_annotations

DESCRIPTION_CHARS = 200


def article_detail(request: HtmxHttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
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
