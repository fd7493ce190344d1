"""Article writes call what must follow them by name: re-anchoring, the claims' copies."""

import pytest

from annotations.models import Annotation
from articles import services as article_services
from articles.models import Article
from editorial import imports, services
from newsroom.models import ClaimReview
from tests import factories

pytestmark = pytest.mark.django_db


def test_article_text_update_reanchors_in_the_same_call():
    article = factories.make_article(body="الفقرة الأولى هنا.\n\nالفقرة الثانية هناك.")
    note = factories.annotate(article, factories.make_user(), "الثانية")
    services.article_text_update(
        article=article,
        paragraphs=["تمهيد جديد.", "الفقرة الأولى هنا.", "الفقرة الثانية هناك."],
        editor=factories.make_user(is_staff=True),
    )
    note.refresh_from_db()
    assert article.text_version == 2 and note.anchored_version == 2
    assert article.body[note.start : note.end] == "الثانية"


def test_saving_without_a_text_change_keeps_the_version_and_moves_the_claims_copies():
    article = factories.make_article()
    claim = factories.make_annotation(article=article, kind=Annotation.Kind.CLAIM)
    article.section = factories.make_section("قسم آخر")
    services.article_save(article=article)
    assert article.text_version == 1
    assert ClaimReview.objects.get(annotation=claim).section.name == "قسم آخر"


def test_curating_counts_only_the_articles_that_changed():
    drafts = [factories.make_article(status=Article.Status.DRAFT) for _ in range(2)]
    published = factories.make_article()
    selection = Article.objects.filter(pk__in=[a.pk for a in [*drafts, published]])
    assert (
        article_services.articles_curate(articles=selection, field="status", value="published") == 2
    )
    assert Article.objects.filter(status="published").count() == 3
    with pytest.raises(ValueError):
        article_services.articles_curate(articles=selection, field="body", value="")


def test_import_update_reanchors_through_the_chunk_hook(tmp_path):
    layout = "السبت 1 يونيو 2024\n\nعنوان الخبر\n\nاقتصاد1-2-2022 | 21:14\n\nصحيفة الوادي\n\n{}\n"
    first = tmp_path / "a.txt"
    first.write_text(layout.format("ارتفعت الأسعار اليوم."), encoding="utf-8")
    report = imports.import_paths([first])
    assert report.counts["imported"] == 1, [str(r) for r in report.results]
    article = Article.objects.get()
    note = factories.annotate(article, factories.make_user(), "الأسعار")
    first.write_text(layout.format("قال التقرير: ارتفعت الأسعار اليوم."), encoding="utf-8")
    report = imports.import_paths([first], update=True)
    assert report.counts["updated"] == 1, report.results
    note.refresh_from_db()
    article.refresh_from_db()
    assert note.anchored_version == article.text_version == 2
    assert article.body[note.start : note.end] == "الأسعار"
