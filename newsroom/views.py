from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotations.models import Annotation

from . import services
from .forms import (
    AttributionForm,
    ClaimReviewForm,
    EvidenceForm,
    FlagForm,
    InlineReviewForm,
    QueueFilterForm,
    SpeakerForm,
    SpeakerSearchForm,
)
from .models import (
    QUEUE_COUNTS,
    ClaimReview,
    EvidenceSource,
    ReviewStatus,
    Speaker,
    Verdict,
    is_editor,
)

QUEUE_PAGE_SIZE = 25
SPEAKERS_PAGE_SIZE = 50
QUOTES_PAGE_SIZE = 20
SPEAKER_SUGGESTIONS = 10


def editor_required(view: Callable) -> Callable:
    """Anonymous users are sent to log in (htmx: a client redirect); signed-in
    readers get 403. Checked on the server for every newsroom editor action."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            if request.htmx:
                login = redirect_to_login(request.get_full_path())
                return HttpResponseClientRedirect(login.url)
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied("هذه الصفحة للمحررين فقط.")
        return view(request, *args, **kwargs)

    return wrapped


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _queue_reviews():
    """The claims queue: public claims that are not hidden (ClaimReview.in_queue)."""
    return ClaimReview.objects.for_queue().in_queue()


def _claim_for(user, pk: int) -> ClaimReview:
    """A claim an editor may open: any public claim; hidden ones for staff only."""
    reviews = ClaimReview.objects.for_queue().filter(
        annotation__kind=Annotation.Kind.CLAIM, annotation__visibility=Annotation.Visibility.PUBLIC
    )
    if not user.is_staff:
        reviews = reviews.filter(annotation__hidden_at__isnull=True)
    return get_object_or_404(reviews, pk=pk)


class QueuePaginator(Paginator):
    """Told its count (the queue has it from the per-status counts), and reads a page
    as ids first, from the index alone, then fetches those rows with their joins:
    a deep page then skips index entries, not joined rows."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


# --- Claims queue -------------------------------------------------------------


def queue_page(form: QueueFilterForm, number: str | None) -> tuple[dict[str, int], Page]:
    """The per-status counts under the form's other filters, and the page of claims."""
    filters = form.filters()
    narrowing = {
        name: getattr(value, "pk", value)
        for name, value in sorted(filters.items())
        if name not in ("status", "sort")
    }
    counts = QUEUE_COUNTS.get(
        urlencode(narrowing),
        lambda: form.apply(_queue_reviews(), with_status=False).status_counts(
            per_status=not narrowing
        ),
        size=lambda counts: sum(counts.values()),
    )
    status = filters.get("status")
    total = counts[status] if status else sum(counts.values())
    page = QueuePaginator(form.apply(_queue_reviews()), QUEUE_PAGE_SIZE, count=total).get_page(
        number
    )
    return counts, page


def _editor_choices(editors) -> list[tuple[int, str]]:
    return [(u.pk, u.get_full_name() or u.get_username()) for u in editors]


