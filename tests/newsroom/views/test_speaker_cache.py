"""Anonymous speaker pages are cached per the versions of speakers, annotations and
articles (core.pagecache): attributing, moving, hiding or deleting a quote, renaming a
speaker or an article shows on the next response."""

from __future__ import annotations

import pytest
from django.urls import reverse

from editorial.services import article_save
from newsroom import services
from tests.factories import make_annotation, make_speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    return make_speaker("ليلى حداد")


@pytest.fixture
def attributed(article, editor, speaker):
    quote = make_annotation(article=article, kind="quote", exact="تتحدث عن الاقتصاد")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    return quote


def _quotes(client, speaker) -> int:
    return client.get(speaker.get_absolute_url()).content.decode().count('class="speaker-quote"')


def test_speaker_pages_are_public_and_cached(
    client, attributed, speaker, django_assert_num_queries
):
    for url in [speaker.get_absolute_url(), reverse("newsroom:speaker_list")]:
        first = client.get(url)
        assert not first.cookies
        assert "Cookie" not in first.get("Vary", "")
        assert "public" in first["Cache-Control"]
        assert first["ETag"] and first["Last-Modified"]
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_attribution_and_unattribution_show_at_once(client, article, editor, speaker):
    assert _quotes(client, speaker) == 0
    quote = make_annotation(article=article, kind="quote", exact="تتحدث عن الاقتصاد")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    assert _quotes(client, speaker) == 1
    services.quote_unattribute(annotation=quote, editor=editor)
    assert _quotes(client, speaker) == 0


def test_merge_moves_quotes_at_once(client, attributed, editor, speaker):
    other = make_speaker("ل. حداد")
    assert _quotes(client, other) == 0
    list_before = client.get(reverse("newsroom:speaker_list")).content.decode()
    assert "ل. حداد" in list_before
    services.speakers_merge(keep=other, others=[speaker], editor=editor)
    assert _quotes(client, other) == 1
    assert "ليلى حداد" not in client.get(reverse("newsroom:speaker_list")).content.decode()


def test_hidden_and_deleted_quotes_go_at_once(client, attributed, staff, speaker):
    assert _quotes(client, speaker) == 1
    services.annotation_hide(annotation=attributed, moderator=staff, reason="مخالف")
    assert _quotes(client, speaker) == 0
    services.annotation_unhide(annotation=attributed, moderator=staff)
    assert _quotes(client, speaker) == 1
    services.annotation_delete(annotation=attributed)
    assert _quotes(client, speaker) == 0


def test_renamed_speaker_and_article_show_at_once(client, attributed, article, speaker):
    url = speaker.get_absolute_url()
    client.get(url)
    speaker.description = "وزيرة سابقة"
    speaker.save()
    assert "وزيرة سابقة" in client.get(url).content.decode()
    article.title = "عنوان جديد للخبر"
    article_save(article=article, editor=None)
    assert "عنوان جديد للخبر" in client.get(url).content.decode()


def test_searches_and_signed_in_editors_are_not_shared(client, attributed, editor, speaker):
    searched = client.get(reverse("newsroom:speaker_list") + "?q=ليلى")
    assert "ETag" not in searched
    client.force_login(editor)
    page = client.get(speaker.get_absolute_url())
    assert "تعديل النسبة" in page.content.decode()  # the editor's link
    assert "ETag" not in page
    client.logout()
    assert "تعديل النسبة" not in client.get(speaker.get_absolute_url()).content.decode()
