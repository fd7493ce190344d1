"""The one W3C Web Annotation JSON-LD serializer and parser. Pure Python, no Django.

Serializing takes plain records (api.records builds them from the database), so the
protocol, the exports and the importer all write the same shape; parsing turns a
client's JSON-LD into the fields the annotation services take, or raises
:class:`JsonLdError` with a message in Arabic and English.

Terms the W3C vocabulary has no word for (visibility, the site's annotation kind,
a claim's review) live in a small extension context, :data:`EXTENSION_CONTEXT`,
served by the app at ``/api/context.jsonld``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NR = "https://newsreader.example/ns#"  # the extension vocabulary's namespace IRI
EXTENSION_CONTEXT: dict[str, Any] = {
    "@context": {
        "nr": NR,
        "schema": "http://schema.org/",
        "ldp": "http://www.w3.org/ns/ldp#",
        "BasicContainer": "ldp:BasicContainer",
        "visibility": {"@id": "nr:visibility"},
        "kind": {"@id": "nr:kind"},
        "anchoring": {"@id": "nr:anchoring"},
        "DetachedState": "nr:DetachedState",
        "ClaimReview": "schema:ClaimReview",
        "Rating": "schema:Rating",
        "reviewStatus": {"@id": "nr:reviewStatus"},
        "reviewRating": {"@id": "schema:reviewRating"},
        "ratingValue": {"@id": "schema:ratingValue"},
        "bestRating": {"@id": "schema:bestRating"},
        "worstRating": {"@id": "schema:worstRating"},
        "alternateName": {"@id": "schema:alternateName"},
        "reviewBody": {"@id": "schema:reviewBody"},
        "evidence": {"@id": "schema:citation"},
        "url": {"@id": "schema:url", "@type": "@id"},
        "title": {"@id": "schema:name"},
    }
}
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'

KINDS = ("highlight", "comment", "quote", "claim")
MOTIVATION = {
    "highlight": "highlighting",
    "comment": "commenting",
    "quote": "identifying",
    "claim": "assessing",
}
KIND_OF_MOTIVATION = {motivation: kind for kind, motivation in MOTIVATION.items()}
REVIEW_STATUSES = ("unreviewed", "in_review", "reviewed")
MAX_TAGS = 50
MAX_COMMENT = 20_000


@dataclass(frozen=True)
class Speaker:
    iri: str
    name: str
    kind: str = "person"  # person | organisation


@dataclass(frozen=True)
class Evidence:
    title: str
    url: str


@dataclass(frozen=True)
class Review:
    status: str
    verdict: int | None
    verdict_label: str
    rationale: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Reply:
    iri: str
    creator_iri: str
    creator_name: str
    creator_nickname: str
    body: str
    created: datetime
    modified: datetime


@dataclass(frozen=True)
class AnnotationRecord:
    iri: str
    article_iri: str
    creator_iri: str
    creator_name: str
    creator_nickname: str
    kind: str
    visibility: str
    comment: str
    tags: tuple[str, ...]
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    detached: bool
    created: datetime
    modified: datetime
    canonical: str = ""
    speaker: Speaker | None = None
    review: Review | None = None
    replies: tuple[Reply, ...] = field(default=())


def xsd_datetime(moment: datetime) -> str:
    """xsd:dateTime in UTC ending in Z (the model's examples; ``+00:00`` is not)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def context(extension_iri: str) -> list[str]:
    return [ANNO_CONTEXT, extension_iri]


def _creator(iri: str, name: str, nickname: str) -> dict[str, Any]:
    return {"id": iri, "type": "Person", "name": name or nickname, "nickname": nickname}


def annotation_to_jsonld(record: AnnotationRecord, *, extension_iri: str) -> dict[str, Any]:
    """One annotation as W3C JSON-LD with its own @context (replies are separate:
    :func:`reply_to_jsonld`)."""
    bodies: list[dict[str, Any]] = []
    if record.comment:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": record.comment,
                "format": "text/plain",
                "language": "ar",
                "textDirection": "auto",
            }
        )
    for tag in record.tags:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": tag,
                "format": "text/plain",
                "language": "ar",
                "textDirection": "auto",
            }
        )
    if record.speaker is not None:
        bodies.append(
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": {
                    "id": record.speaker.iri,
                    "type": "Organization" if record.speaker.kind == "organisation" else "Person",
                    "name": record.speaker.name,
                },
            }
        )
    if record.review is not None:
        review = record.review
        body: dict[str, Any] = {
            "id": f"{record.iri}#review",
            "type": "ClaimReview",
            "purpose": "assessing",
            "reviewStatus": review.status,
            "reviewBody": review.rationale,
            "evidence": [{"title": e.title, "url": e.url} for e in review.evidence],
        }
        if review.verdict is not None:
            body["reviewRating"] = {
                "type": "Rating",
                "ratingValue": review.verdict,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": review.verdict_label,
            }
        bodies.append(body)
    quote = {
        "type": "TextQuoteSelector",
        "exact": record.exact,
        "prefix": record.prefix,
        "suffix": record.suffix,
    }
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": record.article_iri,
        "language": "ar",
        "format": "text/html",
    }
    if record.detached:
        # The offsets now point at other text: only the quote still says what was chosen.
        target["selector"] = quote
        target["state"] = {"type": "DetachedState"}
    else:
        target["selector"] = [
            {"type": "TextPositionSelector", "start": record.start, "end": record.end},
            quote,
        ]
    data: dict[str, Any] = {
        "@context": context(extension_iri),
        "id": record.iri,
        "type": "Annotation",
        "motivation": MOTIVATION[record.kind],
        "kind": record.kind,
        "visibility": record.visibility,
        "created": xsd_datetime(record.created),
        "modified": xsd_datetime(record.modified),
        "creator": _creator(record.creator_iri, record.creator_name, record.creator_nickname),
    }
    if record.canonical:
        data["canonical"] = record.canonical
    if bodies:
        data["body"] = bodies
    data["target"] = target
    return data


