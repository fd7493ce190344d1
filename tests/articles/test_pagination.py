"""ArticlePaginator: pages read by id, long listings' counts cached until an article changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from articles.pagination import ArticlePaginator
from core import counts as pagination
from tests import factories

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(client, user):
    # A signed-in reader (the public's listing): anonymous pages come whole from the page
    # cache (core.pagecache, tested in test_views), and these tests are about the counts.
    client.force_login(user)
    return client


def make_articles(count: int) -> list[Article]:
    section, publisher = factories.make_section("اقتصاد"), factories.make_publisher("الشروق")
    start = datetime(2023, 5, 1, 8, 0, tzinfo=CAIRO)
    return [
        factories.make_article(
            section=section, publisher=publisher, published_at=start + timedelta(minutes=n)
        )
        for n in range(count)
    ]


def test_pages_hold_the_same_articles_as_plain_slicing() -> None:
    make_articles(47)
    ordered = list(Article.objects.newest_first())
    paginator = ArticlePaginator(Article.objects.published().newest_first(), 20)
    assert paginator.num_pages == 3
    for number, expected in [(1, ordered[:20]), (2, ordered[20:40]), (3, ordered[40:])]:
        assert list(paginator.page(number).object_list) == expected


def test_long_listing_counts_are_cached_until_an_article_changes(
    monkeypatch, client, django_assert_num_queries
) -> None:
    monkeypatch.setattr(pagination, "CACHE_COUNTS_FROM", 5)
    articles = make_articles(30)
    url = reverse("articles:list")
    with django_assert_num_queries(6):  # session, user, editor role, nav, count, page
        client.get(url)
    with django_assert_num_queries(4):  # the count and the editor role come from the cache
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 30

    articles[0].status = Article.Status.DRAFT
    articles[0].save()
    response = client.get(url)
    assert response.context["page_obj"].paginator.count == 29

    articles[1].delete()
    assert client.get(url).context["page_obj"].paginator.count == 28


def test_short_listings_are_always_counted(client, django_assert_num_queries) -> None:
    make_articles(3)
    url = reverse("articles:list")
    client.get(url)
    with django_assert_num_queries(5):  # session, user, nav, count, page (the role is kept)
        client.get(url)


def test_staff_and_public_counts_are_kept_apart(monkeypatch, client, user, staff_user) -> None:
    monkeypatch.setattr(pagination, "CACHE_COUNTS_FROM", 1)
    make_articles(6)
    factories.make_article(status=Article.Status.DRAFT)
    url = reverse("articles:list")
    assert client.get(url).context["page_obj"].paginator.count == 6
    client.force_login(staff_user)
    assert client.get(url).context["page_obj"].paginator.count == 7
    client.force_login(user)
    assert client.get(url).context["page_obj"].paginator.count == 6
