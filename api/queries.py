"""Reads of the API: what a caller may see, IRIs back to rows, and the search filters."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from annotations.models import Annotation, AnnotationTag
from articles.models import Article
from core.counts import CountCache
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
FILTERS = ("article", "user", "kind", "tag", "speaker", "status", "verdict", "since", "until")
#: The search API's totals per audience and filters; api.receivers starts a new
#: generation on every write that could change one.
SEARCH_COUNTS = CountCache("api-search")


def visible_annotations(user, *, probe: bool = False) -> QuerySet:
    """As visible as on the pages: the annotation's own rules, and its article's
    (``probe``: see AnnotationQuerySet.on_articles_visible_to)."""
    return Annotation.objects.visible_to(user, probe=probe)


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
    sort: str


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


def _with_tag(annotations: QuerySet, tag: str, *, to_count: bool = False) -> QuerySet:
    """Through the indexed copy of the tags (annotations.AnnotationTag): for a page, one
    probe per row walked in order; to count, the tag's rows lead (IN: SQLite reads them
    first instead of probing every visible annotation, a third of the time)."""
    rows = AnnotationTag.objects.of_tag(tag)
    if to_count:
        return annotations.filter(pk__in=rows.values("annotation_id"))
    return annotations.filter(Exists(rows.filter(annotation=OuterRef("pk"))))


def _audience(user) -> str:
    """Whose view of the annotations a count is: anonymous readers all see the same."""
    if not user.is_authenticated:
        return "anonymous"
    return f"{'staff' if user.is_staff else 'user'}:{user.pk}"


def _count_key(user, params: Any, max_id: int) -> str:
    filters = sorted(
        (name, params.get(name) or "") for name in FILTERS if params.get(name) not in (None, "")
    )
    raw = repr((_audience(user), filters, max_id))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _cursor(params: Any, sort: str) -> tuple[dt.datetime, int] | None:
    """``after``: the sort value and id of the previous page's last item (keyset paging)."""
    raw = params.get("after")
    if not raw:
        return None
    moment, _, pk = raw.rpartition("~")
    when = parse_datetime(moment) if moment else None
    if when is None or not pk.isdigit() or len(pk) > 18 or sort not in SORTS:
        raise BadQuery("قيمة after غير صحيحة؛ اتبع رابط الصفحة التالية.",
                       "after is not valid; follow the next page's link.")  # fmt: skip
    if timezone.is_naive(when):
        when = timezone.make_aware(when, dt.UTC)
    return when, int(pk)


def cursor_of(annotation: Annotation, sort: str) -> str:
    field = SORTS[sort][0].lstrip("-")
    when = getattr(annotation, field).astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ") + f"~{annotation.pk}"


def _after(
    annotations: QuerySet, sort: str, cursor: tuple[dt.datetime, int], *, field: str, pk: str
) -> QuerySet:
    """Rows after the cursor in the sort order. The bare bound (created <= the cursor's)
    is what the index range uses; the OR only settles ties of the same moment."""
    when, last = cursor
    if sort.startswith("-"):
        return annotations.filter(**{f"{field}__lte": when}).filter(
            Q(**{f"{field}__lt": when}) | Q(**{f"{pk}__lt": last})
        )
    return annotations.filter(**{f"{field}__gte": when}).filter(
        Q(**{f"{field}__gt": when}) | Q(**{f"{pk}__gt": last})
    )


