"""'Checked before' in the claims queue: the similarity's findings kept on each claim
(in the background), the queue's filter, chip and row, for editors only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assistant.matching.views import similar_for
from newsroom import services as newsroom_services
from newsroom.models import ClaimReview, ReviewStatus, Verdict
from tests.factories import make_annotation, make_article, make_editor, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("newsroom:claim_queue")
EARLIER = "قال وزير المالية إن التضخم ارتفع إلى 7% في عام 2023."
LATER = "التضخم بلغ سبعة في المئة خلال 2023، بحسب وزير المالية."
OTHER_FIGURE = "قال وزير المالية إن التضخم ارتفع إلى 70% في عام 2023."
REWORDED = [
    "التضخم بلغ 7% في 2023 وفق وزير المالية.",
    "أكد وزير المالية أن التضخم ارتفع إلى 7% خلال 2023.",
    "ذكر وزير المالية أن التضخم صعد إلى 7% عام 2023.",
    "صرح وزير المالية بأن التضخم ارتفع إلى 7% في سنة 2023.",
    "أعلن وزير المالية أن نسبة التضخم ارتفعت إلى 7% في 2023.",
]
UNRELATED = "افتتحت البلدية حديقة عامة جديدة على ضفاف النهر."


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what follows a commit (the matching tasks, immediate backend) as it would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def new_claim(commit, text):
    article = make_article(body=text + "\n\nفقرة أخرى.")
    return commit(lambda: make_annotation(article=article, exact=text)).review


def review(commit, editor, claim, **changes):
    commit(
        lambda: newsroom_services.claim_review_update(
            annotation=claim.annotation, editor=editor, **changes
        )
    )


@pytest.fixture
def checked(editor, commit):
    """A reviewed claim, then the same claim in other words, then one with another figure."""
    earlier = new_claim(commit, EARLIER)
    review(commit, editor, earlier, status=ReviewStatus.REVIEWED, verdict=Verdict.FALSE)
    later = new_claim(commit, LATER)
    other = new_claim(commit, OTHER_FIGURE)
    unrelated = new_claim(commit, UNRELATED)
    return {
        name: ClaimReview.objects.get(pk=r.pk)
        for name, r in [
            ("earlier", earlier),
            ("later", later),
            ("other", other),
            ("unrelated", unrelated),
        ]
    }


def queue_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="claim-(\d+)"', response.content.decode())]


def test_a_new_claim_matching_a_reviewed_one_is_checked_before(checked):
    later, earlier = checked["later"], checked["earlier"]
    assert later.earlier_match_id == earlier.pk
    assert later.top_match_id == earlier.pk
    assert later.similar_count >= 1
    # Another figure is similar (same topic) but not the same claim: not checked before.
    assert checked["other"].earlier_match_id is None
    assert checked["other"].similar_count >= 1
    assert checked["unrelated"].similar_count == 0
    assert checked["unrelated"].earlier_match_id is None
    # The reviewed claim came first: its own counts followed the later claims.
    assert earlier.similar_count >= 2
    # The queue's count is what the similar-claims page lists.
    for name, review in checked.items():
        assert review.similar_count == len(similar_for(review)), name


def test_the_flag_follows_the_earlier_review(checked, editor, commit):
    earlier, later = checked["earlier"], checked["later"]
    review(commit, editor, earlier, status=ReviewStatus.IN_REVIEW, verdict=None)
    later.refresh_from_db()
    assert later.earlier_match_id is None
    assert later.top_match_id == earlier.pk  # still the same claim, not yet checked
    review(commit, editor, earlier, status=ReviewStatus.REVIEWED, verdict=Verdict.TRUE)
    later.refresh_from_db()
    assert later.earlier_match_id == earlier.pk


def test_a_claim_leaving_the_queue_leaves_its_matches(checked, commit):
    earlier, later = checked["earlier"], checked["later"]
    moderator = make_user(is_staff=True)
    commit(
        lambda: newsroom_services.annotation_hide(
            annotation=earlier.annotation, moderator=moderator, reason="مكرر"
        )
    )
    later.refresh_from_db()
    assert (later.earlier_match_id, later.top_match_id) == (None, None)
    commit(
        lambda: newsroom_services.annotation_unhide(
            annotation=earlier.annotation, moderator=moderator
        )
    )
    later.refresh_from_db()
    assert later.earlier_match_id == earlier.pk


def test_queue_filter_lists_the_checked_claims_with_the_earlier_verdict(client, editor, checked):
    client.force_login(editor)
    response = client.get(QUEUE, {"checked_before": "on"})
    assert response.status_code == 200
    assert queue_ids(response) == [checked["later"].pk]
    html = response.content.decode()
    row = html[html.index(f'id="claim-{checked["later"].pk}"') :]
    row = row[: row.index("</tr>")]
    assert "سبق التحقق منه" in row
    assert f'href="{checked["earlier"].get_absolute_url()}"' in row
    assert 'class="verdict-badge verdict-badge--2"' in row
    assert reverse("matching:similar_claims", args=[checked["later"].pk]) in row
    # The chip counts them and, on, takes the filter off again.
    chip = re.search(r'<li class="status-counts__checked"><a href="\?([^"]*)"[^>]*>', html)
    assert chip and "checked_before" not in chip.group(1)
    assert 'aria-current="true">سبق التحقق منه' in html
    # The status chips count under the filter.
    assert re.search(r'data-status="unreviewed">([^<]*)<', html).group(1) == "1"


def test_queue_without_the_filter_shows_the_chip_count_and_similar_counts(client, editor, checked):
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    assert re.search(r"data-checked-before>([^<]*)<", html).group(1) == "1"
    chip = re.search(r'<li class="status-counts__checked"><a href="\?([^"]*)"', html)
    assert chip.group(1) == "checked_before=on"
    assert "queue-row__checked" in html
    # Under a status filter the chip counts that status only.
    for status, expected in [("unreviewed", "1"), ("reviewed", "0")]:
        html_status = client.get(QUEUE, {"status": status}).content.decode()
        assert re.search(r"data-checked-before>([^<]*)<", html_status).group(1) == expected
    # One similar claim reads in its own Arabic plural form.
    unrelated_row = html[html.index(f'id="claim-{checked["unrelated"].pk}"') :]
    assert "queue-row__similar" not in unrelated_row[: unrelated_row.index("</tr>")]


def test_queue_filter_with_htmx_returns_only_the_results(client, editor, checked):
    client.force_login(editor)
    response = client.get(
        QUEUE,
        {"checked_before": "on", "status": "unreviewed"},
        headers={"HX-Request": "true", "HX-Target": "queue-results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="queue-results"')
    assert queue_ids(response) == [checked["later"].pk]


def test_queue_filter_keeps_a_constant_number_of_queries(client, editor, commit):
    earlier = new_claim(commit, EARLIER)
    review(commit, editor, earlier, status=ReviewStatus.REVIEWED, verdict=Verdict.FALSE)
    new_claim(commit, LATER)
    client.force_login(editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(QUEUE, {"checked_before": "on"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    for text in REWORDED:
        new_claim(commit, text)
    assert ClaimReview.objects.filter(earlier_match=earlier).count() >= 5
    assert queries() == one


def test_the_filter_reads_its_partial_index():
    # A queue where, as in any real one, few claims were checked before; the
    # planner is told so (ANALYZE) as autovacuum would.
    claims = [make_annotation().review for _ in range(30)]
    newsroom_services.claim_matches_record(
        found={claims[1].pk: newsroom_services.ClaimMatches(1, claims[0].pk, claims[0].pk)}
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + connection.ops.quote_name(ClaimReview._meta.db_table))
    sql, params = (
        ClaimReview.objects.filter(in_queue=True, earlier_match__isnull=False)
        .order_by("-claimed_at", "-pk")
        .values_list("pk", flat=True)
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert "claim_queue_checked_before" in plan
            assert "TEMP B-TREE" not in plan  # the index's order: no sort
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " | ".join(row[0] for row in cursor.fetchall())
            assert "claim_queue_checked_before" in plan, plan


def test_readers_see_nothing_of_unconfirmed_matches(client, checked):
    later = checked["later"]
    for user in (None, make_user()):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(QUEUE, {"checked_before": "on"})
        assert response.status_code in (302, 403)
        assert "سبق التحقق" not in response.content.decode()
        article = client.get(later.article.get_absolute_url()).content.decode()
        # The earlier verdict is not shown on the later claim until an editor links them.
        assert "verdict-badge" not in article
        assert "سبق التحقق" not in article
        assert reverse("matching:similar_claims", args=[later.pk]) not in article
        response = client.get(reverse("matching:similar_claims", args=[later.pk]))
        assert response.status_code in (302, 403)
