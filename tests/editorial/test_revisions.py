"""Every change of an article's text through the editorial services stores a revision."""

from articles.models import ArticleRevision
from editorial import services
from tests import factories


def test_text_update_stores_a_revision_with_editor_and_note_and_reanchors(db):
    editor = factories.make_user("desk", is_staff=True)
    article = factories.make_article(body="الفقرة الأولى.\n\nالفقرة الثانية.")
    annotation = factories.make_annotation(article=article, exact="الثانية")
    services.article_text_update(
        article=article,
        paragraphs=["تمهيد جديد.", "الفقرة الأولى.", "الفقرة الثانية."],
        editor=editor,
        note="إضافة تمهيد",
    )
    revision = ArticleRevision.objects.get(article=article)
    assert (revision.number, revision.editor, revision.note) == (2, editor, "إضافة تمهيد")
    assert revision.body == article.body
    annotation.refresh_from_db()
    assert article.body[annotation.start : annotation.end] == "الثانية"
    assert annotation.anchored_version == 2


def test_a_save_that_keeps_the_text_stores_no_revision(db):
    article = factories.make_article()
    article.featured = True
    services.article_save(article=article, editor=None)
    assert not ArticleRevision.objects.exists()


def test_a_new_article_saved_through_the_service_has_revision_one(db):
    article = factories.make_article()
    article.pk = None
    article.title = "مقال جديد تمامًا"
    article._state.adding = True
    services.article_save(article=article)
    assert list(article.revisions.values_list("number", flat=True)) == [1]
