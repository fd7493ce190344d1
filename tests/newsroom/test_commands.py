import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.models import ClaimReview, QuoteAttribution, ReviewStatus, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def demo_newsroom() -> str:
    out = io.StringIO()
    call_command("create_demo_newsroom", stdout=out)
    return out.getvalue()


def test_demo_newsroom_is_for_local_use_and_needs_the_demo_accounts(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development"):
        demo_newsroom()
    settings.DEBUG = True
    with pytest.raises(CommandError, match="create_demo_accounts"):
        demo_newsroom()
    factories.make_editor("editor")
    with pytest.raises(CommandError, match="create_demo_annotations"):
        demo_newsroom()


def test_demo_newsroom_reviews_one_demo_claim_once(settings):
    settings.DEBUG = True
    editor = factories.make_editor("editor")
    reader = factories.make_user("reader")
    article = factories.make_article(
        body="قال الوزير إن النمو بلغ خمسة بالمئة. وأضاف أن البطالة تراجعت."
    )
    first = factories.make_annotation(article=article, author=reader, exact="النمو بلغ خمسة بالمئة")
    factories.make_annotation(article=article, author=editor, exact="البطالة تراجعت")
    someone_elses = factories.make_annotation(article=article, exact="قال الوزير")

    assert "reviewed" in demo_newsroom()
    demo_newsroom()  # idempotent

    reviewed = ClaimReview.objects.exclude(status=ReviewStatus.UNREVIEWED)
    assert list(reviewed.values_list("annotation", "verdict", "assignee")) == [
        (first.pk, Verdict.UNVERIFIABLE, editor.pk)
    ]
    review = reviewed.get()
    assert review.evidence.count() == 1
    assert review.history.count() == 5  # status, verdict, rationale, assignee, evidence
    assert ClaimReview.objects.get(annotation=someone_elses).status == ReviewStatus.UNREVIEWED


def test_demo_newsroom_attributes_the_samples_quotes_to_their_speakers(settings):
    settings.DEBUG = True
    editor = factories.make_editor("editor")
    reader = factories.make_user("reader")
    article = factories.make_article(
        body='وقال مدير عام الآثار الدكتور فؤاد الجمال: "حافظنا على كل قطعة أصلية".\n\nفقرة أخرى.'
    )
    factories.make_annotation(
        article=article, author=reader, exact="فقرة أخرى"
    )  # a claim to review

    assert "1 quotes attributed" in demo_newsroom()
    demo_newsroom()  # idempotent

    attribution = QuoteAttribution.objects.select_related("annotation", "speaker").get()
    assert attribution.annotation.exact == "حافظنا على كل قطعة أصلية"
    assert attribution.annotation.kind == "quote"
    assert attribution.annotation.author == reader
    assert (attribution.speaker.name, attribution.attributed_by) == ("فؤاد الجمال", editor)
    assert (
        article.body[attribution.annotation.start : attribution.annotation.end]
        == "حافظنا على كل قطعة أصلية"
    )
