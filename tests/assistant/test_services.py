"""Suggestions computed, accepted (quote attributed, claim queued), edited, rejected."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation
from assistant import services
from assistant.models import Suggestion, SuggestionEvent
from assistant.speakers import match_speaker
from newsroom.models import ClaimReview, QuoteAttribution, Speaker
from tests import factories

pytestmark = pytest.mark.django_db


def test_compute_stores_quotes_and_claims_with_offsets(detected_article):
    assert services.suggestions_compute(article=detected_article) == 3
    quote = Suggestion.objects.get(kind="quote")
    assert quote.speaker_name == "أحمد سليم"
    assert detected_article.body[quote.start : quote.end] == quote.text
    claims = Suggestion.objects.filter(kind="claim")
    assert {c.text for c in claims} == {
        'وقال وزير المالية أحمد سليم: "بلغ العجز 4 بالمئة من الناتج هذا العام".',
        "وارتفعت الصادرات إلى 46 مليار دولار في 2024.",
    }
    assert all(c.features for c in claims)


def test_recomputing_replaces_pending_and_keeps_decisions(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    rejected = Suggestion.objects.get(kind="quote")
    services.suggestion_reject(suggestion=rejected, editor=editor)
    assert services.suggestions_compute(article=detected_article) == 2
    # A rejected text is never suggested again for that article.
    assert not Suggestion.objects.filter(kind="quote", status="pending").exists()
    assert Suggestion.objects.filter(kind="quote", status="rejected").count() == 1


def test_accepting_a_quote_attributes_it_to_the_matched_speaker(detected_article, editor):
    speaker = factories.make_speaker("أحمد سليم")
    services.suggestions_compute(article=detected_article)
    suggestion = Suggestion.objects.get(kind="quote")
    assert suggestion.speaker == speaker
    annotation = services.suggestion_accept(suggestion=suggestion, editor=editor)
    assert annotation.kind == Annotation.Kind.QUOTE
    assert annotation.exact == suggestion.text
    assert QuoteAttribution.objects.get(annotation=annotation).speaker == speaker
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.annotation == annotation
    event = SuggestionEvent.objects.get(suggestion=suggestion)
    assert (event.action, event.message, event.editor) == (
        "accepted",
        "accepted from a suggestion",
        editor,
    )


def test_an_unknown_speaker_is_proposed_never_created(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    suggestion = Suggestion.objects.get(kind="quote")
    assert suggestion.speaker is None and suggestion.speaker_name == "أحمد سليم"
    annotation = services.suggestion_accept(suggestion=suggestion, editor=editor)
    assert not Speaker.objects.exists()
    assert not QuoteAttribution.objects.filter(annotation=annotation).exists()


def test_edit_then_accept_with_a_new_speaker_and_a_shorter_span(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    suggestion = Suggestion.objects.get(kind="quote")
    annotation = services.suggestion_accept(
        suggestion=suggestion,
        editor=editor,
        start=suggestion.start,
        end=suggestion.start + len("بلغ العجز"),
        new_speaker_name="أحمد محمود سليم",
    )
    assert annotation.exact == "بلغ العجز"
    assert QuoteAttribution.objects.get(annotation=annotation).speaker.name == "أحمد محمود سليم"
    assert SuggestionEvent.objects.get(suggestion=suggestion).action == "edited"


def test_accepting_a_claim_puts_it_in_the_claims_queue(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    suggestion = Suggestion.objects.filter(kind="claim").order_by("start").last()
    annotation = services.suggestion_accept(suggestion=suggestion, editor=editor)
    assert annotation.kind == Annotation.Kind.CLAIM
    assert ClaimReview.objects.in_queue().filter(annotation=annotation).exists()


def test_readers_cannot_decide(detected_article):
    services.suggestions_compute(article=detected_article)
    reader = factories.make_user()
    suggestion = Suggestion.objects.first()
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(suggestion=suggestion, editor=reader)
    with pytest.raises(PermissionDenied):
        services.suggestion_reject(suggestion=suggestion, editor=reader)


def test_a_decided_suggestion_cannot_be_decided_again(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    suggestion = Suggestion.objects.first()
    services.suggestion_reject(suggestion=suggestion, editor=editor)
    with pytest.raises(ValidationError):
        services.suggestion_accept(suggestion=suggestion, editor=editor)


def test_batch_accept_of_an_article(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    assert services.suggestions_accept_article(article=detected_article, editor=editor) == 3
    assert not Suggestion.objects.pending().exists()


def test_accepting_after_the_text_changed_anchors_on_the_words(detected_article, editor):
    services.suggestions_compute(article=detected_article)
    suggestion = Suggestion.objects.get(kind="quote")
    detected_article.body = "تمهيد جديد.\n\n" + detected_article.body
    detected_article.save()
    annotation = services.suggestion_accept(suggestion=suggestion, editor=editor)
    assert detected_article.body[annotation.start : annotation.end] == suggestion.text


def test_enqueue_runs_the_task_with_the_immediate_backend(
    detected_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.suggestions_enqueue(article_ids=[detected_article.pk]) == 1
    assert Suggestion.objects.filter(article=detected_article).count() == 3


@pytest.mark.parametrize(
    "written",
    ["أحمد سليم", "احمد سليم", "الدكتور أحمد سليم", "أحمدُ سليم"],
)
def test_speaker_matching_normalises_and_drops_titles(written):
    speaker = factories.make_speaker("أحمد سليم")
    assert match_speaker(written) == speaker


def test_speaker_matching_joins_abd_al_and_reads_other_spellings():
    speaker = factories.make_speaker("عبدالرحمن الجوهري", other_names="عبد الرحمن جوهري")
    assert match_speaker("عبد الرحمن الجوهري") == speaker
    assert match_speaker("عبد الرحمن جوهري") == speaker
    assert match_speaker("الرحمن") is None


def test_an_import_queues_suggestions_for_the_new_articles(django_capture_on_commit_callbacks):
    from pathlib import Path

    from editorial.imports import import_paths

    samples = Path(__file__).resolve().parents[2] / "samples"
    with django_capture_on_commit_callbacks(execute=True):
        report = import_paths(
            [samples / "01-economy-wheat-harvest.txt", samples / "08-economy-imf-review.txt"]
        )
    assert report.counts["imported"] == 2
    quotes = Suggestion.objects.filter(kind="quote").order_by("article_id", "start")
    assert [q.speaker_name for q in quotes] == [
        "عادل فرج الله",
        "سعاد حمدان",
        "إيلينا فارغاس",
        "حسام الدين رشوان",
    ]


def test_a_text_change_recomputes_the_suggestions(
    detected_article, editor, django_capture_on_commit_callbacks
):
    from editorial.services import article_text_update

    services.suggestions_compute(article=detected_article)
    with django_capture_on_commit_callbacks(execute=True):
        article_text_update(
            article=detected_article,
            paragraphs=['وقالت الطبيبة منى علي: "الفحص مجاني".'],
            editor=editor,
        )
    assert list(Suggestion.objects.filter(kind="quote").values_list("text", "speaker_name")) == [
        ("الفحص مجاني", "منى علي")
    ]


def test_passages_already_annotated_are_not_suggested(detected_article, editor):
    factories.annotate(
        detected_article, editor, "بلغ العجز 4 بالمئة من الناتج هذا العام", kind="quote"
    )
    assert services.suggestions_compute(article=detected_article) == 2
    assert not Suggestion.objects.filter(kind="quote").exists()


def test_a_chunk_is_computed_in_the_same_queries_whatever_its_size():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assistant.services import suggestions_compute_many
    from tests.assistant.conftest import BODY

    def queries(n: int) -> tuple[int, int]:
        articles = [factories.make_article(body=BODY) for _ in range(n)]
        with CaptureQueriesContext(connection) as captured:
            made = suggestions_compute_many(articles=articles, speakers={})
        return len(captured), made

    one, made_one = queries(1)
    many, made_many = queries(25)
    assert made_one == 3 and made_many == 75
    # The speaker look-up is per name for the chunk, not per article.
    assert many == one