def reply_to_jsonld(reply: Reply, parent_iri: str, *, extension_iri: str) -> dict[str, Any]:
    return {
        "@context": context(extension_iri),
        "id": reply.iri,
        "type": "Annotation",
        "motivation": "replying",
        "created": xsd_datetime(reply.created),
        "modified": xsd_datetime(reply.modified),
        "creator": _creator(reply.creator_iri, reply.creator_name, reply.creator_nickname),
        "body": {
            "type": "TextualBody",
            "purpose": "replying",
            "value": reply.body,
            "format": "text/plain",
            "language": "ar",
            "textDirection": "auto",
        },
        "target": parent_iri,
    }


def with_replies(record: AnnotationRecord, *, extension_iri: str) -> list[dict[str, Any]]:
    """The annotation, then each reply as its own annotation (exports)."""
    return [
        annotation_to_jsonld(record, extension_iri=extension_iri),
        *(reply_to_jsonld(r, record.iri, extension_iri=extension_iri) for r in record.replies),
    ]


# --- parsing ---------------------------------------------------------------------------


class JsonLdError(ValueError):
    def __init__(self, code: str, message_ar: str, message_en: str, *, status: int = 400) -> None:
        super().__init__(message_en)
        self.code, self.message_ar, self.message_en, self.status = (
            code,
            message_ar,
            message_en,
            status,
        )

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": {"ar": self.message_ar, "en": self.message_en}}


@dataclass(frozen=True)
class ParsedReview:
    status: str | None
    verdict: int | None
    rationale: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ParsedAnnotation:
    kind: str
    visibility: str
    comment: str
    tags: tuple[str, ...]
    source: str  # the target's source IRI
    start: int | None
    end: int | None
    exact: str
    prefix: str
    suffix: str
    canonical: str
    speaker_iri: str | None
    speaker_name: str | None
    review: ParsedReview | None
    reply_to: str | None = None  # motivation "replying": the parent annotation's IRI
    reply_body: str = ""
    creator_nickname: str = ""
    created: str = ""
    modified: str = ""


def _bad(code: str, ar: str, en: str) -> JsonLdError:
    return JsonLdError(code, ar, en)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _string(value: Any, name: str, *, limit: int = 2000, required: bool = False) -> str:
    if value is None:
        if required:
            raise _bad("missing", f"الحقل {name} مطلوب.", f"{name} is required.")
        return ""
    if not isinstance(value, str):
        raise _bad("wrong_type", f"الحقل {name} يجب أن يكون نصًا.", f"{name} must be a string.")
    if len(value) > limit:
        raise _bad(
            "too_long",
            f"الحقل {name} أطول من {limit} حرف.",
            f"{name} is longer than {limit} characters.",
        )
    return value


