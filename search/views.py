from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from annotations.models import Annotation
from articles.models import Article
from core.http import HtmxHttpRequest

from . import backends, highlight, suggest
from .forms import SearchForm
from .query import MAX_CHARS, MAX_TERMS, ParsedQuery, expand, parse
from .synonyms import synonym_sets

PAGE_SIZE = 20
ANNOTATION_SNIPPET_WORDS = 40


@dataclass(frozen=True)
class ArticleHit:
    article: Article
    title: list[highlight.Piece]
    snippet: highlight.Snippet


@dataclass(frozen=True)
class AnnotationHit:
    annotation: Annotation
    comment: highlight.Snippet
    quote: highlight.Snippet


def _article_hits(form: SearchForm, query: ParsedQuery, page_number):
    results = backends.search_articles(query, form.filter_articles(Article.objects.published()))
    page_obj = Paginator(results.ids, PAGE_SIZE).get_page(page_number)
    found = Article.objects.with_related().in_bulk(page_obj.object_list)
    terms = query.highlight_terms
    hits = [
        ArticleHit(
            article=article,
            title=highlight.mark(article.title, terms),
            snippet=highlight.snippet(article.body, terms),
        )
        for article in (found[pk] for pk in page_obj.object_list if pk in found)
    ]
    return results, page_obj, hits


def _annotation_hits(form: SearchForm, query: ParsedQuery, page_number):
    # Public, not hidden by moderators, on an article the public can read.
    annotations = Annotation.objects.public().filter(
        article__in=form.filter_articles(Article.objects.published())
    )
    results = backends.search_annotations(query, annotations)
    page_obj = Paginator(results.ids, PAGE_SIZE).get_page(page_number)
    found = Annotation.objects.select_related("article", "author").in_bulk(page_obj.object_list)
    terms = query.highlight_terms
    hits = [
        AnnotationHit(
            annotation=annotation,
            comment=highlight.snippet(annotation.comment, terms, words=ANNOTATION_SNIPPET_WORDS),
            quote=highlight.snippet(annotation.exact, terms, words=ANNOTATION_SNIPPET_WORDS),
        )
        for annotation in (found[pk] for pk in page_obj.object_list if pk in found)
    ]
    return results, page_obj, hits


def search(request: HtmxHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = parse(request.GET.get("q"))
    results = page_obj = None
    hits: list = []
    suggestions: list[str] = []
    if form.is_valid() and not query.is_empty:
        query = expand(query, synonym_sets(query))
        find = _annotation_hits if form.active_tab == SearchForm.TAB_ANNOTATIONS else _article_hits
        results, page_obj, hits = find(form, query, request.GET.get("page"))
        if len(results) < suggest.FEW_RESULTS:
            suggestions = suggest.did_you_mean(query)
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
            "tab": form.active_tab,
            "page_obj": page_obj,
            "hits": hits,
            "suggestions": suggestions,
            "capped": results.capped if results else False,
            "max_ranked": backends.MAX_RANKED,
            "max_chars": MAX_CHARS,
            "max_terms": MAX_TERMS,
        },
    )
    # The same URL answers with a page or a fragment; caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