def search(user, params: Any) -> SearchResult:
    """One page of the search API. The page is read by walking the sort index (the
    article's publication probed per row), so it costs the same on page 1 and page 900
    (``after``: keyset paging); ``total`` is counted once per set of filters and kept
    in SEARCH_COUNTS until the next write (api.receivers)."""
    # Two forms of the same rows: the probing one for the page, and to count, the
    # joining one (SQLite counts it faster over a broad filter) unless a narrow filter
    # leads (a review's status or verdict, a user: a probe of each match is cheaper).
    narrow_first = bool(params.get("status") or params.get("verdict") or params.get("user"))
    walked = visible_annotations(user, probe=True)
    counted = visible_annotations(user, probe=narrow_first)

    def narrow(**lookups: Any) -> None:
        nonlocal walked, counted
        walked, counted = walked.filter(**lookups), counted.filter(**lookups)

    article = _int(params, "article")
    if article is not None:
        narrow(article_id=article)
    if params.get("user"):
        narrow(author__username=params["user"])
    if params.get("kind"):
        if params["kind"] not in Annotation.Kind.values:
            raise BadQuery("نوع غير معروف.", "Unknown kind.")
        narrow(kind=params["kind"])
    if params.get("tag"):
        walked = _with_tag(walked, params["tag"])
        counted = _with_tag(counted, params["tag"], to_count=True)
    speaker = _int(params, "speaker")
    if speaker is not None:
        narrow(attribution__speaker_id=speaker)
    if params.get("status"):
        if params["status"] not in REVIEW_STATUSES:
            raise BadQuery("حالة مراجعة غير معروفة.", "Unknown status.")
        narrow(kind="claim", review__status=params["status"])
    verdict = _int(params, "verdict", maximum=5)
    if verdict is not None:
        narrow(kind="claim", review__verdict=verdict)
    since, until = _moment(params, "since"), _moment(params, "until", end_of_day=True)
    if since:
        narrow(created__gte=since)
    if until:
        narrow(created__lte=until)
    limit = _int(params, "limit", default=100, maximum=MAX_LIMIT) or 100
    number = _int(params, "page", default=0, maximum=10**6) or 0
    sort = params.get("sort") or ("relevance" if params.get("q") else "-created")
    if sort not in SORTS and not (sort == "relevance" and params.get("q")):
        raise BadQuery("ترتيب غير معروف.", "Unknown sort.")
    cursor = _cursor(params, sort)
    # Stable paging: the first page fixes the newest id; later pages never see rows
    # created after it, so nothing shifts between pages while someone is writing.
    newest = Annotation.objects.aggregate(newest=Max("id"))["newest"] or 0
    max_id = _int(params, "max_id")
    if max_id is None or max_id > newest:
        max_id = newest
    counted = counted.filter(id__lte=max_id)
    if max_id < newest:
        # Only once something was created since: a bound on the id is a range the
        # planner may prefer to the sort index (it then reads and sorts every match).
        walked = walked.filter(id__lte=max_id)
    if params.get("q"):
        query = parse(params["q"])
        ranked = backends.search_annotations(query, walked).ids
        if sort == "relevance":
            ids = ranked
        else:
            ids = list(
                walked.filter(pk__in=ranked).order_by(*SORTS[sort]).values_list("id", flat=True)
            )
        total = len(ids)
        page_ids = ids[number * limit : (number + 1) * limit]
    else:
        # A rare review or a user's few still cost a walk of many rows: kept whatever the size.
        total = SEARCH_COUNTS.get(_count_key(user, params, max_id), counted.count, keep_from=0)
        field, pk = SORTS[sort][0].lstrip("-"), "id"
        reviewed = params.get("status") or verdict is not None
        if reviewed and field == "created" and not user.is_authenticated:
            # The claims queue's copy of the same (created, id) pair, in the index
            # that leads with in_queue and the status or verdict: everyone's view of
            # claims is the queue's (public, not hidden), so the walk stops at the page.
            walked = walked.filter(review__in_queue=True)
            field, pk = "review__claimed_at", "review__annotation_id"
        direction = "-" if sort.startswith("-") else ""
        ordered = walked.order_by(direction + field, direction + pk)
        if cursor is not None:
            ordered = _after(ordered, sort, cursor, field=field, pk=pk)
            page_ids = list(ordered.values_list("id", flat=True)[:limit])
        else:
            page_ids = list(
                ordered.values_list("id", flat=True)[number * limit : (number + 1) * limit]
            )
    # The records by primary key: the page was found on the index alone.
    rows = {a.pk: a for a in for_records(Annotation.objects.filter(pk__in=page_ids).order_by())}
    items = [rows[i] for i in page_ids if i in rows]
    return SearchResult(
        items=items, total=total, number=number, limit=limit, max_id=max_id, sort=sort
    )
