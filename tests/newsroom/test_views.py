import csv
import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import services
from newsroom.models import ClaimReview, Flag, QuoteAttribution, ReviewStatus, Speaker, Verdict
from tests import factories
from tests.factories import make_annotation, make_editor, make_speaker

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")
QUEUE = reverse("newsroom:claim_queue")
CSV_URL = reverse("newsroom:claim_queue_csv")


def review_of(annotation) -> ClaimReview:
    return ClaimReview.objects.get(annotation=annotation)


def editor_requests(claim, quote, evidence_pk):
    """Every editor action: (method, url, data)."""
    return [
        ("get", QUEUE, {}),
        ("get", CSV_URL, {}),
        ("get", reverse("newsroom:claim_detail", args=[claim.pk]), {}),
        (
            "post",
            reverse("newsroom:claim_detail", args=[claim.pk]),
            {
                "review-status": "reviewed",
                "review-verdict": "2",
                "review-rationale": "x",
                "review-assignee": "",
            },
        ),
        (
            "post",
            reverse("newsroom:claim_detail", args=[claim.pk]),
            {"title": "مصدر", "url": "https://example.org/"},
        ),
        (
            "post",
            reverse("newsroom:claim_inline_update", args=[claim.pk]),
            {"status": "reviewed", "assignee": ""},
        ),
        ("post", reverse("newsroom:evidence_delete", args=[claim.pk, evidence_pk]), {}),
        ("get", reverse("newsroom:quote_attribute", args=[quote.pk]), {"q": "احمد"}),
        (
            "post",
            reverse("newsroom:quote_attribute", args=[quote.pk]),
            {"action": "create", "speaker-name": "جديد", "speaker-kind": "person"},
        ),
    ]


@pytest.fixture
def evidence(claim, editor):
    return services.evidence_add(
        annotation=claim, editor=editor, title="مصدر أول", url="https://a.example/"
    )


def snapshot(claim, quote):
    review = review_of(claim)
    return (
        review.status,
        review.verdict,
        review.rationale,
        review.assignee_id,
        list(review.evidence.values_list("pk", flat=True)),
        review.history.count(),
        QuoteAttribution.objects.filter(annotation=quote).exists(),
        Speaker.objects.count(),
    )


