"""The claims queue, a claim's review page, and the queue's CSV export (editors only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations.models import Annotation
from core.forms import add_service_errors, error_messages
from core.http import HtmxHttpRequest, go_to, safe_next
from core.pagination import IndexPaginator, in_order

from .. import services
from ..forms import ClaimReviewForm, EvidenceForm, InlineReviewForm, QueueFilterForm
from ..models import (
    QUEUE_COUNTS,
    ClaimReview,
    EvidenceSource,
    QuoteAttribution,
    ReviewStatus,
    Verdict,
)
from ..permissions import editor_required

QUEUE_PAGE_SIZE = 25


def queue_reviews():
    """The claims queue: public claims that are not hidden (ClaimReview.in_queue)."""
    return ClaimReview.objects.for_queue().in_queue()


def _claim_for(user, pk: int) -> ClaimReview:
    """A claim an editor may open: any public claim; hidden ones for staff only."""
    reviews = (
        ClaimReview.objects.for_queue()
        .with_matches()
        .filter(
            annotation__kind=Annotation.Kind.CLAIM,
            annotation__visibility=Annotation.Visibility.PUBLIC,
        )
    )
    if not user.is_staff:
        reviews = reviews.filter(annotation__hidden_at__isnull=True)
    return get_object_or_404(reviews, pk=pk)


def queue_counts(form: QueueFilterForm) -> dict[str, int]:
    """The per-status counts under the form's filters other than status (cached)."""
    narrowing = {
        name: getattr(value, "pk", value)
        for name, value in sorted(form.filters().items())
        if name not in ("status", "sort")
    }
    return QUEUE_COUNTS.get(
        urlencode(narrowing),
        lambda: form.apply(queue_reviews(), with_status=False).status_counts(
            per_status=not narrowing
        ),
        size=lambda counts: sum(counts.values()),
    )


def checked_before_count(form: QueueFilterForm) -> int:
    """How many claims under the form's other filters were checked before: the
    per-status counts under the "checked before" filter (the very counts, and cache
    entry, of the queue with that filter on), read from the partial index
    claim_queue_checked_before, which holds the status too. Counting the status
    with a WHERE instead would let SQLite walk the status index (48 ms, not 1 ms,
    at 100,000 claims)."""
    filters = form.filters()
    narrowing = {
        name: getattr(value, "pk", value)
        for name, value in sorted(filters.items())
        if name not in ("status", "sort")
    }
    narrowing["checked_before"] = True
    counts = QUEUE_COUNTS.get(
        urlencode(sorted(narrowing.items())),
        lambda: (
            form.apply(queue_reviews(), with_status=False)
            .filter(earlier_match__isnull=False)
            .status_counts()
        ),
        size=lambda counts: sum(counts.values()),
    )
    status = filters.get("status")
    return counts[status] if status else sum(counts.values())


def queue_page(form: QueueFilterForm, number: str | None) -> tuple[dict[str, int], Page]:
    """The per-status counts under the form's other filters, and the page of claims."""
    filters = form.filters()
    counts = queue_counts(form)
    status = filters.get("status")
    total = counts[status] if status else sum(counts.values())
    reviews = form.apply(queue_reviews())
    paginator = IndexPaginator(
        reviews,
        QUEUE_PAGE_SIZE,
        count=total,
        # The ids first (from the index alone), then those rows with their joins.
        fetch=lambda ids: in_order(list(ids), reviews.with_matches()),
    )
    page = paginator.get_page(number)
    return counts, page


def _editor_choices(editors) -> list[tuple[int, str]]:
    return [(u.pk, u.get_full_name() or u.get_username()) for u in editors]


def _queue_context(
    request: HtmxHttpRequest, form: QueueFilterForm, editors: list
) -> dict[str, Any]:
    counts, page_obj = queue_page(form, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page_obj": page_obj,
        **_counts_context(query, counts, checked_before_count(form)),
        "editor_choices": _editor_choices(editors),
        "statuses": ReviewStatus.choices,
        "verdicts": Verdict.choices,
        "query": query.urlencode(),
        "next_url": request.get_full_path(),
    }


def _counts_context(query: QueryDict, counts: dict[str, int], checked: int) -> dict[str, Any]:
    """The status chips: each links to the queue under the same filters; and the
    "checked before" chip, which adds that filter (or removes it)."""
    others = query.copy()
    others.pop("status", None)
    status_query = others.urlencode()
    toggled = query.copy()
    if toggled.get("checked_before"):
        toggled.pop("checked_before")
    else:
        toggled["checked_before"] = "on"

    def status_url(value: str) -> str:
        return f"{status_query}&status={value}" if status_query else f"status={value}"

    return {
        "counts": [
            (value, label, counts[value], status_url(value))
            for value, label in ReviewStatus.choices
        ],
        "status_query": status_query,
        "total": sum(counts.values()),
        "checked_before_count": checked,
        "checked_before_toggle": toggled.urlencode(),
    }


