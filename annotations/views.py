"""Annotation views: thin; reads through AnnotationQuerySet, writes through services."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from articles.models import Article

from . import anchoring, exports, services
from .forms import AnnotationContentForm, AnnotationCreateForm, MineFilterForm, ReplyForm
from .models import Annotation
from .rendering import Span, render_paragraphs

KINDS = Annotation.Kind


@dataclass
class PanelFilter:
    kind: str = ""
    mine: bool = False
    # Query strings for the filter links, each keeping the other filter.
    links: dict = field(default_factory=dict)


def _panel_filter(request: HttpRequest) -> PanelFilter:
    kind = request.GET.get("kind", "")
    if kind not in KINDS.values:
        kind = ""
    mine = request.user.is_authenticated and request.GET.get("who") == "mine"
    who = "&who=mine" if mine else ""
    links = {"kinds": [("", "الكل", "?" + who.lstrip("&"))]}
    links["kinds"] += [(value, label, f"?kind={value}{who}") for value, label in KINDS.choices]
    kind_qs = f"kind={kind}" if kind else ""
    links["all"] = "?" + kind_qs
    links["mine"] = "?" + "&".join(filter(None, [kind_qs, "who=mine"]))
    return PanelFilter(kind=kind, mine=mine, links=links)


def article_annotations(request: HttpRequest, article: Article) -> dict:
    """Context for the article page: paragraphs with marks and the panel.

    Two queries whatever the number of annotations (annotations with authors,
    then their replies). Filters narrow the panel only; the text shows all.
    """
    annotations = list(
        Annotation.objects.filter(article=article).visible_to(request.user).for_panel()
    )
    for annotation in annotations:
        if annotation.anchored_version != article.text_version:
            # Not re-anchored yet (e.g. the body was changed by a bulk update):
            # re-anchor in memory so nothing is ever drawn in the wrong place.
            result = anchoring.reanchor(
                article.body,
                start=annotation.start,
                end=annotation.end,
                exact=annotation.exact,
                prefix=annotation.prefix,
                suffix=annotation.suffix,
            )
            annotation.anchoring = result.state.value
            if result.anchor is not None:
                annotation.start, annotation.end = result.anchor.start, result.anchor.end
    drawn = [a for a in annotations if not a.is_detached]
    drawn.sort(key=lambda a: (a.start, a.end, a.pk))
    paragraphs = render_paragraphs(
        article.body, [Span(a.pk, a.start, a.end, a.kind) for a in drawn]
    )
    for paragraph in paragraphs:
        # annotations.rendering escapes every piece of text it outputs.
        object.__setattr__(paragraph, "html", mark_safe(paragraph.html))
    panel_filter = _panel_filter(request)
    listed = [
        a
        for a in drawn
        if (not panel_filter.kind or a.kind == panel_filter.kind)
        and (not panel_filter.mine or a.author_id == request.user.pk)
    ]
    return {
        "annotated_paragraphs": paragraphs,
        "annotations": listed,
        "annotations_total": len(annotations),
        "detached_annotations": [a for a in annotations if a.is_detached],
        "panel_filter": panel_filter,
        "annotation_kinds": KINDS.choices,
        "annotation_form": AnnotationCreateForm() if request.user.is_authenticated else None,
    }


def _login_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseClientRedirect(f"{_login_url()}?next={next_url}")
    return redirect_to_login(next_url)


def _login_url() -> str:
    from django.shortcuts import resolve_url
    from django.conf import settings

    return resolve_url(settings.LOGIN_URL)


def _wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json"


def _error_messages(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


def _bad_request(request: HttpRequest, messages: list[str], *, back_url: str = "/") -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"errors": messages}, status=400)
    template = "annotations/_errors.html" if request.htmx else "annotations/annotation_error.html"
    return render(request, template, {"messages": messages, "back_url": back_url}, status=400)


def _page_parts(request: HttpRequest, article: Article, template: str, **extra) -> HttpResponse:
    context = {"article": article, **article_annotations(request, article), **extra}
    return render(request, template, context)


@require_POST
def annotation_create(request: HttpRequest, article_pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=article_pk)
    if not request.user.is_authenticated:
        return _login_redirect(request, article.get_absolute_url())
    if _wants_json(request):
        try:
            data = json.loads(request.body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return JsonResponse({"errors": ["الطلب ليس JSON صالحًا."]}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"errors": ["الطلب يجب أن يكون كائن JSON."]}, status=400)
        if isinstance(data.get("tags"), list):
            data["tags"] = "،".join(str(tag) for tag in data["tags"])
        form = AnnotationCreateForm(data)
    else:
        form = AnnotationCreateForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _error_messages(form), back_url=article.get_absolute_url())
    data = form.cleaned_data
    try:
        annotation, _created = services.annotation_create(
            article=article,
            author=request.user,
            kind=data["kind"],
            start=data["start"],
            end=data["end"],
            exact=data["exact"],
            prefix=data["prefix"],
            suffix=data["suffix"],
            comment=data["comment"],
            tags=data["tags"],
            visibility=data["visibility"],
            client_key=data["client_key"],
        )
    except anchoring.AnchorError as error:
        return _bad_request(request, [error.message], back_url=article.get_absolute_url())
    if _wants_json(request):
        return JsonResponse(
            exports.to_w3c(annotation, request.build_absolute_uri), status=201 if _created else 200
        )
    if not request.htmx:
        return redirect(article.get_absolute_url() + f"#{annotation.anchor_id}")
    response = _page_parts(
        request, article, "annotations/_refresh.html", new_annotation=annotation
    )
    return trigger_client_event(
        response, "annotation-created", {"id": annotation.pk}, after="settle"
    )


def _own_annotation(request: HttpRequest, pk: int) -> Annotation | HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    if annotation.author_id != request.user.pk:
        return HttpResponseForbidden("لا يمكنك تعديل ملاحظة كتبها غيرك.")
    return annotation


def _card(request: HttpRequest, annotation: Annotation, *, status: int = 200, **extra):
    annotation = Annotation.objects.filter(pk=annotation.pk).for_panel().get()
    return render(
        request,
        "annotations/_card.html",
        {"annotation": annotation, "article": annotation.article, **extra},
        status=status,
    )


def annotation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login_redirect(request, request.get_full_path())
    annotation = _own_annotation(request, pk)
    if isinstance(annotation, HttpResponse):
        return annotation
    if request.method == "POST":
        form = AnnotationContentForm(request.POST)
        if form.is_valid():
            services.annotation_update(annotation=annotation, **form.cleaned_data)
            if request.htmx:
                # The kind may have changed: redraw the marks too (out of band).
                return _page_parts(
                    request, annotation.article, "annotations/_refresh.html", updated=annotation
                )
            return redirect(annotation.get_absolute_url())
        status = 400
    else:
        form = AnnotationContentForm(
            initial={
                "kind": annotation.kind,
                "visibility": annotation.visibility,
                "comment": annotation.comment,
                "tags": "، ".join(annotation.tags),
            }
        )
        status = 200
    if request.htmx:
        return _card(request, annotation, status=status, edit_form=form)
    return render(
        request,
        "annotations/annotation_form.html",
        {"annotation": annotation, "form": form},
        status=status,
    )


@require_POST
def annotation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login_redirect(request, "/")
    annotation = _own_annotation(request, pk)
    if isinstance(annotation, HttpResponse):
        return annotation
    article = annotation.article
    services.annotation_delete(annotation=annotation)
    if request.htmx:
        return _page_parts(request, article, "annotations/_refresh.html")
    return redirect(article.get_absolute_url() + "#annotations-panel")


def annotation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    if not request.user.is_authenticated:
        return _login_redirect(request, annotation.article.get_absolute_url())
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            services.reply_create(
                annotation=annotation,
                author=request.user,
                body=form.cleaned_data["body"],
                client_key=form.cleaned_data["client_key"],
            )
            if request.htmx:
                return _card(request, annotation)
            return redirect(annotation.get_absolute_url())
        status = 400
    else:
        form, status = ReplyForm(), 200
    if request.htmx:
        return _card(request, annotation, status=status, reply_form=form)
    return render(
        request,
        "annotations/reply_form.html",
        {"annotation": annotation, "form": form},
        status=status,
    )


def annotation_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user)
        .filter(hidden_at__isnull=True)
        .select_related("article"),
        pk=pk,
    )
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=annotation.article_id)
    return redirect(article.get_absolute_url() + f"#{annotation.anchor_id}")


def _mine(request: HttpRequest):
    filters = MineFilterForm(request.GET or None)
    annotations = (
        Annotation.objects.by(request.user)
        .select_related("article", "author")
        .order_by("-created", "-id")
    )
    if filters.is_valid():
        if filters.cleaned_data["kind"]:
            annotations = annotations.of_kind(filters.cleaned_data["kind"])
        if filters.cleaned_data["visibility"]:
            annotations = annotations.filter(visibility=filters.cleaned_data["visibility"])
    return filters, annotations


@login_required
def my_annotations(request: HttpRequest) -> HttpResponse:
    filters, annotations = _mine(request)
    page = Paginator(annotations, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "annotations/annotation_list.html",
        {"filters": filters, "page_obj": page, "query": query.urlencode()},
    )


@login_required
def my_annotations_export(request: HttpRequest, fmt: str) -> HttpResponse:
    formats = {"jsonld": "jsonld", "md": "markdown", "csv": "csv"}
    if fmt not in formats:
        return HttpResponse("صيغة غير معروفة.", status=404)
    _filters, annotations = _mine(request)
    fmt = formats[fmt]
    content_type, extension = exports.FORMATS[fmt]
    body = exports.export(fmt, annotations.order_by("article", "start", "id"), request.build_absolute_uri)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-annotations.{extension}"'
    return response