def _types(node: dict[str, Any]) -> list[str]:
    return [t for t in _as_list(node.get("type", node.get("@type"))) if isinstance(t, str)]


def _integer(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(
            "wrong_type",
            f"الحقل {name} يجب أن يكون عددًا صحيحًا غير سالب.",
            f"{name} must be a non-negative integer.",
        )
    return value


def _parse_review(body: dict[str, Any]) -> ParsedReview:
    status = body.get("reviewStatus")
    if status is not None and status not in REVIEW_STATUSES:
        raise _bad("bad_review", "حالة المراجعة غير معروفة.", "Unknown reviewStatus.")
    verdict = None
    rating = body.get("reviewRating")
    if rating is not None:
        if not isinstance(rating, dict):
            raise _bad(
                "wrong_type", "reviewRating يجب أن يكون كائنًا.", "reviewRating must be an object."
            )
        verdict = rating.get("ratingValue")
        if verdict is not None and (
            isinstance(verdict, bool) or not isinstance(verdict, int) or not 1 <= verdict <= 5
        ):
            raise _bad("bad_review", "الحكم عدد من 1 إلى 5.", "ratingValue must be 1 to 5.")
    evidence = []
    for item in _as_list(body.get("evidence")):
        if not isinstance(item, dict):
            raise _bad(
                "wrong_type", "كل مصدر كائن فيه title وurl.", "Each evidence item is an object."
            )
        evidence.append(
            Evidence(
                title=_string(item.get("title"), "evidence.title", limit=300, required=True),
                url=_string(item.get("url"), "evidence.url", required=True),
            )
        )
    return ParsedReview(
        status=status,
        verdict=verdict,
        rationale=_string(body.get("reviewBody"), "reviewBody", limit=MAX_COMMENT),
        evidence=tuple(evidence),
    )


def parse_annotation(data: Any) -> ParsedAnnotation:
    """A client's annotation as the fields the services take. The server ignores
    ``id``, ``creator`` and the timestamps on POST and PUT (it sets them)."""
    if not isinstance(data, dict):
        raise _bad("not_object", "الطلب يجب أن يكون كائن JSON.", "The body must be a JSON object.")
    if "Annotation" not in _types(data):
        raise _bad(
            "not_annotation",
            'نوع الكائن يجب أن يكون "Annotation".',
            'The object\'s type must be "Annotation".',
        )
    motivations = _as_list(data.get("motivation"))
    if not all(isinstance(m, str) for m in motivations):
        raise _bad("wrong_type", "motivation يجب أن يكون نصًا.", "motivation must be a string.")
    visibility = data.get("visibility", "public")
    if visibility not in ("public", "private"):
        raise _bad(
            "bad_visibility",
            'visibility إما "public" أو "private".',
            'visibility is "public" or "private".',
        )
    canonical = _string(data.get("canonical"), "canonical")
    creator = data.get("creator")
    nickname = creator.get("nickname", "") if isinstance(creator, dict) else ""
    bodies = _as_list(data.get("body"))
    if "bodyValue" in data:
        bodies.append(
            {
                "type": "TextualBody",
                "value": _string(data["bodyValue"], "bodyValue", limit=MAX_COMMENT),
            }
        )
    comments: list[str] = []
    tags: list[str] = []
    speaker_iri = speaker_name = None
    review = None
    for body in bodies:
        if isinstance(body, str):
            raise _bad(
                "external_body",
                "لا تقبل هذه الخدمة جسمًا خارجيًا؛ اكتب التعليق نصًا.",
                "External bodies are not accepted; send a TextualBody.",
            )
        if not isinstance(body, dict):
            raise _bad("wrong_type", "كل جسم (body) كائن.", "Each body must be an object.")
        purpose = body.get("purpose")
        types = _types(body)
        if "ClaimReview" in types or purpose == "assessing":
            review = _parse_review(body)
        elif purpose == "identifying" or "SpecificResource" in types:
            source = body.get("source")
            if not isinstance(source, dict):
                raise _bad(
                    "bad_speaker",
                    "مصدر المتحدث يجب أن يكون كائنًا.",
                    "The speaker source must be an object.",
                )
            speaker_iri = _string(source.get("id"), "source.id") or None
            speaker_name = _string(source.get("name"), "source.name", limit=200) or None
        else:
            value = _string(body.get("value"), "body.value", limit=MAX_COMMENT, required=True)
            if purpose == "tagging":
                if value.strip():
                    tags.append(value.strip())
            else:
                comments.append(value)
    if len(tags) > MAX_TAGS:
        raise _bad("too_many_tags", f"الوسوم أكثر من {MAX_TAGS}.", f"More than {MAX_TAGS} tags.")
    if "replying" in motivations:
        target = data.get("target")
        parent = (
            target
            if isinstance(target, str)
            else (target or {}).get("id")
            if isinstance(target, dict)
            else None
        )
        if not isinstance(parent, str) or not parent:
            raise _bad(
                "bad_target",
                "الرد يستهدف رابط التعليق الأصلي.",
                "A reply targets its parent's IRI.",
            )
        if not comments or not "".join(comments).strip():
            raise _bad("empty_reply", "الرد فارغ.", "The reply is empty.")
        return ParsedAnnotation(
            kind="comment", visibility="public", comment="", tags=(), source="", start=None,
            end=None, exact="", prefix="", suffix="", canonical=canonical, speaker_iri=None,
            speaker_name=None, review=None, reply_to=parent, reply_body="\n\n".join(comments),
            creator_nickname=nickname if isinstance(nickname, str) else "",
            created=data.get("created", "") if isinstance(data.get("created"), str) else "",
            modified=data.get("modified", "") if isinstance(data.get("modified"), str) else "",
        )  # fmt: skip
    kind = data.get("kind")
    if kind is None:
        kind = next((KIND_OF_MOTIVATION[m] for m in motivations if m in KIND_OF_MOTIVATION), None)
        if kind is None:
            kind = "comment" if comments else "highlight"
    if kind not in KINDS:
        raise _bad("bad_kind", "نوع التعليق غير معروف.", "Unknown kind.")
    targets = _as_list(data.get("target"))
    if len(targets) != 1:
        raise _bad(
            "bad_target",
            "يجب أن يكون للتعليق هدف واحد: مقال من هذا الموقع.",
            "An annotation needs exactly one target: an article of this site.",
        )
    target = targets[0]
    if isinstance(target, str) or not isinstance(target, dict) or "selector" not in target:
        raise _bad(
            "no_selector",
            "حدد المقطع بمحدد TextQuoteSelector أو TextPositionSelector.",
            "Select the passage with a TextQuoteSelector or TextPositionSelector.",
        )
    source = _string(target.get("source"), "target.source", required=True)
    start = end = None
    exact = prefix = suffix = ""
    for selector in _as_list(target["selector"]):
        if not isinstance(selector, dict):
            raise _bad("wrong_type", "كل محدد كائن.", "Each selector must be an object.")
        types = _types(selector)
        if "TextPositionSelector" in types:
            start, end = (
                _integer(selector.get("start"), "start"),
                _integer(selector.get("end"), "end"),
            )
        elif "TextQuoteSelector" in types:
            exact = _string(selector.get("exact"), "exact", limit=10_000, required=True)
            prefix = _string(selector.get("prefix"), "prefix", limit=200)
            suffix = _string(selector.get("suffix"), "suffix", limit=200)
        else:
            raise _bad(
                "bad_selector",
                "نوع المحدد غير مدعوم.",
                "Only TextQuoteSelector and TextPositionSelector are supported.",
            )
    if not exact:
        raise _bad(
            "no_quote",
            "أرسل TextQuoteSelector بالنص المقتبس.",
            "Send a TextQuoteSelector with the quoted text.",
        )
    return ParsedAnnotation(
        kind=kind,
        visibility=visibility,
        comment="\n\n".join(comments),
        tags=tuple(dict.fromkeys(tags)),
        source=source,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        canonical=canonical,
        speaker_iri=speaker_iri,
        speaker_name=speaker_name,
        review=review,
        creator_nickname=nickname if isinstance(nickname, str) else "",
        created=data.get("created", "") if isinstance(data.get("created"), str) else "",
        modified=data.get("modified", "") if isinstance(data.get("modified"), str) else "",
    )
