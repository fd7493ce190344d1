"""/articles/<id>/<slug>/revisions/<n>/: staff, and the authors of annotations made on it."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.revisions import article_revision_record
from tests import factories

OLD = "كان الاجتماع صباح الأحد في مقر الوزارة.\n\nوحضره ممثلو النقابات."


@pytest.fixture
def edited(db):
    article = factories.make_article(body=OLD)
    article_revision_record(article=article)
    author = factories.make_user("revision_author")
    annotation = factories.make_annotation(article=article, author=author, exact="صباح الأحد")
    article.body = OLD.replace("صباح الأحد", "مساء الاثنين")
    article.save()
    article_revision_record(article=article)
    return article, author, annotation


def url(article, number: int) -> str:
    return reverse(
        "annotations:revision", kwargs={"pk": article.pk, "slug": article.slug, "number": number}
    )


def test_the_author_of_an_annotation_made_on_a_revision_reads_it(client, edited):
    article, author, _ = edited
    client.force_login(author)
    response = client.get(url(article, 1))
    html = response.content.decode()
    assert response.status_code == 200
    assert "صباح الأحد" in html and "مساء الاثنين" not in html
    assert 'dir="rtl"' in html and "اقرأ النسخة الحالية" in html


@pytest.mark.parametrize("who", ["anonymous", "other_reader", "editor"])
def test_others_get_404_for_any_revision(client, edited, who):
    article, _, _ = edited
    if who == "other_reader":
        client.force_login(factories.make_user())
    elif who == "editor":
        client.force_login(factories.make_editor())
    for number in (1, 2, 3):
        assert client.get(url(article, number)).status_code == 404


def test_staff_read_every_revision_and_a_missing_one_is_404(client, edited, staff_user):
    article, _, _ = edited
    client.force_login(staff_user)
    assert "مساء الاثنين" in client.get(url(article, 2)).content.decode()
    assert "هذه هي النسخة الحالية" in client.get(url(article, 2)).content.decode()
    assert client.get(url(article, 9)).status_code == 404


def test_no_revision_of_a_draft_for_its_annotations_author(client, edited):
    article, author, _ = edited
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    client.force_login(author)
    assert client.get(url(article, 1)).status_code == 404