def _queue_counts_after_save(request: HtmxHttpRequest, next_url: str, editors) -> dict:
    """The chips for the queue the row was saved from (its filters are in ``next``), for
    the out-of-band swap that keeps them live after an inline save."""
    query = QueryDict(urlsplit(next_url).query, mutable=True)
    query.pop("page", None)
    form = QueueFilterForm(query or None, editors=editors)
    form.is_valid()
    return {
        "form": form,
        "counts_oob": True,
        **_counts_context(query, queue_counts(form), checked_before_count(form)),
    }


@require_GET
@editor_required
def claim_queue(request: HtmxHttpRequest) -> HttpResponse:
    editors = list(services.editors_queryset())
    form = QueueFilterForm(request.GET or None, editors=editors)
    form.is_valid()
    template = "newsroom/claim_queue.html"
    if request.htmx and request.htmx.target == "queue-results":
        template += "#queue-results"
    return render(request, template, _queue_context(request, form, editors))


@require_POST
@editor_required
def claim_inline_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Status and assignee from a queue row: htmx swaps the row, a plain form returns
    to the queue with its filters."""
    review = _claim_for(request.user, pk)
    form = InlineReviewForm(request.POST)
    error = None
    if form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
        try:
            review = services.claim_review_update(
                annotation=review.annotation, editor=request.user, **changes
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        error = " ".join(error_messages(form))
    if request.htmx:
        review = _claim_for(request.user, pk)
        editors = list(services.editors_queryset())
        next_url = safe_next(request, reverse("newsroom:claim_queue"))
        context = {
            **_queue_counts_after_save(request, next_url, editors),
            "review": review,
            "editor_choices": _editor_choices(editors),
            "statuses": ReviewStatus.choices,
            "verdicts": Verdict.choices,
            "row_error": error,
            "row_saved": error is None,
            "next_url": next_url,
        }
        # 200 even on error: htmx does not swap 4xx responses, and the row must show why.
        # The status chips follow out of band (the row's status may have moved).
        row = render(request, "newsroom/claim_queue.html#claim-row", context)
        chips = render(request, "newsroom/claim_queue.html#status-counts", context)
        row.content += chips.content
        return row
    if error:
        messages.error(request, f"لم يُحفظ الادعاء {pk}: {error}")
    else:
        messages.success(request, f"حُفظت مراجعة الادعاء {pk}.")
    return redirect(safe_next(request, reverse("newsroom:claim_queue")))


# --- Claim detail -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editor_required
def claim_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    review = _claim_for(request.user, pk)
    # Two forms on one page, told apart by their fields (the review form is prefixed).
    review_data = request.POST if "review-status" in request.POST else None
    review_form = ClaimReviewForm.for_review(review, review_data)
    evidence_form = EvidenceForm(request.POST if "url" in request.POST else None, prefix=None)
    if request.method == "POST":
        if review_form.is_bound and review_form.is_valid():
            try:
                services.claim_review_update(
                    annotation=review.annotation, editor=request.user, **review_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(review_form, exc)
            else:
                messages.success(request, "حُفظت المراجعة.")
                return go_to(request, review.get_absolute_url())
        elif evidence_form.is_bound and evidence_form.is_valid():
            try:
                services.evidence_add(
                    annotation=review.annotation, editor=request.user, **evidence_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(evidence_form, exc)
            else:
                messages.success(request, "أضيف المصدر.")
                return go_to(request, review.get_absolute_url())
    return _render_claim(request, review, review_form, evidence_form)


def _render_claim(request, review, review_form, evidence_form) -> HttpResponse:
    status = 400 if (review_form.errors or evidence_form.errors) else 200
    context = {
        "review": review,
        "annotation": review.annotation,
        "article": review.article,
        "review_form": review_form,
        "evidence_form": evidence_form,
        "evidence": list(review.evidence.all()),
        "history": list(review.history.select_related("editor")),
        "attribution": _attribution(review.annotation),
    }
    return render(request, "newsroom/claim_detail.html", context, status=status)


def _attribution(annotation: Annotation) -> QuoteAttribution | None:
    return QuoteAttribution.objects.select_related("speaker").filter(annotation=annotation).first()


@require_POST
@editor_required
def evidence_delete(request: HtmxHttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    review = _claim_for(request.user, pk)
    evidence = get_object_or_404(
        EvidenceSource.objects.select_related("review"), pk=evidence_pk, review=review
    )
    services.evidence_remove(evidence=evidence, editor=request.user)
    messages.success(request, "حُذف المصدر.")
    return go_to(request, review.get_absolute_url())
