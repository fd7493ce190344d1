import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from annotations.models import Annotation
from newsroom import services
from newsroom.models import (
    ClaimReview,
    ClaimReviewChange,
    EvidenceSource,
    Flag,
    ModerationLog,
    QuoteAttribution,
    ReviewStatus,
    Speaker,
    Verdict,
)
from tests import factories
from tests.factories import make_annotation, make_editor, make_speaker

pytestmark = pytest.mark.django_db


def history(review):
    return list(
        review.history.order_by("id").values_list(
            "editor__username", "field", "old_value", "new_value"
        )
    )


# --- Claim review ------------------------------------------------------------------


def test_update_records_one_history_row_per_changed_field(claim, editor):
    other = make_editor("sara")
    review = services.claim_review_update(
        annotation=claim,
        editor=editor,
        status=ReviewStatus.IN_REVIEW,
        verdict=Verdict.MISLEADING,
        rationale="الأرقام من عام آخر.",
        assignee=other,
    )
    assert (review.status, review.verdict, review.assignee) == ("in_review", 3, other)
    assert history(review) == [
        ("editor", "status", "لم يراجع", "قيد المراجعة"),
        ("editor", "verdict", "", "مضلل"),
        ("editor", "rationale", "", "الأرقام من عام آخر."),
        ("editor", "assignee", "", "sara"),
    ]
    assert all(c.changed_at is not None for c in review.history.all())


def test_unchanged_fields_leave_no_history(claim, editor):
    services.claim_review_update(
        annotation=claim, editor=editor, status=ReviewStatus.IN_REVIEW, verdict=Verdict.FALSE
    )
    review = services.claim_review_update(
        annotation=claim,
        editor=editor,
        verdict=Verdict.FALSE,
        status=ReviewStatus.IN_REVIEW,
        assignee=None,
        rationale="",
    )
    assert history(review) == [
        ("editor", "status", "لم يراجع", "قيد المراجعة"),
        ("editor", "verdict", "", "خاطئ"),
    ]


def test_history_keeps_old_values(claim, editor, staff):
    services.claim_review_update(
        annotation=claim, editor=editor, status=ReviewStatus.IN_REVIEW, verdict=Verdict.TRUE
    )
    review = services.claim_review_update(annotation=claim, editor=staff, verdict=None)
    assert history(review)[-1] == ("moderator", "verdict", "صحيح", "")


def test_reviewed_at_is_set_when_reviewed_and_cleared_when_reopened(claim, editor):
    review = services.claim_review_update(
        annotation=claim, editor=editor, status=ReviewStatus.REVIEWED, verdict=Verdict.TRUE
    )
    assert review.reviewed_at is not None
    assert review.is_published
    review = services.claim_review_update(
        annotation=claim, editor=editor, status=ReviewStatus.IN_REVIEW
    )
    assert review.reviewed_at is None
    assert not review.is_published


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_only_editors_and_staff_review(claim, reader, who):
    user = AnonymousUser() if who == "anonymous" else reader
    with pytest.raises(PermissionDenied):
        services.claim_review_update(annotation=claim, editor=user, status=ReviewStatus.REVIEWED)
    with pytest.raises(PermissionDenied):
        services.evidence_add(annotation=claim, editor=user, title="t", url="https://example.org/")
    review = ClaimReview.objects.get(annotation=claim)
    assert review.status == ReviewStatus.UNREVIEWED
    assert not review.history.exists()


def test_staff_review_without_being_in_the_group(claim, staff):
    review = services.claim_review_update(
        annotation=claim, editor=staff, status=ReviewStatus.REVIEWED
    )
    assert review.status == ReviewStatus.REVIEWED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "done"}, "status"),
        ({"verdict": 9}, "verdict"),
        ({"verdict": "صحيح"}, "verdict"),
    ],
)
def test_bad_values_are_refused_per_field(claim, editor, changes, field):
    with pytest.raises(ValidationError) as exc:
        services.claim_review_update(annotation=claim, editor=editor, **changes)
    assert field in exc.value.message_dict
    assert not ClaimReviewChange.objects.exists()


def test_assignee_must_be_an_editor(claim, editor, reader):
    with pytest.raises(ValidationError) as exc:
        services.claim_review_update(annotation=claim, editor=editor, assignee=reader)
    assert exc.value.message_dict["assignee"] == ["لا يُكلَّف بالمراجعة إلا محرر."]


def test_unknown_field_is_a_programming_error(claim, editor):
    with pytest.raises(ValueError):
        services.claim_review_update(annotation=claim, editor=editor, author=editor)


def test_only_claims_are_reviewed(quote, editor):
    with pytest.raises(ValidationError):
        services.claim_review_update(annotation=quote, editor=editor, status=ReviewStatus.REVIEWED)


# --- Evidence ------------------------------------------------------------------------