# --- Permissions -------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client, claim, quote, evidence):
    before = snapshot(claim, quote)
    for method, url, data in editor_requests(claim, quote, evidence.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert snapshot(claim, quote) == before


def test_anonymous_htmx_gets_a_client_redirect(client, claim):
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "reviewed"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert review_of(claim).status == ReviewStatus.UNREVIEWED


def test_readers_get_403_on_every_editor_action_and_nothing_changes(
    client, reader, claim, quote, evidence
):
    client.force_login(reader)
    before = snapshot(claim, quote)
    for method, url, data in editor_requests(claim, quote, evidence.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
    assert snapshot(claim, quote) == before


@pytest.mark.parametrize("role", ["editor", "staff"])
def test_editors_and_staff_can_do_every_editor_action(
    client, claim, quote, evidence, role, editor, staff
):
    client.force_login(editor if role == "editor" else staff)
    for method, url, data in editor_requests(claim, quote, evidence.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    review = review_of(claim)
    assert (review.status, review.verdict) == ("reviewed", 2)
    assert list(review.evidence.values_list("title", flat=True)) == ["مصدر"]
    assert QuoteAttribution.objects.get(annotation=quote).speaker.name == "جديد"


def test_csrf_is_enforced(claim, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]), {"status": "reviewed"}
    )
    assert response.status_code == 403
    assert review_of(claim).status == ReviewStatus.UNREVIEWED


# --- Claims queue ------------------------------------------------------------------------


@pytest.fixture
def queue_data(db):
    """Claims across two sections/publishers, dates and statuses."""
    politics, economy = factories.make_section("سياسة"), factories.make_section("اقتصاد")
    pub_a, pub_b = factories.make_publisher("الأهرام"), factories.make_publisher("الشروق")
    a1 = factories.make_article(section=politics, publisher=pub_a, title="مقال أ")
    a2 = factories.make_article(section=economy, publisher=pub_b, title="مقال ب")
    sara = make_editor("sara")
    claims = {}
    for name, article, day, status, verdict, assignee in [
        ("c1", a1, 1, "unreviewed", None, None),
        ("c2", a1, 5, "in_review", None, sara),
        ("c3", a2, 10, "reviewed", Verdict.FALSE, sara),
        ("c4", a2, 20, "reviewed", Verdict.TRUE, None),
    ]:
        annotation = make_annotation(article=article)
        ClaimReview.objects.filter(annotation=annotation).update(
            status=status,
            verdict=verdict,
            assignee=assignee,
            claimed_at=datetime(2024, 3, day, 12, 0, tzinfo=CAIRO),
        )
        claims[name] = annotation.pk
    return {"claims": claims, "politics": politics, "pub_b": pub_b, "sara": sara}


def queue_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="claim-(\d+)"', response.content.decode())]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["c4", "c3", "c2", "c1"]),
        ({"status": "reviewed"}, ["c4", "c3"]),
        ({"verdict": "2"}, ["c3"]),
        ({"section": "politics"}, ["c2", "c1"]),
        ({"publisher": "pub_b"}, ["c4", "c3"]),
        ({"assignee": "sara"}, ["c3", "c2"]),
        ({"assignee": "none"}, ["c4", "c1"]),
        ({"date_from": "2024-03-05", "date_to": "2024-03-10"}, ["c3", "c2"]),
        ({"sort": "oldest"}, ["c1", "c2", "c3", "c4"]),
        ({"sort": "article"}, ["c3", "c4", "c1", "c2"]),
        ({"status": "reviewed", "assignee": "none"}, ["c4"]),
    ],
)
def test_queue_filters_and_sorts(client, editor, queue_data, params, expected):
    client.force_login(editor)
    data = {
        k: (queue_data[v].pk if v in ("politics", "pub_b", "sara") else v)
        for k, v in params.items()
    }
    response = client.get(QUEUE, data)
    assert response.status_code == 200
    assert queue_ids(response) == [queue_data["claims"][name] for name in expected]


def test_queue_counts_per_status_follow_the_other_filters(client, editor, queue_data):
    client.force_login(editor)
    response = client.get(QUEUE, {"publisher": queue_data["pub_b"].pk, "status": "unreviewed"})
    html = response.content.decode()
    counts = dict(re.findall(r'data-status="(\w+)">(\d+)<', html))
    assert counts == {"unreviewed": "0", "in_review": "0", "reviewed": "2"}
    assert queue_ids(response) == []
    assert "لا ادعاءات تطابق هذه التصفية." in html


@pytest.fixture
def cached_counts(monkeypatch):
    """Cache the queue's counts however short it is (normally from 2,000 claims)."""
    from django.core.cache import cache

    from core import counts as pagination

    monkeypatch.setattr(pagination, "CACHE_COUNTS_FROM", 1)
    cache.clear()
    yield
    cache.clear()


def shown_counts(client, **params) -> dict[str, int]:
    html = client.get(QUEUE, params).content.decode()
    return {status: int(n) for status, n in re.findall(r'data-status="(\w+)">(\d+)<', html)}


