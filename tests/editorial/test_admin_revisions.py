"""The admin's revision list and word-level diff between two revisions."""

import pytest
from django.urls import reverse

from articles.revisions import article_revision_record
from editorial.services import article_text_update
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(staff_user):
    article = factories.make_article(body="قررت اللجنة تأجيل الاجتماع إلى الأسبوع المقبل.")
    article_revision_record(article=article)
    article_text_update(
        article=article,
        paragraphs=["قررت اللجنة تقديم الاجتماع إلى الأسبوع الحالي."],
        editor=staff_user,
        note="تصحيح الموعد",
    )
    return article


def test_change_page_links_to_the_revisions(client, staff_user, edited):
    client.force_login(staff_user)
    page = client.get(reverse("admin:articles_article_change", args=[edited.pk]))
    assert reverse("admin:articles_article_revisions", args=[edited.pk]) in page.content.decode()


def test_diff_marks_deletions_and_insertions_with_more_than_colour(client, staff_user, edited):
    client.force_login(staff_user)
    url = reverse("admin:articles_article_revisions", args=[edited.pk])
    html = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert 'dir="rtl"' in html
    assert "تصحيح الموعد" in html
    assert "<del>[− تأجيل ]</del>" in html
    assert "<ins>[+ تقديم ]</ins>" in html
    assert "<del>[− المقبل.]</del>" in html
    assert "<ins>[+ الحالي.]</ins>" in html
    # Unchanged words are not marked.
    assert "<del>[− قررت" not in html


def test_bad_revision_numbers_show_the_list_only(client, staff_user, edited):
    client.force_login(staff_user)
    url = reverse("admin:articles_article_revisions", args=[edited.pk])
    response = client.get(url, {"a": "x", "b": "99"})
    assert response.status_code == 200
    assert "<ins>" not in response.content.decode()


def test_readers_are_sent_to_the_admin_login(client, user, edited):
    client.force_login(user)
    response = client.get(reverse("admin:articles_article_revisions", args=[edited.pk]))
    assert response.status_code == 302
