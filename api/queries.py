"""Reads of the API: what a caller may see, IRIs back to rows, and the search filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from annotations.models import Annotation
from articles.models import Article
from search import backends
from search.query import parse

from .records import for_records

MAX_LIMIT = 200
SORTS = {
    "created": ("created", "id"),
    "-created": ("-created", "-id"),
    "modified": ("modified", "id"),
    "-modified": ("-modified", "-id"),
}
REVIEW_STATUSES = ("unreviewed", "in_review", "reviewed")


def visible_annotations(user) -> QuerySet:
    """As visible as on the pages: the annotation's own rules, and its article's."""
    annotations = Annotation.objects.visible_to(user)
    if user.is_authenticated and user.is_staff:
        return annotations  # staff see every article (ArticleQuerySet.visible_to)
    # ArticleQuerySet.published() as a join, not a subquery: SQLite then counts 100,000
    # rows in a quarter of the time and walks the sort index for a page.
    return annotations.filter(
        article__status=Article.Status.PUBLISHED, article__published_at__lte=timezone.now()
    )


def visible_article(user, pk: int) -> Article | None:
    return Article.objects.visible_to(user).defer("body", "caption").filter(pk=pk).first()


def _path(iri: str) -> str:
    return urlsplit(iri).path or "/"


def article_pk_from_iri(iri: str) -> int | None:
    """The article an IRI names (its page, with or without the slug), or None."""
    try:
        match = resolve(_path(iri))
    except Resolver404:
        return None
    if match.view_name in ("articles:detail", "articles:detail_noslug"):
        return int(match.kwargs["pk"])
    return None


def annotation_from_iri(user, iri: str, *, article_pk: int) -> Annotation | None:
    try:
        match = resolve(_path(iri))
    except Resolver404:
        return None
    if match.view_name != "api:annotation" or int(match.kwargs["article_pk"]) != article_pk:
        return None
    return visible_annotations(user).filter(pk=match.kwargs["pk"], article_id=article_pk).first()


class BadQuery(ValueError):
    def __init__(self, ar: str, en: str) -> None:
        super().__init__(en)
        self.ar, self.en = ar, en


@dataclass
class SearchResult:
    items: list[Annotation]
    total: int
    number: int
    limit: int
    max_id: int


def _int(params, name: str, *, default: int | None = None, maximum: int = 2**31) -> int | None:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    if not raw.isdigit() or int(raw) > maximum:
        raise BadQuery(f"قيمة {name} يجب أن تكون عددًا صحيحًا.", f"{name} must be an integer.")
    return int(raw)


def _moment(params, name: str, *, end_of_day: bool = False) -> dt.datetime | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is None:
                raise ValueError
            moment = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
    except ValueError:
        raise BadQuery(
            f"{name}: اكتب تاريخًا بصيغة ISO مثل 2024-11-05.",
            f"{name}: write an ISO date such as 2024-11-05.",
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def _with_tag(annotations: QuerySet, tag: str) -> QuerySet:
    if connection.vendor == "postgresql":
        return annotations.filter(tags__contains=[tag])
    # SQLite's JSON1, correlated: one of this row's tags equals the tag exactly.
    table = Annotation._meta.db_table
    return annotations.filter(
        RawSQL(
            f'EXISTS (SELECT 1 FROM json_each("{table}"."tags") WHERE json_each.value = %s)',
            (tag,),
            output_field=BooleanField(),
        )
    )


def search(user, params: Any) -> SearchResult:
    annotations = visible_annotations(user)
    article = _int(params, "article")
    if article is not None:
        annotations = annotations.filter(article_id=article)
    if params.get("user"):
        annotations = annotations.filter(author__username=params["user"])
    if params.get("kind"):
        if params["kind"] not in Annotation.Kind.values:
            raise BadQuery("نوع غير معروف.", "Unknown kind.")
        annotations = annotations.filter(kind=params["kind"])
    if params.get("tag"):
        annotations = _with_tag(annotations, params["tag"])
    speaker = _int(params, "speaker")
    if speaker is not None:
        annotations = annotations.filter(attribution__speaker_id=speaker)
    if params.get("status"):
        if params["status"] not in REVIEW_STATUSES:
            raise BadQuery("حالة مراجعة غير معروفة.", "Unknown status.")
        annotations = annotations.filter(kind="claim", review__status=params["status"])
    verdict = _int(params, "verdict", maximum=5)
    if verdict is not None:
        annotations = annotations.filter(kind="claim", review__verdict=verdict)
    since, until = _moment(params, "since"), _moment(params, "until", end_of_day=True)
    if since:
        annotations = annotations.filter(created__gte=since)
    if until:
        annotations = annotations.filter(created__lte=until)
    limit = _int(params, "limit", default=100, maximum=MAX_LIMIT) or 100
    number = _int(params, "page", default=0, maximum=10**6) or 0
    # Stable paging: the first page fixes the newest id; later pages never see rows
    # created after it, so nothing shifts between pages while someone is writing.
    max_id = _int(params, "max_id")
    if max_id is None:
        max_id = annotations.order_by("-id").values_list("id", flat=True).first() or 0
    annotations = annotations.filter(id__lte=max_id)
    sort = params.get("sort") or ("relevance" if params.get("q") else "-created")
    if params.get("q"):
        query = parse(params["q"])
        ranked = backends.search_annotations(query, annotations).ids
        if sort == "relevance":
            ids = ranked
        elif sort in SORTS:
            ids = list(
                annotations.filter(pk__in=ranked)
                .order_by(*SORTS[sort])
                .values_list("id", flat=True)
            )
        else:
            raise BadQuery("ترتيب غير معروف.", "Unknown sort.")
        total = len(ids)
        page_ids = ids[number * limit : (number + 1) * limit]
        rows = {a.pk: a for a in for_records(Annotation.objects.filter(pk__in=page_ids))}
        items = [rows[i] for i in page_ids if i in rows]
    else:
        if sort not in SORTS:
            raise BadQuery("ترتيب غير معروف.", "Unknown sort.")
        total = annotations.count()
        items = list(
            for_records(annotations.order_by(*SORTS[sort]))[number * limit : (number + 1) * limit]
        )
    return SearchResult(items=items, total=total, number=number, limit=limit, max_id=max_id)
