"""Database rows -> api.jsonld records, with a constant number of queries per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from annotations.models import Annotation, Reply
from newsroom.models import EvidenceSource, Verdict

from . import jsonld

UrlFor = Callable[[str], str]  # path -> absolute URL


class Iris:
    """Absolute IRIs of everything the API names, from one ``absolute`` function."""

    def __init__(self, absolute: UrlFor) -> None:
        self.absolute = absolute

    def annotation(self, article_id: int, pk: int) -> str:
        return self.absolute(reverse("api:annotation", kwargs={"article_pk": article_id, "pk": pk}))

    def reply(self, article_id: int, annotation_id: int, pk: int) -> str:
        return self.annotation(article_id, annotation_id) + f"/replies/{pk}"

    def article_container(self, article_id: int) -> str:
        return self.absolute(reverse("api:article_container", kwargs={"article_pk": article_id}))

    def all_container(self) -> str:
        return self.absolute(reverse("api:container"))

    def user(self, username: str) -> str:
        return self.absolute(reverse("api:search")) + f"?user={username}"

    def extension(self) -> str:
        return self.absolute(reverse("api:context"))

    def speaker(self, pk: int) -> str:
        return self.absolute(reverse("newsroom:speaker_detail", kwargs={"pk": pk}))


def for_records(annotations: QuerySet) -> QuerySet:
    """The joins and prefetches a page of records needs: three queries per page."""
    return (
        annotations.select_related(
            "article", "author", "attribution__speaker", "review", "canonical_iri"
        )
        .prefetch_related(
            Prefetch("review__evidence", queryset=EvidenceSource.objects.order_by("added_at", "id"))
        )
        .defer("article__body", "article__caption")
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def to_record(
    annotation: Annotation, iris: Iris, *, replies: Iterable[Reply] = ()
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
            evidence=tuple(
                jsonld.Evidence(title=e.title, url=e.url) for e in claim_review.evidence.all()
            ),
        )
    canonical = getattr(annotation, "canonical_iri", None)
    article_iri = iris.absolute(
        reverse(
            "articles:detail",
            kwargs={"pk": annotation.article_id, "slug": annotation.article.slug or "-"},
        )
    )
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
    return [to_record(a, iris, replies=grouped.get(a.pk, ())) for a in annotations]


def export_jsonld(annotations: Iterable[Annotation], absolute: UrlFor) -> list[dict]:
    """The export (``export_annotations --format jsonld``, "my annotations"): each
    annotation followed by its replies, as annotations of their own."""
    iris = Iris(absolute)
    out: list[dict] = []
    for record in records(annotations, iris, with_replies=True):
        out.extend(jsonld.with_replies(record, extension_iri=iris.extension()))
    return out