def test_evidence_is_added_with_history(claim, editor):
    source = services.evidence_add(
        annotation=claim, editor=editor, title=" بيان الوزارة ", url="https://example.org/بيان?x=1"
    )
    assert (source.title, source.url, source.added_by) == (
        "بيان الوزارة",
        "https://example.org/بيان?x=1",
        editor,
    )
    assert history(source.review) == [
        ("editor", "evidence", "", "بيان الوزارة <https://example.org/بيان?x=1>")
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "example",
        "",
        "http://",
        "https://exa mple.org/",
    ],
)
def test_evidence_url_is_validated(claim, editor, url):
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(annotation=claim, editor=editor, title="مصدر", url=url)
    assert "url" in exc.value.message_dict
    assert not EvidenceSource.objects.exists()


def test_evidence_needs_a_title(claim, editor):
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            annotation=claim, editor=editor, title="  ", url="https://example.org/"
        )
    assert exc.value.message_dict["title"] == ["اكتب عنوان المصدر."]


def test_removing_evidence_is_recorded(claim, editor):
    source = services.evidence_add(
        annotation=claim, editor=editor, title="مصدر", url="https://a.example/"
    )
    review = source.review
    services.evidence_remove(evidence=source, editor=editor)
    assert not review.evidence.exists()
    assert history(review)[-1] == ("editor", "evidence", "مصدر <https://a.example/>", "")


# --- Quotes and speakers ---------------------------------------------------------------


def test_attribute_and_reattribute_a_quote(quote, editor):
    first, second = make_speaker("أحمد"), make_speaker("سعاد")
    services.quote_attribute(annotation=quote, editor=editor, speaker=first)
    services.quote_attribute(annotation=quote, editor=editor, speaker=second)
    attribution = QuoteAttribution.objects.get(annotation=quote)
    assert (attribution.speaker, attribution.attributed_by) == (second, editor)
    services.quote_unattribute(annotation=quote, editor=editor)
    assert not QuoteAttribution.objects.exists()


def test_highlights_are_not_attributed(article, editor):
    highlight = make_annotation(article=article, kind=Annotation.Kind.HIGHLIGHT)
    with pytest.raises(ValidationError):
        services.quote_attribute(annotation=highlight, editor=editor, speaker=make_speaker())


def test_readers_cannot_attribute_or_create_speakers(quote, reader):
    with pytest.raises(PermissionDenied):
        services.quote_attribute(annotation=quote, editor=reader, speaker=make_speaker())
    with pytest.raises(PermissionDenied):
        services.speaker_create(editor=reader, name="جديد")
    assert not QuoteAttribution.objects.exists()


def test_speaker_create_validates(editor):
    with pytest.raises(ValidationError) as exc:
        services.speaker_create(editor=editor, name="   ")
    assert "name" in exc.value.message_dict
    speaker = services.speaker_create(editor=editor, name="وزارة الصحة", kind="organisation")
    assert speaker.created_by == editor


def test_merge_moves_quotes_keeps_names_and_deletes_the_others(article, editor):
    keep = make_speaker("أحمد علي", description="وزير")
    dup1 = make_speaker("احمد علي", other_names="A. Ali")
    dup2 = make_speaker("أحمد عَلي")
    quotes = [make_annotation(article=article, kind="quote") for _ in range(3)]
    for quote, speaker in zip(quotes, [keep, dup1, dup2]):
        services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    moved = services.speakers_merge(keep=keep, others=[dup1, dup2, keep], editor=editor)
    assert moved == 2
    assert list(Speaker.objects.all()) == [keep]
    assert set(QuoteAttribution.objects.values_list("speaker", flat=True)) == {keep.pk}
    keep.refresh_from_db()
    assert keep.other_names_list == ["احمد علي", "A. Ali", "أحمد عَلي"]
    assert list(Speaker.objects.matching("a. ali")) == [keep]


def test_merge_is_all_or_nothing(article, editor, monkeypatch):
    keep, dup = make_speaker("أ"), make_speaker("ب")
    services.quote_attribute(
        annotation=make_annotation(article=article, kind="quote"), editor=editor, speaker=dup
    )

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Speaker, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.speakers_merge(keep=keep, others=[dup], editor=editor)
    assert QuoteAttribution.objects.get().speaker == dup
    assert Speaker.objects.count() == 2


def test_readers_cannot_merge(reader):
    with pytest.raises(PermissionDenied):
        services.speakers_merge(keep=make_speaker("أ"), others=[make_speaker("ب")], editor=reader)
    assert Speaker.objects.count() == 2


# --- Flags and moderation ----------------------------------------------------------------


