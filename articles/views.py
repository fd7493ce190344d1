from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core import bounded, pagecache

from .models import Article, Publisher, Section, seconds_to_next_publication
from .pagination import ArticlePaginator

PAGE_SIZE = 20


#: Anonymous listings are cached per the version of what they list (core.pagecache).
listing_page = pagecache.shared_page(pagecache.LISTINGS, fresh_for=seconds_to_next_publication)


def _page(request: HttpRequest, articles, listing: str) -> Page:
    # visible_to() shows staff the drafts too: their counts differ from the public's.
    audience = "staff" if request.user.is_authenticated and request.user.is_staff else "public"
    paginator = ArticlePaginator(
        articles.newest_first(), PAGE_SIZE, count_key=f"{listing}:{audience}"
    )
    return paginator.get_page(request.GET.get("page"))


@listing_page
def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.visible_to(request.user).for_listing()
    return render(
        request,
        "articles/home.html",
        {
            "featured": articles.featured()[:4],
            "latest": articles[:12],
        },
    )


@listing_page
def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.visible_to(request.user)
    page_obj = _page(request, articles, "all")
    return render(request, "articles/article_list.html", {"page_obj": page_obj})


@listing_page
def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.visible_to(request.user).filter(section=section)
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page_obj": _page(request, articles, f"section:{section.pk}")},
    )


@listing_page
def publisher_detail(request: HttpRequest, slug: str) -> HttpResponse:
    publisher = get_object_or_404(Publisher, slug=slug)
    articles = Article.objects.visible_to(request.user).filter(publisher=publisher)
    return render(
        request,
        "articles/publisher_detail.html",
        {
            "publisher": publisher,
            "page_obj": _page(request, articles, f"publisher:{publisher.pk}"),
        },
    )


@listing_page
def archive(request: HttpRequest, year: int, month: int | None = None) -> HttpResponse:
    # A range on published_at (bounds in the site's time zone) uses the
    # (status, published_at) index; __year/__month extracts would scan.
    try:
        start, end = bounded.period(year, month, timezone.get_current_timezone())
    except bounded.OutOfBounds as error:
        # /archive/99999999999999999999/ overflowed datetime (a 500) before.
        raise Http404(error.message) from None
    # The month's bounds come before visible_to()'s "published_at <= now": SQLite walks
    # the index between the first bounds it meets, and "<= now" would widen the walk
    # from the start of the month to today.
    articles = Article.objects.filter(published_at__gte=start, published_at__lt=end).visible_to(
        request.user
    )
    return render(
        request,
        "articles/article_archive.html",
        {
            "year": year,
            "month": month,
            "period_start": start,
            "page_obj": _page(request, articles, f"archive:{start:%Y-%m}:{end:%Y-%m}"),
        },
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)
