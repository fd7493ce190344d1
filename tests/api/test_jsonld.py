"""Every serialized annotation against the annotation model's MUST rules (after the
web-platform-tests annotation-model/definitions), with every term resolving in a
pyld expansion: W3C context from the shipped copy, the extension from the app."""

import json
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyld import jsonld as pyld

from annotations.models import Annotation
from api import jsonld
from api.jsonld_loader import offline_loader
from api.records import Iris, export_jsonld, for_records, records
from newsroom import services as newsroom
from tests import factories

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
    "reviewing", "tagging",
}  # fmt: skip
EXTENSION = "http://testserver/api/context.jsonld"


def check_model_musts(anno: dict) -> None:
    """The annotation model's MUSTs (W3C Web Annotation Data Model, section 3)."""
    context = anno["@context"]
    assert context == jsonld.ANNO_CONTEXT or context[0] == jsonld.ANNO_CONTEXT
    assert isinstance(anno["id"], str) and re.match(r"^[a-z][a-z0-9+.-]*:", anno["id"])
    types = anno["type"] if isinstance(anno["type"], list) else [anno["type"]]
    assert "Annotation" in types
    assert "target" in anno
    for key in ("created", "modified"):
        if key in anno:
            assert DATETIME.match(anno[key]), anno[key]
    for motivation in jsonld._as_list(anno.get("motivation")):
        assert motivation in MOTIVATIONS
    creator = anno.get("creator")
    if creator is not None:
        assert creator["type"] == "Person" and creator["id"] and creator["nickname"]
    for body in jsonld._as_list(anno.get("body")):
        if isinstance(body, str):
            continue
        if body.get("type") == "TextualBody":
            assert isinstance(body["value"], str)
            assert body["language"] == "ar" and body["format"]
        if body.get("type") == "SpecificResource":
            assert "source" in body
        if "purpose" in body:
            assert body["purpose"] in MOTIVATIONS
    for target in jsonld._as_list(anno["target"]):
        if isinstance(target, str):
            continue
        assert target["type"] == "SpecificResource" and target["source"]
        assert target["language"] == "ar" and target["format"]
        for selector in jsonld._as_list(target["selector"]):
            if selector["type"] == "TextQuoteSelector":
                assert isinstance(selector["exact"], str) and selector["exact"]
            elif selector["type"] == "TextPositionSelector":
                assert 0 <= selector["start"] <= selector["end"]
            else:
                pytest.fail(f"unexpected selector {selector['type']}")


def properties(node) -> int:
    """How many properties a JSON(-LD) tree holds, keywords aside."""
    if isinstance(node, list):
        return sum(properties(item) for item in node)
    if isinstance(node, dict):
        return sum(
            (0 if key.startswith("@") or key in ("id", "type") else 1) + properties(value)
            for key, value in node.items()
            if key != "@context"
        )
    return 0


@pytest.fixture
def expand(client):
    loader = offline_loader(
        EXTENSION, lambda: json.loads(client.get("/api/context.jsonld").content)
    )

    def run(doc: dict) -> list:
        return pyld.expand(doc, {"documentLoader": loader})

    return run


def check_expands_without_loss(doc: dict, expanded: list) -> None:
    # pyld drops any term no context defines: equal counts mean every term resolved.
    assert properties(doc) == properties(expanded), json.dumps(doc, ensure_ascii=False)


@pytest.fixture
def newsroom_data(db):
    article = factories.make_article()
    reader, editor = factories.make_user(), factories.make_editor()
    words = article.paragraphs[0].split()
    claim = factories.annotate(
        article, reader, words[0], kind="claim", comment="هل هذا صحيح؟", tags=["اقتصاد", "أرقام"]
    )
    quote = factories.annotate(article, reader, words[2], kind="quote")
    highlight = factories.annotate(article, reader, words[4], visibility="private")
    newsroom.claim_review_update(
        annotation=claim,
        editor=editor,
        status="reviewed",
        verdict=2,
        rationale="الأرقام الرسمية تخالف ذلك.",
    )
    newsroom.evidence_add(
        annotation=claim, editor=editor, title="بيان الجهاز", url="https://example.org/report"
    )
    speaker = factories.make_speaker("سارة محمود")
    newsroom.quote_attribute(annotation=quote, editor=editor, speaker=speaker)
    from annotations import services as annotation_services

    annotation_services.reply_create(annotation=claim, author=editor, body="نراجع المصدر.")
    detached = factories.annotate(article, reader, words[5], kind="comment", comment="على نص قديم")
    Annotation.objects.filter(pk=detached.pk).update(anchoring=Annotation.Anchoring.DETACHED)
    return article, [claim, quote, highlight, detached]


