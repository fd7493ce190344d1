"""Tokens, CSRF on cookie writes, visibility and permissions across anonymous, reader,
other reader, editor and staff; the search API."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, hash_token
from articles.models import Article
from tests import factories

from .conftest import Api, container_url, w3c_annotation

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "anonymous": None,
        "reader": factories.make_user("reader_a"),
        "other": factories.make_user("reader_b"),
        "editor": factories.make_editor("editor_a"),
        "staff": factories.make_user("staff_a", is_staff=True),
    }


@pytest.fixture
def annotations(article, people):
    words = article.paragraphs[0].split()
    public = factories.annotate(article, people["reader"], words[0], kind="claim", comment="عام")
    private = factories.annotate(article, people["reader"], words[1], visibility="private")
    hidden = factories.annotate(article, people["reader"], words[2], kind="comment", comment="مخفي")
    from newsroom import services as newsroom

    newsroom.annotation_hide(annotation=hidden, moderator=people["staff"], reason="إساءة")
    draft = factories.make_article(status=Article.Status.DRAFT)
    in_draft = factories.annotate(draft, people["reader"], draft.paragraphs[0].split()[0])
    return {"public": public, "private": private, "hidden": hidden, "draft": in_draft}


def url(annotation) -> str:
    return f"/api/articles/{annotation.article_id}/annotations/{annotation.pk}"


VISIBLE = {
    "anonymous": {"public"},
    "reader": {"public", "private", "hidden"},  # the author
    "other": {"public"},
    "editor": {"public"},
    "staff": {"public", "hidden", "draft"},
}


@pytest.mark.parametrize("who", list(VISIBLE))
def test_visibility_matches_the_pages(client, people, annotations, who):
    api = Api(client, people[who])
    for name, annotation in annotations.items():
        expected = 200 if name in VISIBLE[who] else 404
        assert api.get(url(annotation)).status_code == expected, (who, name)
    seen = {item["id"] for item in api.get("/api/annotations/").json()["first"]["items"]}
    assert seen == {"http://testserver" + url(annotations[n]) for n in VISIBLE[who]}
    assert api.get("/api/search").json()["partOf"]["total"] == len(VISIBLE[who])


def test_writes_without_credentials_are_401(client, article):
    response = Api(client).post(
        container_url(article), w3c_annotation(article, article.paragraphs[0].split()[0])
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_users_annotation_is_403_to_change_or_delete(client, people, annotations):
    api = Api(client, people["other"])
    current = api.get(url(annotations["public"]))
    body = current.json()
    body["body"][0]["value"] = "تغيير من غير الكاتب"
    assert (
        api.put(url(annotations["public"]), body, HTTP_IF_MATCH=current["ETag"]).status_code == 403
    )
    assert api.delete(url(annotations["public"]), HTTP_IF_MATCH=current["ETag"]).status_code == 403


def test_editors_review_claims_and_readers_may_not(client, people, annotations):
    claim_url = url(annotations["public"])
    review = {"type": "ClaimReview", "purpose": "assessing", "reviewStatus": "reviewed",
              "reviewBody": "موثّق.", "reviewRating": {"type": "Rating", "ratingValue": 5}}  # fmt: skip
    for who, status in (("other", 403), ("editor", 200)):
        api = Api(client, people[who])
        current = api.get(claim_url)
        body = current.json()
        body["body"].append(review)
        assert api.put(claim_url, body, HTTP_IF_MATCH=current["ETag"]).status_code == status
    bodies = Api(client).get(claim_url).json()["body"]
    assert any(b.get("reviewRating", {}).get("ratingValue") == 5 for b in bodies)


def test_tokens_are_stored_hashed_and_revocable(client, people, article):
    api = Api(client, people["reader"])
    token = ApiToken.objects.get(user=people["reader"])
    assert token.key_hash == hash_token(api.raw) and api.raw not in token.key_hash
    assert token.last_used_at is None
    sent = w3c_annotation(article, article.paragraphs[0].split()[0])
    assert api.post(container_url(article), sent).status_code == 201
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.revoked_at = timezone.now()
    token.save()
    assert api.get("/api/annotations/").status_code == 401
    bad = Api(client)
    bad.headers["HTTP_AUTHORIZATION"] = "Bearer nr_not-a-token"
    assert bad.get("/api/annotations/").status_code == 401
    bad.headers["HTTP_AUTHORIZATION"] = "Basic abc"
    assert bad.get("/api/annotations/").json()["error"] == "bad_authorization"


def test_last_used_is_written_at_most_once_a_minute(client, people, django_assert_num_queries):
    api = Api(client, people["reader"])
    api.get("/api/annotations/")
    token = ApiToken.objects.get(user=people["reader"])
    first = token.last_used_at
    api.get("/api/annotations/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=5))
    api.get("/api/annotations/")
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=5)


def test_cookie_writes_need_csrf_and_token_writes_do_not(people, article):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["reader"])
    sent = w3c_annotation(article, article.paragraphs[0].split()[0])
    refused = Api(browser).post(container_url(article), sent)
    assert refused.status_code == 403 and refused.json()["error"] == "csrf"
    scripted = Api(Client(enforce_csrf_checks=True), people["reader"])
    assert scripted.post(container_url(article), sent).status_code == 201


def test_the_tokens_page_creates_shows_once_and_revokes(client, people):
    client.force_login(people["reader"])
    assert client.get("/accounts/tokens/").status_code == 200
    response = client.post("/accounts/tokens/", {"name": "نص النسخ الاحتياطي"})
    token = ApiToken.objects.get(user=people["reader"])
    raw = response.context["raw"]
    assert raw.startswith("nr_") and hash_token(raw) == token.key_hash
    assert raw.encode() in response.content
    assert raw.encode() not in client.get("/accounts/tokens/").content
    assert client.post("/accounts/tokens/", {"name": ""}).status_code == 400
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    other = Client()
    other.force_login(people["other"])
    assert other.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404


def test_the_tokens_page_needs_a_login(client):
    assert client.get("/accounts/tokens/").status_code == 302


def test_create_api_token_prints_the_token_alone_on_its_last_line(people):
    out = io.StringIO()
    call_command("create_api_token", "reader_a", "--name", "cron", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(key_hash=hash_token(raw)).name == "cron"


@pytest.fixture
def searchable(article, people):
    words = article.paragraphs[0].split()
    made = [
        factories.annotate(article, people["reader"], words[0], kind="comment", comment="الاقتصاد ينمو", tags=["اقتصاد"]),
        factories.annotate(article, people["other"], words[1], kind="claim", comment="أرقام البطالة"),
        factories.annotate(article, people["reader"], words[2], kind="quote"),
    ]  # fmt: skip
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=claim", [1]),
        ("user=reader_a", [0, 2]),
        ("tag=اقتصاد", [0]),
        ("q=والاقتصاد", [0]),
        ("status=unreviewed", [1]),
        ("since=2000-01-01&sort=created", [0, 1, 2]),
        ("until=2000-01-01", []),
    ],
)
def test_search_filters(client, searchable, query, expected):
    body = client.get("/api/search?" + query).json()
    ids = [item["id"].rsplit("/", 1)[1] for item in body["items"]]
    assert sorted(ids) == sorted(str(searchable[i].pk) for i in expected)
    assert body["type"] == "AnnotationPage"


@pytest.mark.parametrize(
    "query", ["kind=x", "verdict=9", "since=yesterday", "sort=up", "page=-1", "article=x"]
)
def test_bad_search_parameters_are_400(client, query):
    response = client.get("/api/search?" + query)
    assert response.status_code == 400 and response.json()["message"]["ar"]


def test_search_pages_are_stable_while_others_write(client, article, people):
    word = article.paragraphs[0].split()[0]
    for _ in range(5):
        factories.make_annotation(
            article=article, author=people["reader"], exact=word, kind="comment"
        )
    first = client.get("/api/search?limit=2&sort=created").json()
    factories.make_annotation(article=article, author=people["reader"], exact=word, kind="comment")
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    ids = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert len(ids) == len(set(ids)) == 5 and "next" not in third


def test_a_container_page_costs_the_same_queries_for_10_or_100(
    client, article, people, django_assert_max_num_queries
):
    word = article.paragraphs[0].split()[0]

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(container_url(article) + "?page=0").status_code == 200
        return len(captured)

    for _ in range(10):
        factories.make_annotation(
            article=article, author=people["reader"], exact=word, kind="claim"
        )
    few = count_queries()
    for _ in range(90):
        factories.make_annotation(
            article=article, author=people["reader"], exact=word, kind="claim"
        )
    assert count_queries() == few
