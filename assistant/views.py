"""Editors' views of the assistant's suggestions: a queue across articles and one
article's text with its suggestions drawn. Readers never reach them (403)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotations.anchoring import AnchorError
from articles.models import Article
from core.forms import error_messages
from core.http import safe_next
from newsroom.models import Speaker
from newsroom.permissions import editor_required

from . import services
from .forms import AcceptForm, SuggestionFilterForm
from .models import Suggestion
from .rendering import paragraphs_with_marks

QUEUE_PAGE_SIZE = 50


def _next(request: HttpRequest, fallback: str) -> str:
    return safe_next(request, fallback)


@require_GET
@editor_required
def suggestion_queue(request: HttpRequest) -> HttpResponse:
    form = SuggestionFilterForm(request.GET or None)
    suggestions = Suggestion.objects.for_queue()
    if form.is_valid():
        suggestions = suggestions.filtered(**form.cleaned_data)
    elif form.is_bound:
        suggestions = suggestions.none()
    page = Paginator(suggestions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "next_url": request.get_full_path()}
    return render(request, "assistant/suggestion_queue.html", context)


@require_GET
@editor_required
def suggestion_article(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("section", "publisher"), pk=pk)
    pending = list(
        article.suggestions.pending().select_related("speaker").order_by("start", "-end")
    )
    current = [s for s in pending if s.text_version == article.text_version]
    spans = [(s.pk, s.kind, s.start, s.end) for s in current]
    context = {
        "article": article,
        "suggestions": pending,
        "paragraphs": paragraphs_with_marks(article.body, spans),
        "next_url": request.get_full_path(),
    }
    return render(request, "assistant/suggestion_article.html", context)


def _fail(request: HttpRequest, message: str, fallback: str) -> HttpResponse:
    # Errors are shown on the page the editor came from; the decision is not taken.
    from django.contrib import messages

    messages.error(request, message)
    if getattr(request, "htmx", False):
        # The article page's forms swap parts of the page: reload it whole so that the
        # message is shown.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect(_next(request, fallback))


@require_POST
@editor_required
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk)
    fallback = reverse("assistant:suggestion_article", args=[suggestion.article_id])
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _fail(request, " ".join(error_messages(form)), fallback)
    data = form.cleaned_data
    speaker = None
    if data["speaker"]:
        speaker = Speaker.objects.filter(pk=data["speaker"]).first()
        if speaker is None:
            return _fail(request, "لا يوجد هذا المتحدث.", fallback)
    try:
        services.suggestion_accept(
            suggestion=suggestion,
            editor=request.user,
            start=data["start"],
            end=data["end"],
            speaker=speaker,
            new_speaker_name=data["new_speaker_name"],
        )
    except (ValidationError, AnchorError) as error:
        return _fail(request, " ".join(getattr(error, "messages", [str(error)])), fallback)
    return redirect(_next(request, fallback))


@require_POST
@editor_required
def suggestion_reject(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(Suggestion, pk=pk)
    fallback = reverse("assistant:suggestion_article", args=[suggestion.article_id])
    try:
        services.suggestion_reject(suggestion=suggestion, editor=request.user)
    except ValidationError as error:
        return _fail(request, " ".join(error.messages), fallback)
    return redirect(_next(request, fallback))


@require_POST
@editor_required
def suggestions_accept_article(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    fallback = reverse("assistant:suggestion_article", args=[pk])
    kind = request.POST.get("kind", "")
    if kind not in {"", *Suggestion.Kind.values}:
        return _fail(request, "نوع غير معروف.", fallback)
    try:
        services.suggestions_accept_article(article=article, editor=request.user, kind=kind)
    except (ValidationError, AnchorError) as error:
        return _fail(request, " ".join(getattr(error, "messages", [str(error)])), fallback)
    return redirect(_next(request, fallback))