def test_flag_once_per_user_and_logged(claim, reader):
    flag = services.flag_create(
        annotation=claim, user=reader, category="misleading", reason="  الرقم خطأ  "
    )
    assert (flag.category, flag.reason, flag.resolved_at) == ("misleading", "الرقم خطأ", None)
    with pytest.raises(ValidationError) as exc:
        services.flag_create(annotation=claim, user=reader, category="abuse")
    assert exc.value.messages == ["أبلغت عن هذا التعليق من قبل؛ يراجعه فريق الإشراف."]
    assert Flag.objects.count() == 1
    log = ModerationLog.objects.get()
    assert (log.actor, log.action, log.reason, log.annotation_ref) == (
        reader,
        "flag",
        "معلومات مضللة: الرقم خطأ",
        claim.pk,
    )


def test_a_listed_reason_needs_no_words_but_other_does(article, reader, editor):
    public = make_annotation(article=article)
    flag = services.flag_create(annotation=public, user=reader, category="spam")
    assert (flag.reason, flag.summary) == ("", "محتوى تجاري أو مزعج")
    with pytest.raises(ValidationError) as exc:
        services.flag_create(annotation=public, user=editor, category="other", reason="   ")
    assert exc.value.message_dict == {"reason": ["اكتب سبب البلاغ حين تختار «أخرى»."]}
    flag = services.flag_create(annotation=public, user=editor, category="other", reason="مكرر")
    assert flag.summary == "أخرى: مكرر"


def test_flag_needs_a_reason_a_user_and_a_public_annotation(article, reader):
    public = make_annotation(article=article)
    private = make_annotation(article=article, visibility="private")
    with pytest.raises(ValidationError):
        services.flag_create(annotation=public, user=reader, category="")
    with pytest.raises(ValidationError):
        services.flag_create(annotation=public, user=reader, category="rude")
    with pytest.raises(ValidationError):
        services.flag_create(annotation=public, user=reader, category="abuse", reason="x" * 1001)
    with pytest.raises(PermissionDenied):
        services.flag_create(annotation=public, user=AnonymousUser(), category="abuse")
    with pytest.raises(PermissionDenied):
        services.flag_create(annotation=private, user=reader, category="abuse")
    assert not Flag.objects.exists()


def test_hide_and_unhide_resolve_flags_and_are_logged(claim, reader, staff):
    services.flag_create(annotation=claim, user=reader, category="abuse")
    services.annotation_hide(annotation=claim, moderator=staff, reason="لغة مسيئة")
    claim.refresh_from_db()
    assert claim.hidden_at is not None and claim.hidden_reason == "لغة مسيئة"
    assert Flag.objects.get().resolved_at is not None
    services.annotation_unhide(annotation=claim, moderator=staff)
    claim.refresh_from_db()
    assert (claim.hidden_at, claim.hidden_reason) == (None, "")
    assert list(
        ModerationLog.objects.order_by("id").values_list("action", "actor__username", "reason")
    ) == [
        ("flag", "reader", "إساءة"),
        ("hide", "moderator", "لغة مسيئة"),
        ("unhide", "moderator", ""),
    ]


def test_only_staff_hide(claim, editor, reader):
    for user in (editor, reader, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.annotation_hide(annotation=claim, moderator=user, reason="سبب")
    claim.refresh_from_db()
    assert claim.hidden_at is None
    assert not ModerationLog.objects.exists()


def test_hiding_needs_a_reason_for_the_author(claim, staff):
    with pytest.raises(ValidationError):
        services.annotation_hide(annotation=claim, moderator=staff, reason=" ")


def test_hidden_annotation_is_visible_only_to_author_and_staff(claim, reader, staff, editor):
    services.annotation_hide(annotation=claim, moderator=staff, reason="مخالف")
    visible = lambda user: Annotation.objects.visible_to(user).filter(pk=claim.pk).exists()  # noqa: E731
    assert not visible(AnonymousUser())
    assert not visible(reader)
    assert not visible(editor)
    assert visible(claim.author)
    assert visible(staff)
    services.annotation_unhide(annotation=claim, moderator=staff)
    assert visible(AnonymousUser()) and visible(reader)


def test_editors_queryset_lists_editors_and_staff_once(editor, staff, reader):
    factories.make_user("inactive-staff", is_staff=True, is_active=False)
    assert [u.username for u in services.editors_queryset()] == ["editor", "moderator"]


def test_unreviewed_with_a_verdict_is_refused_whichever_field_makes_it(claim, editor):
    with pytest.raises(ValidationError) as refused:
        services.claim_review_update(annotation=claim, editor=editor, verdict=Verdict.FALSE)
    assert "لم يراجع" in refused.value.message_dict["verdict"][0]
    services.claim_review_update(
        annotation=claim, editor=editor, status=ReviewStatus.IN_REVIEW, verdict=Verdict.FALSE
    )
    with pytest.raises(ValidationError) as refused:
        services.claim_review_update(
            annotation=claim, editor=editor, status=ReviewStatus.UNREVIEWED
        )
    assert "status" in refused.value.message_dict
    review = claim.review
    review.refresh_from_db()
    # Nothing of the refused change was kept.
    assert (review.status, review.verdict) == (ReviewStatus.IN_REVIEW, Verdict.FALSE)
