from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .models import Article, Publisher, Section

PAGE_SIZE = 20


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.visible_to(request.user).for_listing()
    return render(
        request,
        "articles/home.html",
        {
            "featured": articles.featured()[:4],
            "latest": articles[:12],
            "sections": Section.objects.all(),
        },
    )


def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.visible_to(request.user).for_listing()
    return render(request, "articles/article_list.html", {"page_obj": _page(request, articles)})


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.visible_to(request.user).filter(section=section).for_listing()
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page_obj": _page(request, articles)},
    )


def publisher_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publisher = get_object_or_404(Publisher, slug=slug)
    articles = Article.objects.visible_to(request.user).filter(publisher=publisher).for_listing()
    return render(
        request,
        "articles/publisher_detail.html",
        {"publisher": publisher, "page_obj": _page(request, articles)},
    )


def archive(request: HttpRequest, year: int, month: int | None = None) -> HttpResponse:
    articles = Article.objects.visible_to(request.user).filter(published_at__year=year)
    if month is not None:
        articles = articles.filter(published_at__month=month)
    return render(
        request,
        "articles/article_archive.html",
        {"year": year, "month": month, "page_obj": _page(request, articles.for_listing())},
    )


def article_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user).with_related(), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)