def test_queue_counts_come_from_the_cache_until_a_claim_changes(
    client, editor, staff, cached_counts
):
    from editorial import services as editorial_services
    from newsroom import services as annotation_services

    politics, economy = factories.make_section("سياسة"), factories.make_section("اقتصاد")
    article = factories.make_article(section=politics)
    first, second = make_annotation(article=article), make_annotation(article=article)
    client.force_login(editor)
    with CaptureQueriesContext(connection) as counted:
        assert shown_counts(client) == {"unreviewed": 2, "in_review": 0, "reviewed": 0}
    with CaptureQueriesContext(connection) as cached:
        assert shown_counts(client) == {"unreviewed": 2, "in_review": 0, "reviewed": 0}
    assert len(counted) - len(cached) == 3  # one COUNT per status, not run again

    services.claim_review_update(annotation=first, editor=editor, status="in_review")
    assert shown_counts(client) == {"unreviewed": 1, "in_review": 1, "reviewed": 0}
    services.annotation_hide(annotation=first, moderator=staff, reason="مخالف")
    assert shown_counts(client) == {"unreviewed": 1, "in_review": 0, "reviewed": 0}
    # Turning a claim into a comment leaves the queue through QuerySet.update().
    annotation_services.annotation_update(
        annotation=second, kind="comment", comment="", tags=[], visibility="public"
    )
    assert shown_counts(client) == {"unreviewed": 0, "in_review": 0, "reviewed": 0}
    third = make_annotation(article=article)
    assert shown_counts(client) == {"unreviewed": 1, "in_review": 0, "reviewed": 0}
    # Filtered counts are kept apart, and follow the article to its new section.
    assert shown_counts(client, section=politics.pk)["unreviewed"] == 1
    assert shown_counts(client, section=economy.pk)["unreviewed"] == 0
    article.section = economy
    editorial_services.article_save(article=article)
    assert shown_counts(client, section=politics.pk)["unreviewed"] == 0
    assert shown_counts(client, section=economy.pk)["unreviewed"] == 1
    annotation_services.annotation_delete(annotation=third)
    assert shown_counts(client) == {"unreviewed": 0, "in_review": 0, "reviewed": 0}


