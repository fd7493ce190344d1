"""The claims queue as CSV, for spreadsheets: formula-safe cells, filters as on the page."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import services
from ..forms import QueueFilterForm
from ..permissions import editor_required
from .claims import queue_reviews


class _Echo:
    def write(self, value: str) -> str:
        return value


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    # A claim starting with "=" would run as a formula in a spreadsheet; the
    # OWASP advice is to prefix such cells with an apostrophe.
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


CSV_HEADER = [
    "رقم الادعاء",
    "نص الادعاء",
    "الحالة",
    "الحكم",
    "قيمة التقييم",
    "المكلّف",
    "المقال",
    "رابط المقال",
    "القسم",
    "الناشر",
    "تاريخ الادعاء",
    "تاريخ المراجعة",
    "رابط الادعاء",
]


def _csv_rows(request: HttpRequest, reviews) -> Iterator[list[str]]:
    yield CSV_HEADER
    for review in reviews.iterator(chunk_size=2000):
        article = review.article
        article_url = request.build_absolute_uri(article.get_absolute_url())
        yield [
            _cell(v)
            for v in (
                review.pk,
                review.annotation.exact,
                review.get_status_display(),
                review.get_verdict_display() if review.verdict else "",
                review.verdict or "",
                review.assignee.get_username() if review.assignee else "",
                article.title,
                article_url,
                article.section.name,
                article.publisher.name,
                timezone.localtime(review.claimed_at).isoformat(),
                timezone.localtime(review.reviewed_at).isoformat() if review.reviewed_at else "",
                f"{article_url}#annotation-{review.pk}",
            )
        ]


@require_GET
@editor_required
def claim_queue_csv(request: HttpRequest) -> HttpResponseBase:
    form = QueueFilterForm(request.GET or None, editors=services.editors_queryset())
    form.is_valid()
    reviews = form.apply(queue_reviews())
    writer = csv.writer(_Echo())
    # A byte-order mark first, so spreadsheet programs read the Arabic as UTF-8.
    rows = (writer.writerow(row) for row in _csv_rows(request, reviews))
    stream = _with_bom(rows)
    filename = f"claims-{timezone.localdate().isoformat()}.csv"
    return StreamingHttpResponse(
        stream,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _with_bom(rows: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"
    yield from rows
