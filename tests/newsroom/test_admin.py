import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from annotations.models import Annotation
from newsroom import services
from newsroom.models import ClaimReview, Flag, ModerationLog, QuoteAttribution, Speaker
from tests.factories import make_annotation, make_speaker

pytestmark = pytest.mark.django_db
ANNOTATIONS = reverse("admin:annotations_annotation_changelist")
SPEAKERS = reverse("admin:newsroom_speaker_changelist")


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def listed(response) -> set[int]:
    return {obj.pk for obj in response.context["cl"].result_list}


def test_annotation_admin_filters(admin_client, article, reader, editor, staff):
    claim = make_annotation(article=article)
    reviewed = make_annotation(article=article)
    services.claim_review_update(annotation=reviewed, editor=editor, status="reviewed", verdict=2)
    quote = make_annotation(article=article, kind="quote")
    services.flag_create(annotation=quote, user=reader, category="abuse", reason="شتيمة")
    hidden = make_annotation(article=article, kind="comment")
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    cases = {
        "": {claim.pk, reviewed.pk, quote.pk, hidden.pk},
        "kind=quote": {quote.pk},
        "review_status=unreviewed": {claim.pk},
        "review_status=reviewed": {reviewed.pk},
        "verdict=2": {reviewed.pk},
        "flagged=open": {quote.pk},
        "flagged=none": {claim.pk, reviewed.pk, hidden.pk},
        "hidden=yes": {hidden.pk},
        "hidden=no": {claim.pk, reviewed.pk, quote.pk},
        f"article__section__id__exact={article.section_id}": {
            claim.pk,
            reviewed.pk,
            quote.pk,
            hidden.pk,
        },
        "q=الفقرة": {claim.pk, reviewed.pk, quote.pk, hidden.pk},
    }
    for query, expected in cases.items():
        response = admin_client.get(f"{ANNOTATIONS}?{query}")
        assert response.status_code == 200, query
        assert listed(response) == expected, query
    flags = {
        a.pk: a.open_flag_count for a in admin_client.get(ANNOTATIONS).context["cl"].result_list
    }
    assert flags == {claim.pk: 0, reviewed.pk: 0, quote.pk: 1, hidden.pk: 0}


def test_hide_action_asks_for_a_reason_then_hides_and_logs(admin_client, article, reader):
    annotation = make_annotation(article=article)
    services.flag_create(annotation=annotation, user=reader, category="abuse", reason="شتيمة")
    data = {"action": "hide", ACTION_CHECKBOX_NAME: [annotation.pk]}
    page = admin_client.post(ANNOTATIONS, data)
    assert page.status_code == 200
    assert "سبب الإخفاء" in page.content.decode()
    annotation.refresh_from_db()
    assert annotation.hidden_at is None
    empty = admin_client.post(ANNOTATIONS, {**data, "apply": "1", "reason": ""})
    assert "هذا الحقل مطلوب" in empty.content.decode()
    done = admin_client.post(ANNOTATIONS, {**data, "apply": "1", "reason": "لغة مسيئة"})
    assert done.status_code == 302
    annotation.refresh_from_db()
    assert annotation.hidden_reason == "لغة مسيئة" and annotation.hidden_at is not None
    assert Flag.objects.get().resolved_at is not None
    assert ModerationLog.objects.filter(action="hide", reason="لغة مسيئة").exists()


def test_unhide_action(admin_client, article, staff):
    annotation = make_annotation(article=article)
    services.annotation_hide(annotation=annotation, moderator=staff, reason="خطأ")
    admin_client.post(ANNOTATIONS, {"action": "unhide", ACTION_CHECKBOX_NAME: [annotation.pk]})
    annotation.refresh_from_db()
    assert annotation.hidden_at is None
    assert ModerationLog.objects.filter(action="unhide").count() == 1


def test_set_status_action_records_history_and_skips_non_claims(admin_client, article):
    claim = make_annotation(article=article)
    quote = make_annotation(article=article, kind="quote")
    response = admin_client.post(
        ANNOTATIONS,
        {"action": "mark_in_review", ACTION_CHECKBOX_NAME: [claim.pk, quote.pk]},
        follow=True,
    )
    review = ClaimReview.objects.get(annotation=claim)
    assert review.status == "in_review"
    assert list(review.history.values_list("field", "new_value")) == [("status", "قيد المراجعة")]
    messages = [str(m) for m in response.context["messages"]]
    assert "تُرك تعليق واحد لأنه ليس ادعاءً." in messages


def test_annotation_changelist_queries_do_not_grow(
    admin_client, article, django_assert_max_num_queries
):
    for _ in range(30):
        make_annotation(article=article)
    with django_assert_max_num_queries(12):
        admin_client.get(ANNOTATIONS)


