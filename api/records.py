"""Database rows -> api.jsonld records, with a constant number of queries per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlencode

from django.db.models import QuerySet
from django.urls import reverse

from annotations.models import Annotation, Reply
from newsroom.models import EvidenceSource, Verdict

from . import jsonld

UrlFor = Callable[[str], str]  # path -> absolute URL


class Iris:
    """Absolute IRIs of everything the API names, from one ``absolute`` function.

    Each URL pattern is reversed once per Iris (with placeholder numbers, then filled
    in by string formatting): a page of 100 annotations names some 400 IRIs."""

    _A, _B = 987654321, 123456789  # placeholders no real key will match

    def __init__(self, absolute: UrlFor) -> None:
        self.absolute = absolute
        self._templates: dict[str, str] = {}

    def _template(self, name: str, **kwargs: int) -> str:
        key = name + ":" + ",".join(kwargs)
        if key not in self._templates:
            placeholders = {k: (self._A if i == 0 else self._B) for i, k in enumerate(kwargs)}
            url = (
                self.absolute(reverse(name, kwargs=placeholders))
                if kwargs
                else self.absolute(reverse(name))
            )
            self._templates[key] = url.replace(str(self._A), "{0}").replace(str(self._B), "{1}")
        return self._templates[key].format(*kwargs.values())

    def annotation(self, article_id: int, pk: int) -> str:
        return self._template("api:annotation", article_pk=article_id, pk=pk)

    def reply(self, article_id: int, annotation_id: int, pk: int) -> str:
        return self.annotation(article_id, annotation_id) + f"/replies/{pk}"

    def article_container(self, article_id: int) -> str:
        return self._template("api:article_container", article_pk=article_id)

    def article(self, article_id: int, slug: str) -> str:
        # The page's own URL (with its slug), built once per article id.
        return self._template("articles:detail_noslug", pk=article_id) + quote(slug or "-") + "/"

    def all_container(self) -> str:
        return self._template("api:container")

    def user(self, username: str) -> str:
        return self._template("api:search") + "?" + urlencode({"user": username})

    def extension(self) -> str:
        return self._template("api:context")

    def speaker(self, pk: int) -> str:
        return self._template("newsroom:speaker_detail", pk=pk)


def for_records(annotations: QuerySet, *, with_article: bool = True) -> QuerySet:
    """The joins a page of records needs (records() adds one query for the evidence).
    ``with_article=False`` when the caller sets each row's article itself (one article)."""
    related = ["author", "attribution__speaker", "review", "canonical_iri"]
    if not with_article:
        return annotations.select_related(*related)
    return annotations.select_related("article", *related).defer(
        "article__body", "article__caption"
    )


def _evidence(annotations: list[Annotation]) -> dict[int, list[EvidenceSource]]:
    """The reviews' sources, one query per thousand claims (a page is at most 200):
    read here rather than by prefetch_related, which costs a queryset per review."""
    claims = [a.pk for a in annotations if a.kind == "claim"]
    grouped: dict[int, list[EvidenceSource]] = defaultdict(list)
    for at in range(0, len(claims), 1000):
        for source in EvidenceSource.objects.filter(review_id__in=claims[at : at + 1000]).order_by(
            "added_at", "id"
        ):
            grouped[source.review_id].append(source)
    return grouped


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def to_record(
    annotation: Annotation,
    iris: Iris,
    *,
    replies: Iterable[Reply] = (),
    evidence: Iterable[EvidenceSource] = (),
) -> jsonld.AnnotationRecord:
    speaker = review = None
    attribution = getattr(annotation, "attribution", None)
    if annotation.kind in ("quote", "claim") and attribution is not None:
        s = attribution.speaker
        speaker = jsonld.Speaker(iri=iris.speaker(s.pk), name=s.name, kind=s.kind)
    claim_review = getattr(annotation, "review", None)
    if annotation.kind == "claim" and claim_review is not None:
        review = jsonld.Review(
            status=claim_review.status,
            verdict=claim_review.verdict,
            verdict_label=Verdict(claim_review.verdict).label if claim_review.verdict else "",
            rationale=claim_review.rationale,
            evidence=tuple(jsonld.Evidence(title=e.title, url=e.url) for e in evidence),
        )
    canonical = getattr(annotation, "canonical_iri", None)
    article_iri = iris.article(annotation.article_id, annotation.article.slug)
    iri = iris.annotation(annotation.article_id, annotation.pk)
    return jsonld.AnnotationRecord(
        iri=iri,
        article_iri=article_iri,
        creator_iri=iris.user(annotation.author.get_username()),
        creator_name=_name(annotation.author),
        creator_nickname=annotation.author.get_username(),
        kind=annotation.kind,
        visibility=annotation.visibility,
        comment=annotation.comment,
        tags=tuple(annotation.tags),
        start=annotation.start,
        end=annotation.end,
        exact=annotation.exact,
        prefix=annotation.prefix,
        suffix=annotation.suffix,
        detached=annotation.is_detached
        or annotation.anchored_version != annotation.article.text_version,
        created=annotation.created,
        modified=annotation.modified,
        canonical=canonical.iri if canonical else "",
        speaker=speaker,
        review=review,
        replies=tuple(
            jsonld.Reply(
                iri=iris.reply(annotation.article_id, annotation.pk, r.pk),
                creator_iri=iris.user(r.author.get_username()),
                creator_name=_name(r.author),
                creator_nickname=r.author.get_username(),
                body=r.body,
                created=r.created,
                modified=r.modified,
            )
            for r in replies
        ),
    )


def records(
    annotations: Iterable[Annotation], iris: Iris, *, with_replies: bool = False
) -> list[jsonld.AnnotationRecord]:
    annotations = list(annotations)
    grouped: dict[int, list[Reply]] = defaultdict(list)
    if with_replies and annotations:
        for reply in (
            Reply.objects.filter(annotation__in=annotations, hidden_at__isnull=True)
            .select_related("author")
            .order_by("created", "id")
        ):
            grouped[reply.annotation_id].append(reply)
    sources = _evidence(annotations)
    return [
        to_record(a, iris, replies=grouped.get(a.pk, ()), evidence=sources.get(a.pk, ()))
        for a in annotations
    ]


def export_jsonld(annotations: Iterable[Annotation], absolute: UrlFor) -> list[dict]:
    """The export (``export_annotations --format jsonld``, "my annotations"): each
    annotation followed by its replies, as annotations of their own."""
    iris = Iris(absolute)
    out: list[dict] = []
    for record in records(annotations, iris, with_replies=True):
        out.extend(jsonld.with_replies(record, extension_iri=iris.extension()))
    return out
