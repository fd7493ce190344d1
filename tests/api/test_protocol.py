"""A Python port of the web-platform-tests annotation-protocol server checks
(server/server-manual.html: the MUSTs and the SHOULDs without Turtle), run against
this server with the Django test client. Where the WPT posts a target on another
site (example.com), these post one on the container's article: the server refuses
targets that are not its own articles (tested below)."""

import json
import re

import pytest

from annotations.models import Annotation
from tests import factories

from .conftest import container_url, w3c_annotation

MEDIA_TYPE = re.compile(r"application/ld\+json")
CONTAINER_TYPE = re.compile(
    r"<http://www.w3.org/ns/(ldp#BasicContainer|oa#AnnotationCollection)>; *rel=\"type\""
)
RESOURCE_TYPE = re.compile(r"<http://www.w3.org/ns/ldp#Resource>; *rel=\"type\"")
CONSTRAINED = (
    '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"'
)
MINIMAL = 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
IRIS = 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"'

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return factories.make_user()


@pytest.fixture
def filled(article, reader):
    """An article with 230 annotations: three container pages."""
    word = article.paragraphs[0].split()[0]
    for _ in range(230):
        factories.make_annotation(article=article, author=reader, exact=word, kind="comment")
    return article


def test_container_iri_ends_in_a_slash(article):
    assert container_url(article).endswith("/")


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_container_supports_get_head_options(api_for, article, method):
    response = getattr(api_for(), method)(container_url(article))
    assert response.status_code == 200
    for verb in ("GET", "HEAD", "OPTIONS"):
        assert verb in response["Allow"]


def test_container_headers_and_description(api_for, filled):
    response = api_for().get(container_url(filled))
    body = response.json()
    assert MEDIA_TYPE.match(response["Content-Type"])
    assert 'profile="http://www.w3.org/ns/anno.jsonld"' in response["Content-Type"]
    assert "BasicContainer" in body["type"] and "AnnotationCollection" in body["type"]
    assert CONTAINER_TYPE.search(response["Link"])
    assert CONSTRAINED in response["Link"]
    assert response["ETag"]
    assert "Accept" in response["Vary"] and "Prefer" in response["Vary"]
    assert response["Content-Location"] == body["id"]
    assert body["total"] == 230


def test_pages_link_to_their_container_and_each_other(api_for, filled):
    api = api_for()
    body = api.get(container_url(filled)).json()
    first = body["first"]
    assert first["partOf"]["id"] == body["id"]
    assert first["startIndex"] == 0 and len(first["items"]) == 100
    assert "prev" not in first
    second = api.get(first["next"]).json()
    assert second["prev"] == first["id"] and second["startIndex"] == 100
    last = api.get(body["last"]).json()
    assert "prev" in last and "next" not in last
    assert len(last["items"]) == 30
    ids = [a["id"] for a in first["items"] + second["items"] + last["items"]]
    assert len(set(ids)) == 230


def test_prefer_minimal_container(api_for, filled):
    response = api_for().get(container_url(filled), HTTP_PREFER=MINIMAL)
    body = response.json()
    assert {"total", "first", "last"} <= set(body)
    assert isinstance(body["first"], str)
    assert "items" not in body and "ldp:contains" not in body
    assert "Prefer" not in response
    assert "Prefer" in response["Vary"]
    # The pages still give full descriptions.
    page = api_for().get(body["first"]).json()
    assert all("@context" in item for item in page["items"])


def test_prefer_contained_iris(api_for, filled):
    body = api_for().get(container_url(filled), HTTP_PREFER=IRIS).json()
    assert all(isinstance(item, str) for item in body["first"]["items"])
    assert body["last"].endswith("iris=1")


def test_a_page_past_the_end_is_404_and_a_bad_page_400(api_for, article):
    api = api_for()
    assert api.get(container_url(article) + "?page=5").status_code == 404
    assert api.get(container_url(article) + "?page=x").status_code == 400