def test_every_serialized_annotation_meets_the_model_and_expands(newsroom_data, expand):
    exported = export_jsonld(Annotation.objects.order_by("id"), lambda p: "http://testserver" + p)
    assert len(exported) == 5  # four annotations and one reply
    for doc in exported:
        check_model_musts(doc)
        check_expands_without_loss(doc, expand(doc))


def test_newsroom_data_is_in_the_serialization(newsroom_data, expand):
    _article, (claim, quote, highlight, detached) = newsroom_data
    iris = Iris(lambda p: "http://testserver" + p)
    docs = {
        r.iri: jsonld.annotation_to_jsonld(r, extension_iri=EXTENSION)
        for r in records(for_records(Annotation.objects.all()), iris)
    }
    claim_doc = docs[iris.annotation(claim.article_id, claim.pk)]
    review = next(b for b in claim_doc["body"] if b.get("type") == "ClaimReview")
    assert review["reviewRating"]["ratingValue"] == 2 and review["reviewStatus"] == "reviewed"
    assert review["evidence"] == [{"title": "بيان الجهاز", "url": "https://example.org/report"}]
    assert claim_doc["motivation"] == "assessing"
    assert {b["value"] for b in claim_doc["body"] if b.get("purpose") == "tagging"} == {
        "اقتصاد",
        "أرقام",
    }
    quote_doc = docs[iris.annotation(quote.article_id, quote.pk)]
    speaker = next(b for b in quote_doc["body"] if b.get("purpose") == "identifying")
    assert speaker["source"]["name"] == "سارة محمود"
    assert docs[iris.annotation(highlight.article_id, highlight.pk)]["visibility"] == "private"
    detached_doc = docs[iris.annotation(detached.article_id, detached.pk)]
    assert detached_doc["target"]["selector"]["type"] == "TextQuoteSelector"
    assert detached_doc["target"]["state"]["type"] == "DetachedState"
    # The extension terms are real IRIs after expansion.
    expanded = expand(claim_doc)[0]
    assert expanded[jsonld.NR + "visibility"][0]["@value"] == "public"


def test_timestamps_are_utc_with_z():
    assert jsonld.xsd_datetime(datetime(2024, 11, 5, 9, 30, tzinfo=UTC)) == "2024-11-05T09:30:00Z"


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(
    kind=st.sampled_from(jsonld.KINDS),
    visibility=st.sampled_from(["public", "private"]),
    comment=texts,
    tags=st.lists(texts.filter(lambda t: t.strip() == t and t), max_size=4, unique=True),
    exact=texts.filter(bool),
    start=st.integers(0, 10_000),
)
def test_parse_reads_back_what_serialize_writes(kind, visibility, comment, tags, exact, start):
    moment = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    record = jsonld.AnnotationRecord(
        iri="http://x/api/articles/1/annotations/1", article_iri="http://x/articles/1/a/",
        creator_iri="http://x/u", creator_name="ن", creator_nickname="n", kind=kind,
        visibility=visibility, comment=comment, tags=tuple(tags), start=start,
        end=start + len(exact), exact=exact, prefix="", suffix="", detached=False,
        created=moment, modified=moment,
    )  # fmt: skip
    parsed = jsonld.parse_annotation(
        jsonld.annotation_to_jsonld(record, extension_iri="http://x/c")
    )
    assert (parsed.kind, parsed.visibility, parsed.comment, parsed.tags) == (
        kind,
        visibility,
        comment,
        tuple(tags),
    )
    assert (parsed.start, parsed.end, parsed.exact) == (start, start + len(exact), exact)


def test_an_undefined_term_would_be_caught_by_the_expansion_check(expand):
    doc = {
        "@context": jsonld.ANNO_CONTEXT,
        "type": "Annotation",
        "target": "http://x/",
        "notATerm": "x",
    }
    with pytest.raises(AssertionError):
        check_expands_without_loss(doc, expand(doc))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=15,
)
annotation_like = st.fixed_dictionaries(
    {"type": st.sampled_from(["Annotation", ["Annotation"], "x"])},
    optional={
        "body": json_values, "target": json_values, "motivation": json_values,
        "visibility": json_values, "kind": json_values, "canonical": json_values,
        "creator": json_values, "bodyValue": json_values,
    },
)  # fmt: skip


@given(annotation_like | json_values)
def test_any_json_is_parsed_or_refused_with_a_message(value):
    try:
        jsonld.parse_annotation(value)
    except jsonld.JsonLdError as error:
        assert error.message_ar and error.message_en and 400 <= error.status < 500
