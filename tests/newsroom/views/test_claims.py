import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import services
from newsroom.models import Verdict
from tests import factories
from tests.factories import make_annotation, make_editor
from tests.newsroom.helpers import QUEUE, review_of

pytestmark = pytest.mark.django_db
CAIRO = ZoneInfo("Africa/Cairo")


# --- Claims queue ------------------------------------------------------------------------


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
    client.get("/accounts/")  # the editor's role is asked once, then kept
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
            annotation=annotation, editor=editor, assignee=editor, status="in_review", verdict=1
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


def test_inline_save_sends_the_status_chips_out_of_band_under_the_queues_filters(
    client, editor, claim
):
    # Another section's claim: outside the filtered queue below.
    make_annotation(article=factories.make_article(section=factories.make_section("رياضة")))
    section = claim.article.section_id
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {
            "status": "in_review",
            "next": QUEUE + f"?section={section}&status=unreviewed&page=1",
        },
        headers={"HX-Request": "true", "HX-Target": f"claim-{claim.pk}"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="claim-{claim.pk}"')
    chips = html[html.index('<ul id="status-counts"') :]
    assert 'data-hx-swap-oob="true"' in chips.split(">", 1)[0]
    # The saved claim moved from «لم يراجع» to «قيد المراجعة»; the other section's
    # claim is not counted, as on the page the row was saved from.
    assert re.search(r'data-status="unreviewed">0<', chips)
    assert re.search(r'data-status="in_review">1<', chips)
    # The chips keep the queue's filters in their links.
    assert f"section={section}" in chips


def test_inline_save_refuses_unreviewed_with_a_verdict_next_to_the_row(client, editor, claim):
    client.force_login(editor)
    response = client.post(
        reverse("newsroom:claim_inline_update", args=[claim.pk]),
        {"status": "unreviewed", "verdict": "2", "next": QUEUE},
        headers={"HX-Request": "true", "HX-Target": f"claim-{claim.pk}"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert">' in html and "لا حكم لادعاء «لم يراجع»" in html
    assert review_of(claim).verdict is None
