"""The search API over its indexes: tags through AnnotationTag, keyset paging that
survives deletes, totals cached until the next write, constant queries per page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.queries import SEARCH_COUNTS
from newsroom import services
from tests import factories

pytestmark = pytest.mark.django_db


def ids(page) -> list[str]:
    return [item["id"].rsplit("/", 1)[1] for item in page["items"]]


@pytest.fixture
def reader(db):
    return factories.make_user("reader_s")


@pytest.fixture
def words(article):
    return article.paragraphs[0].split()


def test_the_tag_filter_follows_every_change_of_the_tags(client, article, reader, words):
    tagged = factories.annotate(article, reader, words[0], kind="comment", tags=["اقتصاد", "نفط"])
    factories.annotate(article, reader, words[1], kind="comment", tags=["اقتصادي"])
    assert ids(client.get("/api/search?tag=اقتصاد").json()) == [str(tagged.pk)]
    assert ids(client.get("/api/search?tag=نفط").json()) == [str(tagged.pk)]
    services.annotation_update(
        annotation=tagged, kind="comment", comment="", tags=["طاقة"], visibility="public"
    )
    assert ids(client.get("/api/search?tag=اقتصاد").json()) == []
    found = client.get("/api/search?tag=طاقة").json()
    assert ids(found) == [str(tagged.pk)] and found["partOf"]["total"] == 1
    # A long tag (the API allows them) is indexed by its digest, found exactly.
    long_tag = "وسم " * 400
    services.annotation_update(
        annotation=tagged, kind="comment", comment="", tags=[long_tag], visibility="public"
    )
    assert ids(client.get("/api/search", {"tag": long_tag}).json()) == [str(tagged.pk)]
    assert ids(client.get("/api/search", {"tag": long_tag[:-1]}).json()) == []


def test_keyset_pages_skip_nothing_when_an_earlier_item_is_deleted(client, article, reader, words):
    made = [factories.annotate(article, reader, w, kind="comment", comment=w) for w in words[:6]]
    expected = [str(a.pk) for a in reversed(made)]
    first = client.get("/api/search?limit=2").json()
    assert "after=" in first["next"]
    services.annotation_delete(annotation=made[-1])  # the newest, on page 1
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    seen = ids(first) + ids(second) + ids(third)
    # Newest first: nothing skipped, nothing twice (an offset would have skipped one).
    assert seen == expected
    assert second["startIndex"] == 2 and third["startIndex"] == 4


def test_keyset_pages_in_ascending_order_too(client, article, reader, words):
    made = [factories.annotate(article, reader, w, kind="highlight") for w in words[:5]]
    page = client.get("/api/search?limit=2&sort=created").json()
    seen = ids(page)
    while "next" in page:
        page = client.get(page["next"]).json()
        seen += ids(page)
    assert seen == [str(a.pk) for a in made]


@pytest.mark.parametrize("after", ["x", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z~-1", "~5"])
def test_a_bad_cursor_is_400(client, after):
    response = client.get("/api/search", {"after": after})
    assert response.status_code == 400 and response.json()["message"]["ar"]


def test_totals_follow_writes_at_once(client, article, reader, words):
    made = [factories.annotate(article, reader, w, kind="claim") for w in words[:3]]
    first = client.get("/api/search?kind=claim").json()
    assert first["partOf"]["total"] == 3
    same = first["partOf"]["id"]  # the same max_id: the cached count's key
    services.annotation_delete(annotation=made[0])
    assert client.get(same).json()["partOf"]["total"] == 2
    services.annotation_update(
        annotation=made[1], kind="comment", comment="", tags=[], visibility="public"
    )
    assert client.get(same).json()["partOf"]["total"] == 1
    editor = factories.make_editor("editor_s")
    services.claim_review_update(annotation=made[2], editor=editor, status="reviewed", verdict=2)
    assert client.get("/api/search?verdict=2").json()["partOf"]["total"] == 1
    assert client.get("/api/search?status=unreviewed").json()["partOf"]["total"] == 0


def test_items_and_totals_are_what_each_reader_may_see(article, reader, words):
    from articles.models import Article

    other = factories.make_user("other_s")
    factories.annotate(article, reader, words[0], kind="comment")
    factories.annotate(article, reader, words[1], kind="comment", visibility="private")
    draft = factories.make_article(status=Article.Status.DRAFT)
    factories.annotate(draft, reader, draft.paragraphs[0].split()[0], kind="comment")
    staff = factories.make_user("staff_s", is_staff=True)
    for who, expected in ((None, 1), (other, 1), (reader, 2), (staff, 2)):
        client = Client()
        if who is not None:
            client.force_login(who)
        page = client.get("/api/search?kind=comment").json()
        # staff: the public one and the draft's; the author: both of theirs on the article.
        assert len(page["items"]) == page["partOf"]["total"] == expected, who


def test_a_search_page_costs_the_same_queries_for_10_or_100(client, article, reader, words):
    for i in range(100):
        factories.make_annotation(
            article=article, author=reader, exact=words[i % 5], kind="claim", tags=["وسم"]
        )

    def count(url: str) -> int:
        SEARCH_COUNTS.forget()  # both counted afresh (a cached total saves one query)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for filters in ("", "&tag=وسم", "&status=unreviewed", "&user=reader_s"):
        assert count("/api/search?limit=10" + filters) == count("/api/search?limit=100" + filters)


def test_review_filters_show_each_reader_their_claims(article, reader, words):
    """Anonymous readers' review filters walk the claims queue (public, not hidden);
    the author still finds their private and hidden claims, nobody else does."""
    shown = factories.annotate(article, reader, words[0], kind="claim")
    private = factories.annotate(article, reader, words[1], kind="claim", visibility="private")
    hidden = factories.annotate(article, reader, words[2], kind="claim")
    staff = factories.make_user("staff_r", is_staff=True)
    services.annotation_hide(annotation=hidden, moderator=staff, reason="مخالف")
    expected = {
        None: {shown.pk},
        factories.make_user("other_r"): {shown.pk},
        reader: {shown.pk, private.pk, hidden.pk},
        staff: {shown.pk, hidden.pk},
    }
    for who, pks in expected.items():
        client = Client()
        if who is not None:
            client.force_login(who)
        for query in ("status=unreviewed", "status=unreviewed&sort=created"):
            page = client.get("/api/search?" + query).json()
            assert set(ids(page)) == {str(pk) for pk in pks}, (who, query)
            assert page["partOf"]["total"] == len(pks)


def test_review_filters_page_by_keyset_too(client, article, reader, words):
    made = [factories.annotate(article, reader, w, kind="claim") for w in words[:5]]
    expected = [str(a.pk) for a in reversed(made)]
    page = client.get("/api/search?status=unreviewed&limit=2").json()
    seen = ids(page)
    while "next" in page:
        assert "after=" in page["next"]
        page = client.get(page["next"]).json()
        seen += ids(page)
    assert seen == expected


def test_q_pages_by_number_in_either_order(client, article, reader, words):
    for _ in range(3):
        factories.make_annotation(
            article=article, author=reader, kind="comment", comment="الاقتصاد"
        )
    for sort in ("relevance", "created"):
        page = client.get(f"/api/search?q=الاقتصاد&limit=2&sort={sort}").json()
        assert page["partOf"]["total"] == 3 and "after=" not in page["next"]
        assert len(client.get(page["next"]).json()["items"]) == 1
