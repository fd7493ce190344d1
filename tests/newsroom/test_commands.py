import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsroom.models import ClaimReview, ReviewStatus, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def test_create_demo_reviews_reviews_one_demo_claim_once(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development"):
        call_command("create_demo_reviews", stdout=io.StringIO())
    settings.DEBUG = True
    with pytest.raises(CommandError, match="create_demo_accounts"):
        call_command("create_demo_reviews", stdout=io.StringIO())
    editor = factories.make_editor("editor")
    reader = factories.make_user("reader")
    with pytest.raises(CommandError, match="create_demo_annotations"):
        call_command("create_demo_reviews", stdout=io.StringIO())
    article = factories.make_article(body="قال الوزير إن النمو بلغ خمسة بالمئة. وأضاف أن البطالة تراجعت.")
    first = factories.make_annotation(article=article, author=reader, exact="النمو بلغ خمسة بالمئة")
    factories.make_annotation(article=article, author=editor, exact="البطالة تراجعت")
    someone_elses = factories.make_annotation(article=article, exact="قال الوزير")

    call_command("create_demo_reviews", stdout=io.StringIO())
    call_command("create_demo_reviews", stdout=io.StringIO())  # idempotent

    reviewed = ClaimReview.objects.exclude(status=ReviewStatus.UNREVIEWED)
    assert list(reviewed.values_list("annotation", "verdict", "assignee")) == [
        (first.pk, Verdict.UNVERIFIABLE, editor.pk)
    ]
    review = reviewed.get()
    assert review.evidence.count() == 1
    assert review.history.count() == 5  # status, verdict, rationale, assignee, evidence
    assert ClaimReview.objects.get(annotation=someone_elses).status == ReviewStatus.UNREVIEWED