def test_claim_review_admin_saves_through_the_service(admin_client, claim, editor):
    review = ClaimReview.objects.get(annotation=claim)
    url = reverse("admin:newsroom_claimreview_change", args=[review.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "status": "reviewed",
            "verdict": "5",
            "rationale": "مصادر رسمية",
            "assignee": editor.pk,
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review.refresh_from_db()
    assert (review.status, review.verdict, review.assignee) == ("reviewed", 5, editor)
    assert review.history.filter(editor__username="moderator").count() == 4
    assert "مصادر رسمية" in admin_client.get(url).content.decode()


def test_speaker_merge_action(admin_client, article, editor):
    keep, dup = make_speaker("أحمد علي"), make_speaker("احمد علي")
    quote = make_annotation(article=article, kind="quote")
    services.quote_attribute(annotation=quote, editor=editor, speaker=dup)
    data = {"action": "merge", ACTION_CHECKBOX_NAME: [keep.pk, dup.pk]}
    page = admin_client.post(SPEAKERS, data)
    assert page.status_code == 200 and "المتحدث الذي يبقى" in page.content.decode()
    response = admin_client.post(SPEAKERS, {**data, "apply": "1", "keep": keep.pk})
    assert response.status_code == 302
    assert list(Speaker.objects.all()) == [keep]
    assert QuoteAttribution.objects.get().speaker == keep


def test_speaker_merge_needs_two(admin_client):
    speaker = make_speaker()
    response = admin_client.post(
        SPEAKERS, {"action": "merge", ACTION_CHECKBOX_NAME: [speaker.pk]}, follow=True
    )
    assert "اختر متحدثَين أو أكثر للدمج." in response.content.decode()


def test_speaker_admin_search_uses_arabic_matching(admin_client):
    ibrahim = make_speaker("إبراهيم")
    make_speaker("سامي")
    response = admin_client.get(SPEAKERS, {"q": "ابراهيم"})
    assert listed(response) == {ibrahim.pk}


def test_non_staff_cannot_use_the_admin(client, editor, article):
    annotation = make_annotation(article=article)
    client.force_login(editor)
    response = client.post(
        ANNOTATIONS,
        {"action": "hide", ACTION_CHECKBOX_NAME: [annotation.pk], "apply": "1", "reason": "x"},
    )
    assert response.status_code == 302
    assert Annotation.objects.get(pk=annotation.pk).hidden_at is None


def test_flag_and_log_admins_are_read_only(admin_client, article, reader):
    annotation = make_annotation(article=article)
    flag = services.flag_create(
        annotation=annotation, user=reader, category="abuse", reason="شتيمة"
    )
    listing = admin_client.get(reverse("admin:newsroom_flag_changelist"))
    assert listing.status_code == 200
    # Moderators read the listed reason and the reader's words, in the list, on the
    # annotation's page (its flags inline) and in the log.
    assert "إساءة" in listing.content.decode() and "شتيمة" in listing.content.decode()
    change = admin_client.get(reverse("admin:annotations_annotation_change", args=[annotation.pk]))
    assert "إساءة" in change.content.decode() and "شتيمة" in change.content.decode()
    log = admin_client.get(reverse("admin:newsroom_moderationlog_changelist")).content.decode()
    assert "إساءة: شتيمة" in log
    assert admin_client.get(reverse("admin:newsroom_moderationlog_changelist")).status_code == 200
    assert (
        admin_client.get(reverse("admin:newsroom_flag_change", args=[flag.pk])).status_code == 200
    )
    assert admin_client.get(reverse("admin:newsroom_moderationlog_add")).status_code == 403


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("n", "hidden", "shown"),
    [
        (1, "أُخفي تعليق واحد.", "أُظهر تعليق واحد."),
        (2, "أُخفي تعليقان.", "أُظهر تعليقان."),
        (3, "أُخفيت 3 تعليقات.", "أُظهرت 3 تعليقات."),
        (11, "أُخفي 11 تعليقًا.", "أُظهر 11 تعليقًا."),
    ],
)
def test_hide_and_unhide_messages_use_the_arabic_plural_forms(
    admin_client, article, n, hidden, shown
):
    ids = [make_annotation(article=article, kind="comment").pk for _ in range(n)]
    data = {"action": "hide", ACTION_CHECKBOX_NAME: ids, "apply": "1", "reason": "مخالف"}
    response = admin_client.post(ANNOTATIONS, data, follow=True)
    assert _messages(response) == [hidden]
    response = admin_client.post(
        ANNOTATIONS, {"action": "unhide", ACTION_CHECKBOX_NAME: ids}, follow=True
    )
    assert _messages(response) == [shown]
    # Nothing left to show: said so, not «0 تعليق».
    response = admin_client.post(
        ANNOTATIONS, {"action": "unhide", ACTION_CHECKBOX_NAME: ids}, follow=True
    )
    assert _messages(response) == ["لم يُظهَر أي تعليق: كان المحدد ظاهرًا من قبل."]


def test_status_action_message_counts_claims_and_what_was_left(admin_client, article):
    claims = [make_annotation(article=article).pk for _ in range(2)]
    others = [make_annotation(article=article, kind="quote").pk for _ in range(3)]
    response = admin_client.post(
        ANNOTATIONS,
        {"action": "mark_in_review", ACTION_CHECKBOX_NAME: claims + others},
        follow=True,
    )
    assert _messages(response) == [
        "صارت حالة ادعاءين: قيد المراجعة.",
        "تُركت 3 تعليقات لأنها ليست ادعاءات.",
    ]
    response = admin_client.post(
        ANNOTATIONS, {"action": "mark_reviewed", ACTION_CHECKBOX_NAME: others[:1]}, follow=True
    )
    assert _messages(response) == [
        "لم تتغير حالة أي ادعاء إلى «تمت المراجعة»: لم يكن في المحدد ادعاء.",
        "تُرك تعليق واحد لأنه ليس ادعاءً.",
    ]
