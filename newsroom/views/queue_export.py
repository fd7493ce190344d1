"""The claims queue as CSV, for spreadsheets: formula-safe cells, filters as on the page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import csvsafe

from .. import services
from ..forms import QueueFilterForm
from ..permissions import editor_required
from .claims import queue_reviews

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


def _csv_rows(request: HttpRequest, reviews) -> Iterator[Sequence[object]]:
    yield CSV_HEADER
    for review in reviews.iterator(chunk_size=2000):
        article = review.article
        article_url = request.build_absolute_uri(article.get_absolute_url())
        yield [
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
        ]


@require_GET
@editor_required
def claim_queue_csv(request: HttpRequest) -> HttpResponseBase:
    form = QueueFilterForm(request.GET or None, editors=services.editors_queryset())
    form.is_valid()
    reviews = form.apply(queue_reviews())
    # Formula-safe cells, after a byte-order mark so spreadsheets read the Arabic as UTF-8.
    stream = csvsafe.iter_csv(_csv_rows(request, reviews))
    filename = f"claims-{timezone.localdate().isoformat()}.csv"
    return StreamingHttpResponse(
        stream,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