def test_queue_reports_bad_filters_in_arabic_and_ignores_them(client, editor, queue_data):
    client.force_login(editor)
    response = client.get(
        QUEUE, {"verdict": "9", "date_from": "2024-03-10", "date_to": "2024-03-01"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "انتق خياراً صحيحاً. 9 ليس أحد الخيارات المتاحة." in html
    assert "يجب ألا يسبق تاريخ النهاية تاريخ البداية." in html
    # date_to is invalid, date_from still applies; the bad verdict is ignored.
    assert len(queue_ids(response)) == 2


def test_queue_lists_public_claims_that_are_not_hidden(client, editor, staff, article):
    public = make_annotation(article=article)
    private = make_annotation(article=article, visibility="private")
    hidden = make_annotation(article=article)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    client.force_login(editor)
    assert queue_ids(client.get(QUEUE)) == [public.pk]
    assert client.get(reverse("newsroom:claim_detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("newsroom:claim_detail", args=[private.pk])).status_code == 404
    client.force_login(staff)
    # Moderated claims are the admin's business; staff can still open one.
    assert queue_ids(client.get(QUEUE)) == [public.pk]
    assert client.get(reverse("newsroom:claim_detail", args=[hidden.pk])).status_code == 200
    services.annotation_unhide(annotation=hidden, moderator=staff)
    assert sorted(queue_ids(client.get(QUEUE))) == sorted([public.pk, hidden.pk])


def test_queue_follows_visibility_and_kind_changes(client, editor, article):
    from newsroom import services as annotation_services

    claim = make_annotation(article=article)
    client.force_login(editor)
    assert queue_ids(client.get(QUEUE)) == [claim.pk]
    annotation_services.annotation_update(
        annotation=claim, kind="claim", comment="", tags=[], visibility="private"
    )
    assert queue_ids(client.get(QUEUE)) == []
    annotation_services.annotation_update(
        annotation=claim, kind="quote", comment="", tags=[], visibility="public"
    )
    assert queue_ids(client.get(QUEUE)) == []
    annotation_services.annotation_update(
        annotation=claim, kind="claim", comment="", tags=[], visibility="public"
    )
    assert queue_ids(client.get(QUEUE)) == [claim.pk]


def test_queue_is_paginated_and_pages_keep_the_filters(client, editor, article):
    for _ in range(27):
        make_annotation(article=article)
    client.force_login(editor)
    first = client.get(QUEUE, {"status": "unreviewed"})
    assert len(queue_ids(first)) == 25
    assert "?status=unreviewed&amp;page=2" in first.content.decode()
    second = client.get(QUEUE, {"status": "unreviewed", "page": 2})
    assert len(queue_ids(second)) == 2


def test_queue_htmx_filter_returns_only_the_results_partial(client, editor, queue_data):
    client.force_login(editor)
    response = client.get(
        QUEUE, {"status": "reviewed"}, headers={"HX-Request": "true", "HX-Target": "queue-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="queue-results"')
    assert "<html" not in html
    assert len(queue_ids(response)) == 2


def queue_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_does_not_grow_with_claims(client, editor, django_assert_num_queries):
    make_editor("sara")
    article = factories.make_article()
    make_annotation(article=article)
    client.force_login(editor)
    one = queue_queries(client)
    for i in range(30):
        other = factories.make_article(section=factories.make_section(f"قسم {i}"))
        annotation = make_annotation(article=other)
        services.claim_review_update(
            annotation=annotation, editor=editor, assignee=editor, verdict=1
        )
    make_editor("huda")
    with django_assert_num_queries(one):
        response = client.get(QUEUE, {"sort": "article"})
    assert len(queue_ids(response)) == 25


def test_queue_rows_select_their_own_status_verdict_and_assignee(client, editor):
    other = make_editor("other", first_name="<b>سارة</b>")
    first, second = make_annotation(), make_annotation()
    services.claim_review_update(
        annotation=first, editor=editor, status="reviewed", verdict=Verdict.FALSE, assignee=other
    )
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()

    def selected(name, claim):
        select = re.search(
            rf'<select name="{name}" id="{name}-{claim.pk}">(.*?)</select>', html, re.S
        ).group(1)
        return re.findall(r'<option value="([^"]*)" selected>', select)

    assert selected("status", first) == ["reviewed"]
    assert selected("verdict", first) == [str(Verdict.FALSE.value)]
    assert selected("assignee", first) == [str(other.pk)]
    assert selected("status", second) == ["unreviewed"]
    assert selected("verdict", second) == [""]
    assert selected("assignee", second) == [""]
    assert "&lt;b&gt;سارة&lt;/b&gt;" in html
    assert "<b>سارة</b>" not in html


def test_inline_update_with_htmx_swaps_the_row(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "in_review", "assignee": editor.pk, "next": QUEUE + "?status=unreviewed"},
        headers={"HX-Request": "true", "HX-Target": f"claim-{claim.pk}"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="claim-{claim.pk}"')
    assert 'value="in_review" selected' in html
    assert "حُفظ." in html
    review = review_of(claim)
    assert (review.status, review.assignee) == ("in_review", editor)
    assert review.history.count() == 2


def test_inline_update_without_js_returns_to_the_filtered_queue(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "reviewed", "assignee": "", "next": QUEUE + "?status=unreviewed"},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?status=unreviewed"
    assert review_of(claim).status == "reviewed"


def test_inline_update_ignores_an_offsite_next(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "reviewed", "next": "https://evil.example/"},
    )
    assert response["Location"] == QUEUE


def test_inline_update_refuses_bad_values_with_an_arabic_message(client, editor, reader, claim):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "done", "assignee": reader.pk},
        headers={"HX-Request": "true"},
    )
    # htmx swaps only 2xx responses: the row comes back with the reason, nothing is saved.
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert">' in html and "انتق خياراً صحيحاً" in html
    assert "حُفظ." not in html
    assert review_of(claim).status == "unreviewed"
    assert not review_of(claim).history.exists()


# --- CSV export ---------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_has_the_filtered_claims(client, editor, queue_data):
    client.force_login(editor)
    response = client.get(CSV_URL, {"status": "reviewed"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    rows = read_csv(response)
    assert rows[0][:5] == ["رقم الادعاء", "نص الادعاء", "الحالة", "الحكم", "قيمة التقييم"]
    body = rows[1:]
    assert [int(r[0]) for r in body] == [queue_data["claims"]["c4"], queue_data["claims"]["c3"]]
    c3 = body[1]
    assert c3[1] == "الفقرة"
    assert c3[2:6] == ["تمت المراجعة", "خاطئ", "2", "sara"]
    assert c3[6] == "مقال ب" and c3[8:10] == ["اقتصاد", "الشروق"]
    assert c3[10].startswith("2024-03-10T12:00:00+02:00")
    assert c3[12].endswith(f"#annotation-{queue_data['claims']['c3']}")


def test_csv_cells_cannot_run_as_formulas(client, editor):
    article = factories.make_article(body="=HYPERLINK(1) قال الوزير.\n\nفقرة.")
    make_annotation(article=article, exact="=HYPERLINK(1)")
    client.force_login(editor)
    rows = read_csv(client.get(CSV_URL))
    assert rows[1][1] == "'=HYPERLINK(1)"


# --- Claim page ----------------------------------------------------------------------------


def test_claim_page_saves_the_review_and_shows_history(client, editor, claim):
    client.force_login(editor)
    url = reverse("newsroom:claim_detail", args=[claim.pk])
    response = client.post(
        url,
        {
            "review-status": "reviewed",
            "review-verdict": "3",
            "review-rationale": "سياق ناقص",
            "review-assignee": editor.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert "سجل التغييرات" in html
    for text in ["تمت المراجعة", "مضلل", "سياق ناقص"]:
        assert text in html
    assert review_of(claim).history.count() == 4


def test_claim_page_shows_field_errors_in_arabic_and_keeps_input(client, editor, claim):
    client.force_login(editor)
    url = reverse("newsroom:claim_detail", args=[claim.pk])
    response = client.post(url, {"title": "مصدر مهم", "url": "javascript:alert(1)"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "أدخِل رابطًا صحيحًا." in html
    assert 'value="مصدر مهم"' in html
    assert not review_of(claim).evidence.exists()


def test_claim_page_escapes_user_text(client, editor, article):
    article = factories.make_article(body="<script>alert(1)</script> نص\n\nفقرة")
    claim = make_annotation(article=article, exact="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(reverse("newsroom:claim_detail", args=[claim.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_claim_page_embeds_claimreview_jsonld_once_reviewed(client, editor, claim):
    client.force_login(editor)
    url = reverse("newsroom:claim_detail", args=[claim.pk])
    assert "ClaimReview" not in client.get(url).content.decode()
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed", verdict=2)
    html = client.get(url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "خاطئ"


def test_evidence_delete_only_from_its_own_claim(client, editor, claim, article):
    other = make_annotation(article=article)
    source = services.evidence_add(
        annotation=claim, editor=editor, title="م", url="https://a.example/"
    )
    client.force_login(editor)
    response = client.post(reverse("newsroom:evidence_delete", args=[other.pk, source.pk]))
    assert response.status_code == 404
    assert review_of(claim).evidence.exists()


# --- Speakers and attribution -----------------------------------------------------------


def test_speaker_search_as_you_type_returns_the_partial(client, editor, quote):
    ahmad = make_speaker("أحمد علي")
    make_speaker("سامي")
    client.force_login(editor)
    url = reverse("newsroom:quote_attribute", args=[quote.pk])
    response = client.get(
        url, {"q": "احمد"}, headers={"HX-Request": "true", "HX-Target": "speaker-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="speaker-results"')
    assert "أحمد علي" in html and "سامي" not in html
    assert f'name="speaker" value="{ahmad.pk}"' in html
    full = client.get(url, {"q": "إبراهيم"}).content.decode()
    assert "<html" in full and "لا متحدث بهذا الاسم" in full


def test_attribute_an_existing_speaker_without_js(client, editor, quote):
    speaker = make_speaker("وزارة الصحة", kind="organisation")
    client.force_login(editor)
    url = reverse("newsroom:quote_attribute", args=[quote.pk])
    response = client.post(url, {"action": "attribute", "speaker": speaker.pk})
    assert response.status_code == 302
    assert QuoteAttribution.objects.get(annotation=quote).speaker == speaker
    assert "منسوب الآن إلى" in client.get(url).content.decode()


def test_attribute_with_htmx_redirects_on_the_client(client, editor, quote):
    speaker = make_speaker()
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:quote_attribute", args=[quote.pk]),
        {"action": "attribute", "speaker": speaker.pk},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == reverse("newsroom:quote_attribute", args=[quote.pk])


def test_new_speaker_form_errors_are_arabic(client, editor, quote):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:quote_attribute", args=[quote.pk]),
        {"action": "create", "speaker-name": ""},
    )
    assert response.status_code == 400
    assert "هذا الحقل مطلوب" in response.content.decode()
    assert not Speaker.objects.exists()


def test_private_quote_of_someone_else_is_404_for_editors(client, editor, article):
    private = make_annotation(article=article, kind="quote", visibility="private")
    client.force_login(editor)
    assert client.get(reverse("newsroom:quote_attribute", args=[private.pk])).status_code == 404


def test_speaker_page_lists_visible_quotes_newest_first_with_links(client, editor, staff, article):
    speaker = make_speaker("سعاد")
    old = make_annotation(article=article, kind="quote", exact="الفقرة الأولى")
    new = make_annotation(article=article, kind="quote", exact="الفقرة الثانية")
    hidden = make_annotation(article=article, kind="quote", exact="تذكر التفاصيل")
    private = make_annotation(article=article, kind="quote", exact="تتحدث", visibility="private")
    for q in (old, new, hidden, private):
        QuoteAttribution.objects.create(annotation=q, speaker=speaker, attributed_by=editor)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    html = client.get(speaker.get_absolute_url()).content.decode()
    assert html.index("الفقرة الثانية") < html.index("الفقرة الأولى")
    assert "تذكر التفاصيل" not in html and "تتحدث" not in html
    assert f'href="{article.get_absolute_url()}#annotation-{new.pk}"' in html


def test_speaker_index_counts_with_constant_queries(
    client, editor, article, django_assert_num_queries
):
    speaker = make_speaker("أحمد")
    QuoteAttribution.objects.create(
        annotation=make_annotation(article=article, kind="quote"),
        speaker=speaker,
        attributed_by=editor,
    )
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("newsroom:speaker_list"))
    for i in range(20):
        s = make_speaker(f"متحدث {i}")
        QuoteAttribution.objects.create(
            annotation=make_annotation(article=article, kind="quote"),
            speaker=s,
            attributed_by=editor,
        )
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(reverse("newsroom:speaker_list"))
    assert re.search(
        r"أحمد</bdi></a>\s*<span class=\"speaker-index__meta\">شخص · اقتباس واحد",
        response.content.decode(),
    )


def test_speaker_index_search_uses_arabic_matching(client):
    make_speaker("إبراهيم")
    make_speaker("سامي")
    html = client.get(reverse("newsroom:speaker_list"), {"q": "ابراهيم"}).content.decode()
    assert "إبراهيم" in html and "سامي" not in html


# --- Flags -----------------------------------------------------------------------------


def test_flag_requires_login(client, claim):
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    response = client.post(url, {"reason": "إساءة"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Flag.objects.exists()


def test_reader_flags_a_public_annotation_once(client, reader, claim):
    client.force_login(reader)
    url = reverse("newsroom:annotation_flag", args=[claim.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "معلومة مضللة"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#annotation-{claim.pk}")
    again = client.post(url, {"reason": "مرة ثانية"})
    assert again.status_code == 400
    assert "أبلغت عن هذا التعليق من قبل." in again.content.decode()
    assert Flag.objects.count() == 1


def test_empty_flag_reason_is_an_arabic_field_error(client, reader, claim):
    client.force_login(reader)
    response = client.post(reverse("newsroom:annotation_flag", args=[claim.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "هذا الحقل مطلوب" in response.content.decode()


def test_private_or_hidden_annotations_cannot_be_flagged_by_others(client, reader, staff, article):
    private = make_annotation(article=article, visibility="private")
    hidden = make_annotation(article=article)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    client.force_login(reader)
    for annotation in (private, hidden):
        url = reverse("newsroom:annotation_flag", args=[annotation.pk])
        assert client.post(url, {"reason": "سبب"}).status_code == 404
    assert not Flag.objects.exists()


# --- The newsroom part of annotation cards ---------------------------------------------------


def render_card(annotation, user, request=None) -> str:
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    return Template("{% load newsroom %}{% newsroom_card annotation %}").render(
        Context({"annotation": annotation, "user": user or AnonymousUser(), "request": request})
    )


def test_card_shows_the_verdict_badge_only_once_reviewed(claim, editor, reader):
    assert "verdict-badge" not in render_card(claim, reader)
    services.claim_review_update(annotation=claim, editor=editor, verdict=Verdict.MOSTLY_TRUE)
    assert "verdict-badge" not in render_card(
        claim, reader
    )  # a verdict under review is not published
    services.claim_review_update(annotation=claim, editor=editor, status="reviewed")
    html = render_card(claim, None)
    assert 'class="verdict-badge verdict-badge--4"' in html
    assert "صحيح إلى حد كبير" in html


def test_card_names_the_speaker(quote, editor):
    speaker = make_speaker("سعاد")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    html = render_card(quote, None)
    assert f'قائل الاقتباس: <a href="{speaker.get_absolute_url()}"><bdi>سعاد</bdi></a>' in html


def test_card_links_depend_on_the_role(claim, editor, reader):
    assert "إبلاغ" not in render_card(claim, None)
    assert "إبلاغ" not in render_card(claim, claim.author)  # nobody flags their own
    reader_html = render_card(claim, reader)
    assert reverse("newsroom:annotation_flag", args=[claim.pk]) in reader_html
    assert "مراجعة الادعاء" not in reader_html
    editor_html = render_card(claim, editor)
    assert reverse("newsroom:claim_detail", args=[claim.pk]) in editor_html
    assert reverse("newsroom:quote_attribute", args=[claim.pk]) in editor_html


def test_card_tells_the_author_and_staff_why_it_was_hidden(claim, reader, staff):
    services.annotation_hide(annotation=claim, moderator=staff, reason="<b>لغة</b> مسيئة")
    claim.refresh_from_db()
    for user in (claim.author, staff):
        assert "والسبب: <bdi>&lt;b&gt;لغة&lt;/b&gt; مسيئة</bdi>" in render_card(claim, user)
    assert "والسبب" not in render_card(claim, reader)


def test_cards_cost_two_queries_per_article_whatever_their_number(
    article, editor, rf, django_assert_num_queries
):
    claims = [make_annotation(article=article) for _ in range(10)]
    for c in claims:
        services.claim_review_update(annotation=c, editor=editor, status="reviewed", verdict=2)
        services.quote_attribute(annotation=c, editor=editor, speaker=make_speaker())
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(2):
        html = "".join(render_card(c, AnonymousUser(), request) for c in claims)
    assert html.count("verdict-badge--2") == 10


# --- End to end on the article page ----------------------------------------------------------


def test_reader_sees_the_verdict_on_the_article_page_and_search_engines_the_claimreview(
    client, editor, reader, claim
):
    url = claim.article.get_absolute_url()
    assert "verdict-badge" not in client.get(url).content.decode()
    services.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=Verdict.FALSE
    )
    client.force_login(reader)
    html = client.get(url).content.decode()
    card = html[html.index(f'id="card-{claim.pk}"') :]
    assert 'class="verdict-badge verdict-badge--2"' in card[: card.index("</article>")]
    client.logout()
    html = client.get(url).content.decode()
    blocks = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    [reviews] = [b for b in blocks if isinstance(b, list)]
    assert reviews[0]["reviewRating"]["alternateName"] == "خاطئ"
    assert reviews[0]["url"].endswith(f"#annotation-{claim.pk}")


def test_hidden_annotation_end_to_end(client, reader, staff, claim):
    url = claim.article.get_absolute_url()
    client.force_login(reader)
    client.post(reverse("newsroom:annotation_flag", args=[claim.pk]), {"reason": "إساءة"})
    services.annotation_hide(annotation=claim, moderator=staff, reason="يخالف قواعد النقاش")
    for user in (None, reader):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert f'id="card-{claim.pk}"' not in html
        assert "يخالف قواعد النقاش" not in html
    for user in (claim.author, staff):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert f'id="card-{claim.pk}"' in html
        assert "والسبب: <bdi>يخالف قواعد النقاش</bdi>" in html
    services.annotation_unhide(annotation=claim, moderator=staff)
    client.force_login(reader)
    assert f'id="card-{claim.pk}"' in client.get(url).content.decode()


def test_inline_update_sets_the_verdict_and_leaves_absent_fields_alone(client, editor, claim):
    client.force_login(editor)
    url = reverse("newsroom:claim_inline_update", args=[claim.pk])
    client.post(url, {"status": "reviewed", "verdict": "2", "assignee": editor.pk})
    client.post(url, {"status": "in_review"})  # an older form without verdict/assignee
    review = review_of(claim)
    assert (review.status, review.verdict, review.assignee) == ("in_review", 2, editor)


def page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_claim_page_query_count_does_not_grow_with_history_and_evidence(
    client, editor, claim, django_assert_num_queries
):
    client.force_login(editor)
    url = reverse("newsroom:claim_detail", args=[claim.pk])
    services.evidence_add(annotation=claim, editor=editor, title="م", url="https://a.example/")
    one = page_queries(client, url)
    for i in range(15):
        services.evidence_add(
            annotation=claim, editor=editor, title=f"م{i}", url=f"https://a.example/{i}"
        )
        services.claim_review_update(annotation=claim, editor=editor, rationale=f"تعليل {i}")
    with django_assert_num_queries(one):
        client.get(url)


def test_speaker_page_query_count_does_not_grow_with_quotes(
    client, editor, django_assert_num_queries
):
    speaker = make_speaker()
    article = factories.make_article()
    quote = make_annotation(article=article, kind="quote")
    services.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    one = page_queries(client, speaker.get_absolute_url())
    for i in range(15):
        other = factories.make_article(publisher=factories.make_publisher(f"ن{i}"))
        services.quote_attribute(
            annotation=make_annotation(article=other, kind="quote"), editor=editor, speaker=speaker
        )
    with django_assert_num_queries(one):
        response = client.get(speaker.get_absolute_url())
    assert response.content.decode().count('class="speaker-quote"') == 16


def test_my_annotations_show_verdicts_and_speakers_in_two_queries(client, reader, editor):
    articles = [
        factories.make_article(body="قال الوزير إن النمو بلغ خمسة بالمئة هذا العام.")
        for _ in range(3)
    ]
    mine = reverse("annotations:mine")

    def claim_and_quote(article):
        claim = make_annotation(article=article, author=reader, exact="النمو بلغ خمسة بالمئة")
        quote = make_annotation(article=article, author=reader, kind="quote", exact="قال الوزير")
        return claim, quote

    claim, quote = claim_and_quote(articles[0])
    services.claim_review_update(
        annotation=claim, editor=editor, status="reviewed", verdict=Verdict.MISLEADING
    )
    services.quote_attribute(
        annotation=quote, editor=editor, speaker=make_speaker("<i>وزير</i> المالية")
    )
    client.force_login(reader)
    with CaptureQueriesContext(connection) as few:
        html = client.get(mine).content.decode()
    assert html.count('class="verdict-badge verdict-badge--3"') == 1
    assert "&lt;i&gt;وزير&lt;/i&gt; المالية</bdi>" in html
    for article in articles * 3:
        claim, quote = claim_and_quote(article)
        services.claim_review_update(
            annotation=claim, editor=editor, status="reviewed", verdict=Verdict.TRUE
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(mine).content.decode()
    assert html.count('class="verdict-badge verdict-badge--5"') == 9
    assert len(many) == len(few)
