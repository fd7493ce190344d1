"""Article model rules: canonical paragraphs, text_version, slugs, reading time, querysets."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from articles.models import Article, Section
from tests import factories

pytestmark = pytest.mark.django_db


def test_body_is_stored_as_trimmed_paragraphs_joined_by_a_blank_line() -> None:
    article = factories.make_article(
        body="  الأولى  \r\n\r\n\r\n\t\r\nالثانية\r\nتكملة الثانية\t \r\n\r\nالثالثة\n"
    )
    article.refresh_from_db()
    assert article.body == "الأولى\n\nالثانية\nتكملة الثانية\n\nالثالثة"
    assert article.paragraphs == ["الأولى", "الثانية\nتكملة الثانية", "الثالثة"]


def test_diacritics_and_tatweel_are_kept_exactly() -> None:
    text = "قَالَ الـــوزيرُ إنّ الخطةَ ستُنفَّذ."
    article = factories.make_article(body=text)
    article.refresh_from_db()
    assert article.body == text


def test_text_version_bumps_on_title_or_body_change_only() -> None:
    article = factories.make_article()
    assert article.text_version == 1

    article.featured = True
    article.save()
    assert article.text_version == 1

    article.title = "عنوان جديد"
    article.save()
    assert article.text_version == 2

    article.body = article.body + "\n\nفقرة مضافة."
    article.save()
    assert article.text_version == 3
    assert Article.objects.get(pk=article.pk).text_version == 3


def test_saving_the_same_text_in_another_layout_is_not_a_change() -> None:
    article = factories.make_article(body="أولى\n\nثانية")
    article.body = "أولى  \r\n\r\n\r\nثانية\r\n"
    article.save()
    assert article.text_version == 1


def test_text_version_bumps_when_the_body_was_loaded_deferred() -> None:
    factories.make_article(body="النص الأصلي.")
    article = Article.objects.defer("body").get()
    article.body = "نص معدل."
    article.save()
    assert Article.objects.get(pk=article.pk).text_version == 2

    article = Article.objects.only("id", "status").get()
    article.status = Article.Status.DRAFT
    article.save()
    assert Article.objects.get(pk=article.pk).text_version == 2


def test_update_fields_saves_include_the_version_bump() -> None:
    article = factories.make_article()
    article = Article.objects.get(pk=article.pk)
    article.title = "عنوان آخر"
    article.save(update_fields=["title"])
    assert Article.objects.get(pk=article.pk).text_version == 2


def test_unicode_slugs_and_fallback() -> None:
    article = factories.make_article(title="ارتفاع أسعار الذهب: 5% خلال أسبوع!")
    assert article.slug == "ارتفاع-أسعار-الذهب-5-خلال-أسبوع"
    assert unquote(article.get_absolute_url()) == f"/articles/{article.pk}/{article.slug}/"
    assert factories.make_article(title="؟!").slug == "article"
    assert Section.objects.create(name="عرب وعالم").slug == "عرب-وعالم"


def test_slug_is_kept_when_the_title_changes() -> None:
    article = factories.make_article(title="العنوان الأول")
    article.title = "العنوان الثاني"
    article.save()
    assert article.slug == "العنوان-الأول"


def test_reading_minutes_at_200_words_a_minute() -> None:
    assert factories.make_article(body="كلمة").reading_minutes == 1
    assert factories.make_article(body=" ".join(["كلمة"] * 1000)).reading_minutes == 5


def test_published_excludes_drafts_and_future_articles() -> None:
    live = factories.make_article()
    factories.make_article(status=Article.Status.DRAFT)
    factories.make_article(published_at=timezone.now() + timedelta(hours=1))
    assert list(Article.objects.published()) == [live]


def test_visible_to_shows_drafts_to_staff_only(staff_user, user) -> None:
    live = factories.make_article()
    draft = factories.make_article(status=Article.Status.DRAFT)
    assert set(Article.objects.visible_to(staff_user)) == {live, draft}
    assert list(Article.objects.visible_to(user)) == [live]
    assert list(Article.objects.visible_to(AnonymousUser())) == [live]
