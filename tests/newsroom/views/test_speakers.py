import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import services
from newsroom.models import QuoteAttribution, Speaker
from tests.factories import make_annotation, make_speaker

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- Speakers and attribution -----------------------------------------------------------


def test_speaker_search_as_you_type_returns_the_partial(client, editor, quote):
    ahmad = make_speaker("أحمد علي")
    make_speaker("سامي")
    client.force_login(editor)
    url = reverse("newsroom:quote_attribute", args=[quote.pk])
    response = client.get(
        url, {"q": "احمد"}, headers={"HX-Request": "true", "HX-Target": "speaker-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="speaker-results"')
    assert "أحمد علي" in html and "سامي" not in html
    assert f'name="speaker" value="{ahmad.pk}"' in html
    full = client.get(url, {"q": "إبراهيم"}).content.decode()
    assert "<html" in full and "لا متحدث بهذا الاسم" in full


def test_attribute_an_existing_speaker_without_js(client, editor, quote):
    speaker = make_speaker("وزارة الصحة", kind="organisation")
    client.force_login(editor)
    url = reverse("newsroom:quote_attribute", args=[quote.pk])
    response = client.post(url, {"action": "attribute", "speaker": speaker.pk})
    assert response.status_code == 302
    assert QuoteAttribution.objects.get(annotation=quote).speaker == speaker
    assert "منسوب الآن إلى" in client.get(url).content.decode()


def test_attribute_with_htmx_redirects_on_the_client(client, editor, quote):
    speaker = make_speaker()
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:quote_attribute", args=[quote.pk]),
        {"action": "attribute", "speaker": speaker.pk},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse("newsroom:quote_attribute", args=[quote.pk])


def test_new_speaker_form_errors_are_arabic(client, editor, quote):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:quote_attribute", args=[quote.pk]),
        {"action": "create", "speaker-name": ""},
    )
    assert response.status_code == 400
    assert "هذا الحقل مطلوب" in response.content.decode()
    assert not Speaker.objects.exists()


def test_private_quote_of_someone_else_is_404_for_editors(client, editor, article):
    private = make_annotation(article=article, kind="quote", visibility="private")
    client.force_login(editor)
    assert client.get(reverse("newsroom:quote_attribute", args=[private.pk])).status_code == 404


def test_speaker_page_lists_visible_quotes_newest_first_with_links(client, editor, staff, article):
    speaker = make_speaker("سعاد")
    old = make_annotation(article=article, kind="quote", exact="الفقرة الأولى")
    new = make_annotation(article=article, kind="quote", exact="الفقرة الثانية")
    hidden = make_annotation(article=article, kind="quote", exact="تذكر التفاصيل")
    private = make_annotation(article=article, kind="quote", exact="تتحدث", visibility="private")
    for q in (old, new, hidden, private):
        QuoteAttribution.objects.create(annotation=q, speaker=speaker, attributed_by=editor)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert html.index("الفقرة الثانية") < html.index("الفقرة الأولى")
    assert "تذكر التفاصيل" not in html and "تتحدث" not in html
    assert f'href="{article.get_absolute_url()}#annotation-{new.pk}"' in html


def test_speaker_index_counts_with_constant_queries(
    client, editor, article, django_assert_num_queries
):
    speaker = make_speaker("أحمد")
    QuoteAttribution.objects.create(
        annotation=make_annotation(article=article, kind="quote"),
        speaker=speaker,
        attributed_by=editor,
    )
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("newsroom:speaker_list"))
    for i in range(20):
        s = make_speaker(f"متحدث {i}")
        QuoteAttribution.objects.create(
            annotation=make_annotation(article=article, kind="quote"),
            speaker=s,
            attributed_by=editor,
        )
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(reverse("newsroom:speaker_list"))
    assert re.search(
        r"أحمد</bdi></a>\s*<span class=\"speaker-index__meta\">شخص · اقتباس واحد",
        response.content.decode(),
    )


def test_speaker_index_search_uses_arabic_matching(client):
    make_speaker("إبراهيم")
    make_speaker("سامي")
    html = client.get(reverse("newsroom:speaker_list"), {"q": "ابراهيم"}).content.decode()
    assert "إبراهيم" in html and "سامي" not in html


@pytest.mark.parametrize(("stored", "typed"), [("فؤاد", "فواد"), ("مسؤول الإعلام", "مسوول")])
def test_speaker_index_search_matches_bare_hamza_seats(client, stored, typed):
    make_speaker(stored)
    make_speaker("سامي")
    html = client.get(reverse("newsroom:speaker_list"), {"q": typed}).content.decode()
    assert stored in html and "سامي" not in html


def test_speaker_page_dates_quotes_by_their_article_not_the_annotation(client, editor):
    from datetime import datetime

    from tests import factories

    cairo = ZoneInfo("Africa/Cairo")
    speaker = make_speaker("منى")
    older = factories.make_article(published_at=datetime(2025, 3, 4, 10, 0, tzinfo=cairo))
    newer = factories.make_article(published_at=datetime(2025, 9, 20, 10, 0, tzinfo=cairo))
    # Annotated in the opposite order: the older article's quote is the newer annotation.
    late = make_annotation(article=newer, kind="quote")
    early = make_annotation(article=older, kind="quote")
    for q in (late, early):
        QuoteAttribution.objects.create(annotation=q, speaker=speaker, attributed_by=editor)
    html = client.get(speaker.get_absolute_url()).content.decode()
    times = re.findall(r'<time datetime="([^"]+)"', html)
    assert [t[:10] for t in times] == ["2025-09-20", "2025-03-04"]
    assert html.index(f"#annotation-{late.pk}") < html.index(f"#annotation-{early.pk}")