def test_conditional_get_of_a_container(api_for, article):
    api = api_for()
    etag = api.get(container_url(article))["ETag"]
    assert api.get(container_url(article), HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.fixture
def one(article, reader):
    return factories.annotate(
        article, reader, article.paragraphs[0].split()[1], kind="comment", comment="رأي"
    )


def annotation_url(annotation: Annotation) -> str:
    return f"/api/articles/{annotation.article_id}/annotations/{annotation.pk}"


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_annotation_supports_get_head_options(api_for, one, method):
    response = getattr(api_for(), method)(annotation_url(one))
    assert response.status_code == 200
    for verb in ("GET", "HEAD", "OPTIONS"):
        assert verb in response["Allow"]


def test_annotation_headers(api_for, one):
    response = api_for().get(annotation_url(one))
    assert MEDIA_TYPE.match(response["Content-Type"])
    assert RESOURCE_TYPE.search(response["Link"])
    assert response["ETag"]
    assert "Accept" in response["Vary"]
    assert response.json()["id"] == "http://testserver" + annotation_url(one)


def test_create_update_delete(api_for, article, reader):
    api = api_for(reader)
    phrase = article.paragraphs[1].split()[0]
    sent = w3c_annotation(
        article, phrase, canonical="urn:uuid:5b1f3c1e-2a0b-4c8e-9f00-1a2b3c4d5e6f"
    )
    created = api.post(container_url(article), sent)
    assert created.status_code == 201
    body = created.json()
    assert body["id"].startswith("http://testserver" + container_url(article))
    assert body["canonical"] == sent["canonical"]
    assert created["Location"] == body["id"]
    assert body["created"].endswith("Z") and body["creator"]["nickname"] == reader.username
    # Update with PUT (the body; the passage itself never moves).
    body["body"][0]["value"] = "رأي بعد التفكير"
    updated = api.put(body["id"], body, HTTP_IF_MATCH=created["ETag"])
    assert updated.status_code == 200
    assert updated.json()["body"][0]["value"] == "رأي بعد التفكير"
    # A stale ETag is refused, no ETag at all too.
    assert api.put(body["id"], body, HTTP_IF_MATCH=created["ETag"]).status_code == 412
    assert api.put(body["id"], body).status_code == 428
    assert api.delete(body["id"]).status_code == 428
    deleted = api.delete(body["id"], HTTP_IF_MATCH=updated["ETag"])
    assert deleted.status_code == 204
    assert api.get(body["id"]).status_code == 410
    assert not Annotation.objects.filter(pk=body["id"].rsplit("/", 1)[1]).exists()


def test_a_missing_annotation_is_404(api_for, article):
    assert api_for().get(f"/api/articles/{article.pk}/annotations/999999").status_code == 404


def test_unsupported_methods_are_405_with_allow(api_for, article):
    response = api_for().client.patch(container_url(article))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert response.json()["message"]["ar"]


def test_a_target_on_another_site_is_refused(api_for, article, reader):
    sent = w3c_annotation(article, article.paragraphs[0].split()[0])
    sent["target"]["source"] = "http://www.example.com/index.html"
    response = api_for(reader).post(container_url(article), sent)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_target"


def test_a_stale_or_forged_selector_is_refused_with_the_reason(api_for, article, reader):
    sent = w3c_annotation(article, article.paragraphs[0].split()[0])
    sent["target"]["selector"][1]["exact"] = "نص لا وجود له في المقال"
    response = api_for(reader).post(container_url(article), sent)
    assert response.status_code == 400
    error = response.json()
    assert (
        error["error"].startswith("anchor_") and error["message"]["ar"] and error["message"]["en"]
    )


def test_a_selection_inside_a_word_snaps_to_the_whole_word(api_for, article, reader):
    word = article.paragraphs[0].split()[1]
    start = article.body.index(word)
    sent = w3c_annotation(article, word)
    sent["target"]["selector"] = [
        {"type": "TextPositionSelector", "start": start + 1, "end": start + 3},
        {"type": "TextQuoteSelector", "exact": word[1:3]},
    ]
    response = api_for(reader).post(container_url(article), sent)
    assert response.status_code == 201
    assert response.json()["target"]["selector"][1]["exact"] == word


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("not json", "application/ld+json", 400),
        ("[1, 2]", "application/ld+json", 400),
        ('{"type": "Annotation", "target": 5}', "application/ld+json", 400),
        ('{"type": "Annotation", "visibility": 3}', "application/ld+json", 400),
        (
            '{"type": "Annotation", "body": [{"type": "TextualBody", "value": 7}]}',
            "application/ld+json",
            400,
        ),
        ("[" * 5000 + "]" * 5000, "application/ld+json", 400),
        (
            '{"type": "Annotation", "body": {"type": "TextualBody", "value": "\\udc00"}}',
            "application/ld+json",
            400,
        ),
        ('{"type": "Annotation"}', "text/plain", 415),
        ('{"v": "' + "ا" * 200_000 + '"}', "application/ld+json", 413),
    ],
)
def test_malformed_bodies_answer_json_4xx(api_for, article, reader, body, content_type, status):
    response = api_for(reader).post(container_url(article), body, content_type=content_type)
    assert response.status_code == status
    message = response.json()["message"]
    assert message["ar"] and message["en"]


def test_replies_are_annotations_targeting_their_parent(api_for, one):
    api = api_for(factories.make_user())
    parent = "http://testserver" + annotation_url(one)
    reply = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "replying",
        "body": {"type": "TextualBody", "value": "أوافقك"},
        "target": parent,
    }
    response = api.post(container_url(one.article), reply)
    assert response.status_code == 201
    body = response.json()
    assert body["motivation"] == "replying" and body["target"] == parent
    assert api.get(response["Location"]).json()["body"]["value"] == "أوافقك"


def test_visibility_is_accepted_on_post_and_put(api_for, article, reader):
    api = api_for(reader)
    sent = w3c_annotation(article, article.paragraphs[0].split()[0], visibility="private")
    created = api.post(container_url(article), sent)
    assert created.json()["visibility"] == "private"
    body = created.json()
    body["visibility"] = "public"
    assert api.put(body["id"], body, HTTP_IF_MATCH=created["ETag"]).json()["visibility"] == "public"


def test_the_extension_context_is_served(client):
    response = client.get("/api/context.jsonld")
    assert response.status_code == 200
    assert "visibility" in json.loads(response.content)["@context"]


def test_article_pages_advertise_their_container(client, article):
    response = client.get(article.get_absolute_url())
    assert response["Link"] == (
        f'<http://testserver{container_url(article)}>; rel="http://www.w3.org/ns/oa#annotationService"'
    )
