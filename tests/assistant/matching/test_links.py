"""'Same claim' links (editors only; the earlier review is copied with history) and 'checked before' flags."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistant.matching.models import CheckedBefore, ClaimLink, IndexedClaim
from assistant.matching.services import (
    article_flag_checked_before,
    claim_index,
    claim_link_same,
    claim_unlink_same,
    sentences,
)
from newsroom import services as newsroom_services
from newsroom.models import ClaimReviewChange, ReviewStatus, Verdict
from tests.factories import make_annotation, make_article, make_editor, make_user

pytestmark = pytest.mark.django_db

EARLIER = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."
LATER = "التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية."


def claim_on(text: str):
    article = make_article(body=text + "\n\nفقرة أخرى لا تقول شيئا.")
    return make_annotation(article=article, exact=text).review


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def reviewed(editor):
    review = claim_on(EARLIER)
    newsroom_services.claim_review_update(
        annotation=review.annotation,
        editor=editor,
        status=ReviewStatus.REVIEWED,
        verdict=Verdict.choices[0][0],
        rationale="الرقم الرسمي 3.5%.",
    )
    newsroom_services.evidence_add(
        annotation=review.annotation,
        editor=editor,
        title="نشرة البنك المركزي",
        url="https://example.org/cpi",
    )
    review.refresh_from_db()
    return review


def test_link_copies_review_and_evidence_with_history(editor, reviewed):
    later = claim_on(LATER)
    link = claim_link_same(review=later, earlier=reviewed, editor=editor)
    later.refresh_from_db()
    assert (later.status, later.verdict, later.rationale) == (
        reviewed.status,
        reviewed.verdict,
        reviewed.rationale,
    )
    assert later.is_published
    assert list(later.evidence.values_list("url", flat=True)) == ["https://example.org/cpi"]
    fields = set(ClaimReviewChange.objects.filter(review=later).values_list("field", flat=True))
    assert {"status", "verdict", "rationale", "evidence"} <= fields
    assert link.earlier == reviewed and link.linked_by == editor and link.score >= 0.5


def test_copied_review_stays_editable_and_relinking_adds_no_duplicate_evidence(editor, reviewed):
    later = claim_on(LATER)
    claim_link_same(review=later, earlier=reviewed, editor=editor)
    newsroom_services.claim_review_update(
        annotation=later.annotation, editor=editor, rationale="تعليل خاص بهذا المقال."
    )
    claim_link_same(review=later, earlier=reviewed, editor=editor)
    later.refresh_from_db()
    assert later.rationale == reviewed.rationale  # a new link copies again, with history
    assert later.evidence.count() == 1
    assert ClaimLink.objects.count() == 1
    claim_unlink_same(review=later, editor=editor)
    assert not ClaimLink.objects.exists()
    later.refresh_from_db()
    assert later.is_published  # the copy is this claim's own


def test_readers_and_anonymous_cannot_link(reviewed):
    later = claim_on(LATER)
    for user in (make_user(), make_user(is_staff=False)):
        with pytest.raises(PermissionDenied):
            claim_link_same(review=later, earlier=reviewed, editor=user)
    later.refresh_from_db()
    assert later.status == ReviewStatus.UNREVIEWED
    assert not ClaimLink.objects.exists()


def test_a_claim_cannot_be_its_own_earlier_claim(editor, reviewed):
    with pytest.raises(ValidationError):
        claim_link_same(review=reviewed, earlier=reviewed, editor=editor)


def test_sentences_keep_offsets():
    text = "أولا جملة. ثانيا جملة؟\n\nثالثا؛ رابعا"
    assert [text[s:e] for s, e in sentences(text)] == [
        "أولا جملة.",
        "ثانيا جملة؟",
        "ثالثا؛",
        "رابعا",
    ]


def test_new_article_sentences_matching_a_reviewed_claim_are_flagged(editor, reviewed):
    claim_index(
        article_id=reviewed.article_id, text=reviewed.annotation.exact, review_id=reviewed.pk
    )
    unreviewed = claim_on("قال وزير الزراعة إن إنتاج القمح بلغ 9 ملايين طن في 2022.")
    claim_index(
        article_id=unreviewed.article_id, text=unreviewed.annotation.exact, review_id=unreviewed.pk
    )
    body = (
        "افتتح المعرض أمس. " + LATER + " وبلغ إنتاج القمح 9 ملايين طن في 2022 حسب وزير الزراعة."
        "\n\nوارتفع التضخم إلى 70% في 2023."
    )
    article = make_article(body=body)
    assert article_flag_checked_before(article=article) == 1
    (flag,) = CheckedBefore.objects.all()
    assert flag.earlier == reviewed
    assert article.body[flag.start : flag.end] == LATER
    # Recomputing replaces the flags rather than adding to them.
    assert article_flag_checked_before(article=article) == 1
    assert CheckedBefore.objects.count() == 1


def test_new_claims_are_indexed_in_the_background(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = claim_on(EARLIER)
    entry = IndexedClaim.objects.get(review=review)
    assert entry.text == EARLIER


def test_an_import_chunk_flags_its_new_articles_in_the_background(
    editor, reviewed, django_capture_on_commit_callbacks
):
    from articles.importer import Written
    from editorial.services import articles_written

    claim_index(
        article_id=reviewed.article_id, text=reviewed.annotation.exact, review_id=reviewed.pk
    )
    article = make_article(body=LATER)
    with django_capture_on_commit_callbacks(execute=True):
        articles_written(Written(created=[article]))
    assert CheckedBefore.objects.get().article == article


def test_the_copy_is_in_the_history_and_groups_point_at_their_first_claim(editor, reviewed):
    later = claim_on(LATER)
    third = claim_on("وزير المالية: التضخم ارتفع إلى سبعة بالمئة في 2023.")
    claim_link_same(review=third, earlier=later, editor=editor)  # before later is linked
    claim_link_same(review=later, earlier=reviewed, editor=editor)
    entry = ClaimReviewChange.objects.get(review=later, field=ClaimReviewChange.Field.SAME_CLAIM)
    assert entry.new_value == f"نُسخت المراجعة من الادعاء {reviewed.pk}"
    assert entry.editor == editor
    later.refresh_from_db()
    third.refresh_from_db()
    # The repeat of a repeat follows it to the first claim of the group.
    assert later.same_as_id == reviewed.pk and third.same_as_id == reviewed.pk
    # A first claim cannot become a repeat of its own repeat.
    with pytest.raises(ValidationError):
        claim_link_same(review=reviewed, earlier=third, editor=editor)
    reviewed.refresh_from_db()
    assert reviewed.same_as_id is None


def test_a_chunk_is_not_read_while_no_claim_was_reviewed(
    editor, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from assistant.matching.services import articles_flag_checked_before

    claim_index(article_id=make_article().pk, text=EARLIER)  # indexed, never reviewed
    articles = [make_article(body=LATER) for _ in range(3)]
    # Is any claim reviewed? The chunk's old flags; and the savepoint around them.
    with django_assert_num_queries(4):
        assert articles_flag_checked_before(article_ids=[a.pk for a in articles]) == 0
    reviewed = claim_on(EARLIER)
    newsroom_services.claim_review_update(
        annotation=reviewed.annotation, editor=editor, status=ReviewStatus.REVIEWED
    )
    claim_index(article_id=reviewed.article_id, text=EARLIER, review_id=reviewed.pk)
    assert articles_flag_checked_before(article_ids=[a.pk for a in articles]) == 3
