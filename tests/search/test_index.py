"""The index follows every way an article is written: save(), admin, importer, delete, rebuild."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from articles.importer import import_upload
from articles.models import Article
from bench.generate import iter_articles
from core.arabic import analyse
from search.backends import search_articles
from search.index import ANNOTATION_FIELDS, ARTICLE_FIELDS, annotation_terms, document_terms
from search.models import AnnotationSearchDocument, SearchDocument
from search.query import parse
from tests import factories

pytestmark = pytest.mark.django_db


def found(raw: str) -> set[int]:
    return set(search_articles(parse(raw), Article.objects.all()).ids)


def index_rows() -> int:
    """Rows in the vendor's own index structure, not just in SearchDocument."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM search_fts_docsize")
        else:
            cursor.execute("SELECT count(*) FROM search_searchdocument WHERE vector IS NOT NULL")
        return cursor.fetchone()[0]


def test_a_new_article_is_indexed_with_analysed_terms():
    article = factories.make_article(title="قمة الناتو", caption="", body="قال الأمينُ العامّ.")
    document = SearchDocument.objects.get(article=article)
    assert document.title_terms == " ".join(analyse("قمة الناتو"))
    assert document.body_terms == " ".join(analyse("قال الأمينُ العامّ."))
    assert found("الناتو") == {article.pk}
    assert index_rows() == 1


def test_stored_text_is_never_changed():
    body = "قال الأمينُ العامّ لِـلنّاتو\u200f: «نعم»."
    article = factories.make_article(title="عنوانٌ مُشَكَّل", body=body)
    article.refresh_from_db()
    assert (article.title, article.body) == ("عنوانٌ مُشَكَّل", body)


def test_editing_replaces_the_old_terms():
    article = factories.make_article(title="قمة الناتو", body="نص أول عن الزراعة.")
    article.title = "قمة الاقتصاد"
    article.body = "نص ثان عن الصناعة."
    article.save()
    assert found("الناتو") == found("الزراعة") == set()
    assert found("الاقتصاد") == found("الصناعة") == {article.pk}
    assert SearchDocument.objects.count() == index_rows() == 1


def test_saving_other_fields_keeps_the_document():
    article = factories.make_article(title="قمة الناتو")
    article.featured = True
    article.save(update_fields=["featured"])
    assert found("الناتو") == {article.pk}


@pytest.mark.parametrize("field", sorted(ARTICLE_FIELDS))
def test_saving_only_one_indexed_field_re_indexes_it(field):
    # save(update_fields=[...]) naming a single indexed field (an editor fixing the
    # caption alone) must re-index, as a full save does.
    article = factories.make_article(title="قمة الناتو", caption="صورة القاعة", body="نص أول.")
    setattr(article, field, "الزيتون المعصور")
    article.save(update_fields=[field])
    assert found("الزيتون") == {article.pk}
    document = SearchDocument.objects.get(article=article)
    expected = document_terms(title=article.title, caption=article.caption, body=article.body)
    assert (document.title_terms, document.body_terms) == (
        expected["title_terms"],
        expected["body_terms"],
    )
    assert SearchDocument.objects.count() == index_rows() == 1


def test_a_caption_edit_replaces_the_old_caption_terms():
    article = factories.make_article(title="قمة", caption="صورة مزرعة الزيتون")
    article.caption = "صورة مصنع الإسمنت"
    article.save()
    assert found("الزيتون") == set()
    assert found("الإسمنت") == {article.pk}


def test_every_field_a_document_is_made_of_re_indexes():
    # ARTICLE_FIELDS is what the receiver watches: it must cover every field that
    # document_terms reads, or an edit of that field alone would be missed.
    import inspect

    parameters = set(inspect.signature(document_terms).parameters)
    assert parameters == set(ARTICLE_FIELDS)
    assert set(inspect.signature(annotation_terms).parameters) - {"speaker"} == set(
        ANNOTATION_FIELDS
    )


def test_saving_only_an_annotation_comment_re_indexes_it(article):
    annotation = factories.make_annotation(article=article, comment="ملاحظة أولى")
    annotation.comment = "الزيتون المعصور"
    annotation.save(update_fields=["comment"])
    assert AnnotationSearchDocument.objects.get(annotation=annotation).comment_terms == " ".join(
        analyse("الزيتون المعصور")
    )


def test_deleting_removes_the_article_from_the_index():
    kept = factories.make_article(title="قمة الناتو الأولى")
    gone = factories.make_article(title="قمة الناتو الثانية")
    gone.delete()
    assert found("الناتو") == {kept.pk}
    assert SearchDocument.objects.count() == index_rows() == 1


def test_bulk_delete_removes_documents_too():
    factories.make_article(title="قمة الناتو")
    Article.objects.all().delete()
    assert found("الناتو") == set()
    assert index_rows() == 0


def test_publishing_is_decided_at_query_time():
    article = factories.make_article(title="قمة الناتو", status=Article.Status.DRAFT)
    assert search_articles(parse("الناتو"), Article.objects.published()).ids == []
    # The admin's publish action is a QuerySet.update: no signal, no re-indexing needed.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    assert search_articles(parse("الناتو"), Article.objects.published()).ids == [article.pk]


def test_the_importer_indexes_every_article_it_saves():
    name, data = next(iter_articles(1))
    report = import_upload(name=name, data=data)
    assert report.summary().startswith("imported 1")
    article = Article.objects.get()
    first_word = article.title.split()[1]
    assert article.pk in found(first_word)


def test_an_admin_edit_is_indexed(admin_client):
    article = factories.make_article(title="قمة الناتو")
    response = admin_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {
            "title": "مؤتمر المناخ",
            "slug": article.slug,
            "caption": "",
            "body": "نص جديد عن الطاقة الشمسية.",
            "section": article.section_id,
            "publisher": article.publisher_id,
            "published_at_0": "2022-02-01",
            "published_at_1": "21:14:00",
            "status": "published",
        },
    )
    assert response.status_code == 302
    assert found("الناتو") == set()
    assert found("المناخ الشمسية") == {article.pk}


def test_rebuild_command_catches_up_with_writes_that_bypass_save(capsys):
    article = factories.make_article(title="قمة الناتو")
    Article.objects.filter(pk=article.pk).update(title="مؤتمر المناخ")
    assert found("المناخ") == set()  # QuerySet.update sends no signal
    call_command("rebuild_search_index", batch_size=1)
    assert found("المناخ") == {article.pk}
    assert found("الناتو") == set()
    assert SearchDocument.objects.count() == index_rows() == 1
    assert "Indexed 1 articles" in capsys.readouterr().out


def test_rebuild_indexes_articles_that_have_no_document():
    articles = [factories.make_article(title=f"قمة الناتو {i}") for i in range(5)]
    SearchDocument.objects.all().delete()
    assert found("الناتو") == set()
    call_command("rebuild_search_index", batch_size=2, stdout=None)
    assert found("الناتو") == {a.pk for a in articles}
    assert index_rows() == 5
