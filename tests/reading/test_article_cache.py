"""The anonymous article page is cached per version: every service that changes what
the page shows starts a new version, so the change shows at once; signed-in readers
are never served the shared page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from annotations import services as annotations_services
from core import pagecache
from editorial.services import article_text_update
from newsroom import services as newsroom_services
from newsroom.models import ReviewStatus, Verdict
from tests import factories
from tests.annotations.fixtures import BODY

pytestmark = pytest.mark.django_db

PHRASE = "الأسعار ستنخفض قريبًا"


@pytest.fixture
def page(article):
    return article.get_absolute_url()


def _cached_pages() -> int:
    # Only the page cache's HTML keys; counts and versions live beside them.
    # The anonymous page and the one readers share; versions and counts live beside them.
    return sum(
        1 for key in cache._cache if "shared-page:html:" in key or "shared-page:reader:" in key
    )  # locmem in tests


def test_anonymous_page_is_public_without_cookie_or_vary(client, page):
    response = client.get(page)
    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "csrftoken" not in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=60" in cache_control
    assert "stale-while-revalidate=300" in cache_control
    assert response["ETag"].startswith('"')
    assert 'rel="http://www.w3.org/ns/oa#annotationService"' in response["Link"]


def test_second_request_is_served_from_the_cache(client, page, django_assert_num_queries):
    first = client.get(page)
    assert _cached_pages() == 1
    # Answered by core.pagecache.SharedPageMiddleware: no session, no view, no query.
    with django_assert_num_queries(0):
        second = client.get(page)
    assert second[pagecache.SERVED_HEADER] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    for header in ("Content-Type", "Link", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header], header
    assert "Content-Security-Policy" in second


def test_matching_if_none_match_answers_304(client, page):
    etag = client.get(page)["ETag"]
    response = client.get(page, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.content
    assert client.get(page, headers={"if-none-match": '"other"'}).status_code == 200


def test_annotation_create_update_delete_show_at_once(client, article, user, page):
    before = client.get(page)
    annotation = factories.annotate(article, user, PHRASE, kind="comment", comment="تعليق أول")
    after_create = client.get(page)
    assert after_create["ETag"] != before["ETag"]
    assert "تعليق أول" in after_create.content.decode()
    newsroom_services.annotation_update(
        annotation=annotation, kind="comment", comment="تعليق معدل", tags=[], visibility="public"
    )
    assert "تعليق معدل" in client.get(page).content.decode()
    newsroom_services.annotation_delete(annotation=annotation)
    assert "تعليق معدل" not in client.get(page).content.decode()


def test_reply_shows_at_once(client, article, user, page):
    annotation = factories.annotate(article, user, PHRASE, kind="comment", comment="سؤال")
    client.get(page)
    annotations_services.reply_create(annotation=annotation, author=user, body="جواب الرد")
    assert "جواب الرد" in client.get(page).content.decode()


def test_hide_and_unhide_show_at_once(client, article, user, staff_user, page):
    annotation = factories.annotate(article, user, PHRASE, kind="comment", comment="نص مخالف")
    assert "نص مخالف" in client.get(page).content.decode()
    newsroom_services.annotation_hide(annotation=annotation, moderator=staff_user, reason="سبب")
    assert "نص مخالف" not in client.get(page).content.decode()
    newsroom_services.annotation_unhide(annotation=annotation, moderator=staff_user)
    assert "نص مخالف" in client.get(page).content.decode()


def test_published_verdict_shows_at_once(client, article, user, page):
    editor = factories.make_editor()
    claim = factories.annotate(article, user, PHRASE, kind="claim")
    assert "ClaimReview" not in client.get(page).content.decode()
    newsroom_services.claim_review_update(
        annotation=claim,
        editor=editor,
        status=ReviewStatus.REVIEWED,
        verdict=Verdict.FALSE,
        rationale="الأرقام الرسمية تقول غير ذلك.",
    )
    content = client.get(page).content.decode()
    assert "ClaimReview" in content
    assert Verdict.FALSE.label in content


def test_speaker_attribution_shows_at_once(client, article, user, page):
    editor = factories.make_editor()
    quote = factories.annotate(article, user, PHRASE, kind="quote")
    speaker = factories.make_speaker("سلمى منصور")
    assert "سلمى منصور" not in client.get(page).content.decode()
    newsroom_services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    assert "سلمى منصور" in client.get(page).content.decode()
    newsroom_services.quote_unattribute(annotation=quote, editor=editor)
    assert "سلمى منصور" not in client.get(page).content.decode()


def test_article_edit_shows_at_once(client, article, staff_user, page):
    client.get(page)
    paragraphs = [*BODY.split("\n\n"), "فقرة أضافها المحرر للتو."]
    article_text_update(article=article, paragraphs=paragraphs, editor=staff_user)
    assert "فقرة أضافها المحرر للتو." in client.get(page).content.decode()


def test_settings_that_change_the_page_are_in_the_key(client, page, settings):
    first = client.get(page)
    settings.NEWSREADER_SITE_NAME = "موقع آخر"
    second = client.get(page)
    assert second["ETag"] != first["ETag"]
    assert "موقع آخر" in second.content.decode()


def test_signed_in_reader_never_gets_the_cached_page(article, user, page):
    anonymous = Client()
    anonymous.get(page)
    assert _cached_pages() == 1
    reader = Client()
    reader.force_login(user)
    private = factories.annotate(article, user, PHRASE, kind="comment", visibility="private")
    private.comment = "ملاحظتي الخاصة"
    private.save()  # not through a service: no new version; the anonymous copy stays
    response = reader.get(page)
    assert "ملاحظتي الخاصة" in response.content.decode()
    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "data-hx-headers" in response.content.decode()  # the CSRF token for its forms
    assert _cached_pages() == 1  # nothing a signed-in reader saw was kept
    assert "ملاحظتي الخاصة" not in anonymous.get(page).content.decode()


def test_query_strings_and_htmx_are_not_cached(client, page):
    client.get(page + "?kind=comment")
    client.get(page, headers={"hx-request": "true", "hx-target": "annotations-panel"})
    assert _cached_pages() == 0


def test_wrong_slug_still_redirects(client, article):
    response = client.get(f"/articles/{article.pk}/other-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert _cached_pages() == 0


def test_unpublishing_takes_the_page_away_at_once(client, article, page):
    from articles.models import Article
    from articles.services import articles_curate

    assert client.get(page).status_code == 200
    articles_curate(articles=Article.objects.filter(pk=article.pk), field="status", value="draft")
    assert client.get(page).status_code == 404
    articles_curate(
        articles=Article.objects.filter(pk=article.pk), field="status", value="published"
    )
    assert client.get(page).status_code == 200


def test_a_save_around_the_services_shows_at_once(client, article, page):
    # The admin's (or a script's) save: the article's receiver starts a new version.
    client.get(page)
    article.caption = "صورة من قاعة المؤتمر"
    article.save()
    assert "صورة من قاعة المؤتمر" in client.get(page).content.decode()
    article.delete()
    assert client.get(page).status_code == 404


def test_renamed_section_shows_on_the_article_at_once(client, article, page):
    client.get(page)
    section = article.section
    section.name = "شؤون برلمانية"
    section.save()
    assert "شؤون برلمانية" in client.get(page).content.decode()


def test_a_hit_is_answered_before_the_session_is_read(client, page):
    client.get(page)
    response = client.get(page)
    assert response[pagecache.SERVED_HEADER] == "hit"
    # Served before SessionMiddleware and the view: nothing there to set a cookie or vary.
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "public" in response["Cache-Control"]


def test_https_and_http_are_kept_apart(client, page, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # As a proxy sends them: the same Host, the scheme in X-Forwarded-Proto.
    plain = client.get(page, headers={"host": "testserver"}).content.decode()
    secure = client.get(page, headers={"host": "testserver", "x-forwarded-proto": "https"})
    assert secure.get(pagecache.SERVED_HEADER) != "hit"
    assert "https://testserver" in secure.content.decode()  # its canonical link
    assert "https://testserver" not in plain
