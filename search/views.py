from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from articles.models import Article

from . import backends, highlight
from .forms import SearchForm
from .query import MAX_CHARS, MAX_TERMS, parse

PAGE_SIZE = 20


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    title: list[highlight.Piece]
    snippet: highlight.Snippet


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = parse(request.GET.get("q"))
    page_obj, hits, capped = None, [], False
    if form.is_valid() and not query.is_empty:
        results = backends.search_articles(query, form.filter_articles(Article.objects.published()))
        capped = results.capped
        page_obj = Paginator(results.ids, PAGE_SIZE).get_page(request.GET.get("page"))
        articles = Article.objects.with_related().in_bulk(page_obj.object_list)
        terms = query.highlight_terms
        hits = [
            ArticleHit(
                article=article,
                title=highlight.mark(article.title, terms),
                snippet=highlight.snippet(article.body, terms),
            )
            for article in (articles[pk] for pk in page_obj.object_list if pk in articles)
        ]
    template = "search/search_results.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(
        request,
        template,
        {
            "form": form,
            "query": query,
            "q": request.GET.get("q", ""),
            "page_obj": page_obj,
            "hits": hits,
            "capped": capped,
            "max_ranked": backends.MAX_RANKED,
            "max_chars": MAX_CHARS,
            "max_terms": MAX_TERMS,
        },
    )
    # The same URL answers with a page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