@require_GET
@editor_required
def claim_queue(request: HttpRequest) -> HttpResponse:
    editors = list(services.editors_queryset())
    form = QueueFilterForm(request.GET or None, editors=editors)
    form.is_valid()
    counts, page_obj = queue_page(form, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    others = query.copy()
    others.pop("status", None)
    status_query = others.urlencode()

    def status_url(value: str) -> str:
        return f"{status_query}&status={value}" if status_query else f"status={value}"

    context = {
        "form": form,
        "page_obj": page_obj,
        "counts": [
            (value, label, counts[value], status_url(value))
            for value, label in ReviewStatus.choices
        ],
        "status_query": status_query,
        "total": sum(counts.values()),
        "editor_choices": _editor_choices(editors),
        "statuses": ReviewStatus.choices,
        "verdicts": Verdict.choices,
        "query": query.urlencode(),
        "next_url": request.get_full_path(),
    }
    template = "newsroom/claim_queue.html"
    if request.htmx and request.htmx.target == "queue-results":
        template += "#queue-results"
    return render(request, template, context)


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
def claim_queue_csv(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, editors=services.editors_queryset())
    form.is_valid()
    reviews = form.apply(_queue_reviews())
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


@require_POST
@editor_required
def claim_inline_update(request: HttpRequest, pk: int) -> HttpResponse:
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
            _add_service_errors(form, exc)
    if form.errors:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if request.htmx:
        review = _claim_for(request.user, pk)
        context = {
            "review": review,
            "editor_choices": _editor_choices(services.editors_queryset()),
            "statuses": ReviewStatus.choices,
            "verdicts": Verdict.choices,
            "row_error": error,
            "row_saved": error is None,
            "next_url": _safe_next(request, reverse("newsroom:claim_queue")),
        }
        # 200 even on error: htmx does not swap 4xx responses, and the row must show why.
        return render(request, "newsroom/claim_queue.html#claim-row", context)
    if error:
        messages.error(request, f"لم يُحفظ الادعاء {pk}: {error}")
    else:
        messages.success(request, f"حُفظت مراجعة الادعاء {pk}.")
    return redirect(_safe_next(request, reverse("newsroom:claim_queue")))


# --- Claim detail -------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@editor_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
                _add_service_errors(review_form, exc)
            else:
                messages.success(request, "حُفظت المراجعة.")
                return _after_post(request, review)
        elif evidence_form.is_bound and evidence_form.is_valid():
            try:
                services.evidence_add(
                    annotation=review.annotation, editor=request.user, **evidence_form.cleaned_data
                )
            except ValidationError as exc:
                _add_service_errors(evidence_form, exc)
            else:
                messages.success(request, "أضيف المصدر.")
                return _after_post(request, review)
    return _render_claim(request, review, review_form, evidence_form)


def _after_post(request: HttpRequest, review: ClaimReview) -> HttpResponse:
    url = review.get_absolute_url()
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


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


def _attribution(annotation: Annotation):
    from .models import QuoteAttribution

    return QuoteAttribution.objects.select_related("speaker").filter(annotation=annotation).first()


@require_POST
@editor_required
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    review = _claim_for(request.user, pk)
    evidence = get_object_or_404(
        EvidenceSource.objects.select_related("review"), pk=evidence_pk, review=review
    )
    services.evidence_remove(evidence=evidence, editor=request.user)
    messages.success(request, "حُذف المصدر.")
    return _after_post(request, review)


# --- Quotes and speakers ------------------------------------------------------


def _attributable(user, pk: int) -> Annotation:
    return get_object_or_404(
        Annotation.objects.visible_to(user)
        .filter(kind__in=services.ATTRIBUTABLE_KINDS)
        .select_related("article", "author"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@editor_required
def quote_attribute(request: HttpRequest, pk: int) -> HttpResponse:
    """Attribute a quote (or claim) to a speaker: search as you type (htmx swaps the
    results partial; without JS the search form reloads this page), pick one, or
    create a new speaker."""
    annotation = _attributable(request.user, pk)
    search_form = SpeakerSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    results = list(Speaker.objects.matching(query)[:SPEAKER_SUGGESTIONS]) if query else []
    attribute_form = AttributionForm()
    speaker_form = SpeakerForm(initial={"name": query} if query else None, prefix="speaker")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "attribute":
            attribute_form = AttributionForm(request.POST)
            if attribute_form.is_valid():
                return _attribute(request, annotation, attribute_form.cleaned_data["speaker"])
        elif action == "create":
            speaker_form = SpeakerForm(request.POST, prefix="speaker")
            if speaker_form.is_valid():
                speaker = services.speaker_create(editor=request.user, **speaker_form.cleaned_data)
                return _attribute(request, annotation, speaker)
        elif action == "remove":
            services.quote_unattribute(annotation=annotation, editor=request.user)
            messages.success(request, "أزيلت نسبة الاقتباس.")
            return _back_to_quote(request, annotation)
    context = {
        "annotation": annotation,
        "attribution": _attribution(annotation),
        "search_form": search_form,
        "query": query,
        "results": results,
        "attribute_form": attribute_form,
        "speaker_form": speaker_form,
    }
    template = "newsroom/quote_attribute.html"
    if request.htmx and request.method == "GET":
        template += "#speaker-results"
    status = 400 if (attribute_form.errors or speaker_form.errors) else 200
    return render(request, template, context, status=status)


def _attribute(request: HttpRequest, annotation: Annotation, speaker: Speaker) -> HttpResponse:
    try:
        services.quote_attribute(annotation=annotation, editor=request.user, speaker=speaker)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"نُسب الاقتباس إلى {speaker.name}.")
    return _back_to_quote(request, annotation)


def _back_to_quote(request: HttpRequest, annotation: Annotation) -> HttpResponse:
    url = reverse("newsroom:quote_attribute", kwargs={"pk": annotation.pk})
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_GET
def speaker_list(request: HttpRequest) -> HttpResponse:
    search_form = SpeakerSearchForm(request.GET or None)
    speakers = Speaker.objects.with_quote_counts()
    query = search_form.cleaned_data["q"] if search_form.is_valid() else ""
    if query:
        speakers = speakers.matching(query)
    page_obj = Paginator(speakers.order_by("name", "pk"), SPEAKERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "newsroom/speaker_list.html",
        {"page_obj": page_obj, "search_form": search_form, "query": query},
    )


@require_GET
def speaker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    speaker = get_object_or_404(Speaker, pk=pk)
    quotes = (
        Annotation.objects.visible_to(request.user)
        .filter(attribution__speaker=speaker)
        .select_related("article", "article__section", "article__publisher")
        .defer("article__body", "article__caption")
        .order_by("-created", "-pk")
    )
    page_obj = Paginator(quotes, QUOTES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "newsroom/speaker_detail.html",
        {"speaker": speaker, "page_obj": page_obj, "can_edit": is_editor(request.user)},
    )


# --- Moderation -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def annotation_flag(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user)
        .filter(visibility=Annotation.Visibility.PUBLIC)
        .select_related("article", "author"),
        pk=pk,
    )
    back = annotation.article.get_absolute_url() + f"#{annotation.anchor_id}"
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(annotation=annotation, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, "شكرًا، وصل بلاغك إلى فريق الإشراف.")
            if request.htmx:
                return HttpResponseClientRedirect(back)
            return redirect(back)
    return render(
        request,
        "newsroom/flag_form.html",
        {"annotation": annotation, "form": form, "back": back},
        status=400 if form.errors else 200,
    )
