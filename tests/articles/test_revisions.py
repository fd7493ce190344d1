"""Article revisions (issue 9, part 2): recording and the word-level diff."""

from articles.diff import Piece, word_diff
from articles.models import ArticleRevision
from articles.revisions import article_revision_record
from tests import factories


def test_each_text_version_is_recorded_once_with_editor_and_note(db):
    editor = factories.make_editor()
    article = factories.make_article(body="الفقرة الأولى.\n\nالفقرة الثانية.")
    first = article_revision_record(article=article)
    article.body = "الفقرة الأولى بعد التعديل.\n\nالفقرة الثانية."
    article.save()
    second = article_revision_record(article=article, editor=editor, note="تصحيح خطأ")
    again = article_revision_record(article=article, editor=editor, note="مرة ثانية")
    assert (first.number, second.number) == (1, 2)
    assert again == second and again.note == "تصحيح خطأ"
    assert first.body == "الفقرة الأولى.\n\nالفقرة الثانية."  # the text as it was, exactly
    assert second.editor == editor
    assert list(article.revisions.values_list("number", flat=True)) == [1, 2]
    assert ArticleRevision.objects.count() == 2


def test_word_diff_marks_insertions_and_deletions_and_rebuilds_both_texts():
    old = "قال الوزير إن النمو بلغ ثلاثة بالمئة."
    new = "قال الوزير الجديد إن النمو بلغ أربعة بالمئة."
    pieces = word_diff(old, new)
    assert Piece("insert", "الجديد ") in pieces
    assert Piece("delete", "ثلاثة ") in pieces and Piece("insert", "أربعة ") in pieces
    assert "".join(p.text for p in pieces if p.op != "insert") == old
    assert "".join(p.text for p in pieces if p.op != "delete") == new


def test_word_diff_of_equal_texts_is_one_equal_piece():
    assert word_diff("نص واحد", "نص واحد") == [Piece("equal", "نص واحد")]


def test_bulk_first_revisions_of_new_articles(db):
    from articles.revisions import article_revisions_record_bulk

    first, second = factories.make_article(), factories.make_article(title="عنوان آخر")
    article_revisions_record_bulk(articles=[first, second])
    rows = ArticleRevision.objects.order_by("article_id").values_list(
        "article_id", "number", "title", "body", "editor", "note"
    )
    assert list(rows) == [
        (first.pk, 1, first.title, first.body, None, ""),
        (second.pk, 1, second.title, second.body, None, ""),
    ]
