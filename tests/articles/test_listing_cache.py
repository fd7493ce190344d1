"""Anonymous home, listings and archive pages are cached per the version of what they
list (core.pagecache.LISTINGS): each write that changes a listing makes the next
response new; conditional GETs are answered 304 only for the bytes the client has."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.http import parse_http_date

from articles.models import Article
from articles.services import articles_create_bulk, articles_curate
from editorial.services import article_save
from tests import factories

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


@pytest.fixture
def section():
    return factories.make_section("اقتصاد")


@pytest.fixture
def publisher():
    return factories.make_publisher("الشروق")


@pytest.fixture
def first(section, publisher):
    return factories.make_article(title="خبر أول عن الأسواق", section=section, publisher=publisher)


@pytest.fixture
def urls(first):
    return {
        "home": "/",
        "list": "/articles/",
        "section": first.section.get_absolute_url(),
        "publisher": first.publisher.get_absolute_url(),
        "archive": "/archive/2022/2/",
    }


def _shared_pages() -> int:
    return sum(1 for key in cache._cache if "shared-page:html:" in key)  # locmem in tests


def test_headers_let_a_proxy_share_the_page(client, urls):
    for url in urls.values():
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        cache_control = response["Cache-Control"]
        assert "public" in cache_control and "max-age=60" in cache_control, url
        assert "stale-while-revalidate=300" in cache_control, url
        assert response["ETag"].startswith('"'), url
        assert response["Last-Modified"].endswith("GMT"), url


def test_second_request_runs_no_query(client, urls, django_assert_num_queries):
    for url in urls.values():
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]
    assert _shared_pages() == len(urls)


def test_conditional_get_answers_304(client, urls):
    response = client.get(urls["home"])
    etag, last_modified = response["ETag"], response["Last-Modified"]
    not_modified = client.get(urls["home"], headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not not_modified.content
    assert not_modified["ETag"] == etag
    assert client.get(urls["home"], headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(urls["home"], headers={"if-none-match": '"other"'}).status_code == 200


def test_a_change_in_the_same_second_is_not_answered_304(client, urls, section, publisher):
    # HTTP dates count whole seconds: the new page's Last-Modified is later all the same.
    before = client.get(urls["home"])
    factories.make_article(title="خبر جاء في الثانية نفسها", section=section, publisher=publisher)
    conditional = {"if-modified-since": before["Last-Modified"], "if-none-match": before["ETag"]}
    after = client.get(urls["home"], headers={"if-modified-since": before["Last-Modified"]})
    assert after.status_code == 200
    assert "خبر جاء في الثانية نفسها" in after.content.decode()
    assert client.get(urls["home"], headers=conditional).status_code == 200
    # The future Last-Modified is kept back until its second comes; the ETag serves.
    assert after["ETag"] != before["ETag"]


def test_an_unchanged_page_keeps_its_validators_across_versions(client, urls, section, publisher):
    # A new version that changes nothing on this page (an article of another month)
    # keeps its ETag and Last-Modified: the client's copy is still good.
    before = client.get(urls["archive"])
    factories.make_article(
        title="خبر من سنة أخرى",
        section=section,
        publisher=publisher,
        published_at=datetime(2020, 1, 1, tzinfo=CAIRO),
    )
    conditional = {"if-none-match": before["ETag"], "if-modified-since": before["Last-Modified"]}
    assert client.get(urls["archive"], headers=conditional).status_code == 304
    assert "خبر من سنة أخرى" in client.get("/archive/2020/1/").content.decode()


def test_published_article_shows_at_once(client, urls, section, publisher):
    pages = {name: client.get(url) for name, url in urls.items()}
    article = Article(
        title="خبر نشره المحرر الآن",
        section=section,
        publisher=publisher,
        published_at=datetime(2022, 2, 2, 9, 0, tzinfo=CAIRO),
        body="فقرة الخبر الجديد.",
    )
    article_save(article=article, editor=factories.make_user("editor-x", is_staff=True))
    for name, url in urls.items():
        response = client.get(url)
        assert "خبر نشره المحرر الآن" in response.content.decode(), name
        assert response["ETag"] != pages[name]["ETag"], name


def test_edited_title_shows_at_once(client, urls, first):
    client.get(urls["list"])
    first.title = "عنوان صححه المحرر"
    article_save(article=first, editor=None)
    assert "عنوان صححه المحرر" in client.get(urls["list"]).content.decode()


def test_featuring_and_unpublishing_show_at_once(client, urls, first):
    assert "أخبار مميزة" not in client.get(urls["home"]).content.decode()
    articles_curate(articles=Article.objects.filter(pk=first.pk), field="featured", value=True)
    assert "أخبار مميزة" in client.get(urls["home"]).content.decode()
    articles_curate(articles=Article.objects.filter(pk=first.pk), field="status", value="draft")
    for name, url in urls.items():
        assert "خبر أول عن الأسواق" not in client.get(url).content.decode(), name


def test_bulk_import_shows_at_once(client, urls, section, publisher):
    client.get(urls["list"])
    articles_create_bulk(
        articles=[
            Article(
                title="خبر مستورد دفعة واحدة",
                section=section,
                publisher=publisher,
                published_at=datetime(2022, 2, 3, 9, 0, tzinfo=CAIRO),
                body="فقرة مستوردة.",
            )
        ]
    )
    assert "خبر مستورد دفعة واحدة" in client.get(urls["list"]).content.decode()


def test_renamed_section_and_publisher_show_at_once(client, urls, section, publisher):
    client.get(urls["home"])
    client.get(urls["list"])
    section.name = "مال وأعمال"
    section.save()
    assert "مال وأعمال" in client.get(urls["home"]).content.decode()  # the nav
    publisher.name = "دار النشر الجديدة"
    publisher.save()
    assert "دار النشر الجديدة" in client.get(urls["list"]).content.decode()


def test_deleted_article_goes_at_once(client, urls, first):
    client.get(urls["list"])
    first.delete()
    assert "خبر أول عن الأسواق" not in client.get(urls["list"]).content.decode()


def test_scheduled_article_shows_when_its_time_comes(client, urls, section, publisher):
    factories.make_article(
        title="خبر مجدول بعد لحظة",
        section=section,
        publisher=publisher,
        published_at=timezone.now() + timedelta(seconds=1.2),
    )
    assert "خبر مجدول بعد لحظة" not in client.get(urls["home"]).content.decode()
    time.sleep(2.1)  # no write at all: the cached page expires when the article comes out
    assert "خبر مجدول بعد لحظة" in client.get(urls["home"]).content.decode()


def test_page_numbers_are_cached_other_queries_are_not(client, urls):
    client.get(urls["list"] + "?page=1")
    assert _shared_pages() == 1
    for query in ["?page=abc", "?page=1&x=1", "?page=1&page=2", "?x=1", "?page=١"]:
        response = client.get(urls["list"] + query)
        assert response.status_code in (200, 404), query
        assert "ETag" not in response, query
    client.get(urls["list"], headers={"hx-request": "true"})
    assert _shared_pages() == 1


def test_signed_in_readers_are_never_served_nor_stored(urls, first, staff_user):
    draft = factories.make_article(title="مسودة لا يراها إلا المحررون", status="draft")
    anonymous = Client()
    anonymous.get(urls["list"])
    staff = Client()
    staff.force_login(staff_user)
    response = staff.get(urls["list"])
    assert draft.title in response.content.decode()
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]
    assert _shared_pages() == 1
    assert draft.title not in anonymous.get(urls["list"]).content.decode()


def test_missing_pages_are_not_cached(client):
    assert client.get("/sections/no-such-section/").status_code == 404
    assert client.get("/archive/2022/13/").status_code == 404
    assert _shared_pages() == 0


def test_last_modified_is_never_in_the_future(client, urls, section, publisher):
    for n in range(3):  # changes in a burst push the next Last-Modified ahead of the clock
        factories.make_article(title=f"خبر متتابع {n}", section=section, publisher=publisher)
        response = client.get(urls["home"])
        if "Last-Modified" in response:
            assert parse_http_date(response["Last-Modified"]) <= time.time()
