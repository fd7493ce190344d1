"""Annotation views: thin; reads through AnnotationQuerySet, writes through the services
(newsroom.services for annotations, whose claims enter the queue; annotations.services
for replies and deletion)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from annotations import anchoring, exports
from annotations import services as annotation_services
from annotations.forms import (
    AnnotationContentForm,
    AnnotationCreateForm,
    AnnotationReattachForm,
    MineFilterForm,
    ReplyEditForm,
    ReplyForm,
)
from annotations.models import Annotation, DeletedAnnotation, Reply
from api.records import export_jsonld, for_records
from articles.models import Article
from core.forms import error_messages
from core.http import HtmxHttpRequest, login_redirect
from core.jsonbody import JSONBodyError, parse_json_body
from newsroom import services
from newsroom.models import Flag
from newsroom.permissions import may_reattach
from newsroom.views.moderation import flag_page

from ..panel import article_annotations, load_cards


def _wants_json(request: HtmxHttpRequest) -> bool:
    return request.content_type == "application/json"


def _bad_request(
    request: HtmxHttpRequest, messages: list[str], *, back_url: str = "/"
) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"errors": messages}, status=400)
    template = "annotations/_errors.html" if request.htmx else "annotations/annotation_error.html"
    return render(request, template, {"messages": messages, "back_url": back_url}, status=400)


def _page_parts(
    request: HtmxHttpRequest, article: Article, template: str, *, around: int | None = None
) -> HttpResponse:
    context = {"article": article, **article_annotations(request, article, around=around)}
    return render(request, template, context)


def _create_form(request: HtmxHttpRequest) -> AnnotationCreateForm | JsonResponse:
    """The toolbar's form post, or the same fields as a JSON object (scripts)."""
    if not _wants_json(request):
        return AnnotationCreateForm(request.POST)
    try:
        # Size, depth, strict UTF-8, no lone surrogates, an object: one parser.
        data = parse_json_body(request)
    except JSONBodyError as error:
        return error.response()
    if isinstance(data.get("tags"), list):
        data["tags"] = "،".join(str(tag) for tag in data["tags"])
    return AnnotationCreateForm(data)


@require_POST
def annotation_create(request: HtmxHttpRequest, article_pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=article_pk)
    if not request.user.is_authenticated:
        return login_redirect(request, article.get_absolute_url())
    form = _create_form(request)
    if isinstance(form, HttpResponse):
        return form
    if not form.is_valid():
        return _bad_request(request, error_messages(form), back_url=article.get_absolute_url())
    try:
        annotation, _created = services.annotation_create(
            article=article, author=request.user, **form.cleaned_data
        )
    except anchoring.AnchorError as error:
        return _bad_request(request, [error.message], back_url=article.get_absolute_url())
    if _wants_json(request):
        return JsonResponse(
            exports.to_w3c(annotation, request.build_absolute_uri), status=201 if _created else 200
        )
    if not request.htmx:
        return redirect(article.get_absolute_url() + f"#{annotation.anchor_id}")
    response = _page_parts(request, article, "annotations/_refresh.html", around=annotation.pk)
    # annotate.js moves focus to the new card once the swap has settled.
    return trigger_client_event(
        response, "annotation-created", {"id": annotation.pk}, after="settle"
    )


def _own_annotation(request: HtmxHttpRequest, pk: int) -> Annotation:
    """The signed-in author's annotation: 404 if they may not see it, 403 if it is
    someone else's."""
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    if annotation.author_id != request.user.pk:
        raise PermissionDenied("لا يمكنك تعديل ملاحظة كتبها غيرك.")
    return annotation


def _card(request: HtmxHttpRequest, annotation: Annotation, *, status: int = 200, **extra):
    annotation = load_cards([annotation.pk])[0]
    return render(
        request,
        "annotations/_card.html",
        {"annotation": annotation, "article": annotation.article, **extra},
        status=status,
    )


def annotation_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_redirect(request, request.get_full_path())
    annotation = _own_annotation(request, pk)
    if request.method == "POST":
        form = AnnotationContentForm(request.POST, auto_id=f"{annotation.card_id}-form-%s")
        if form.is_valid():
            services.annotation_update(annotation=annotation, **form.cleaned_data)
            if request.htmx:
                # The kind may have changed: redraw the marks too (out of band).
                return _page_parts(
                    request, annotation.article, "annotations/_refresh.html", around=annotation.pk
                )
            return redirect(annotation.get_absolute_url())
        status = 400
    else:
        form = AnnotationContentForm(
            auto_id=f"{annotation.card_id}-form-%s",
            initial={
                "kind": annotation.kind,
                "visibility": annotation.visibility,
                "comment": annotation.comment,
                "tags": "، ".join(annotation.tags),
            },
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
def annotation_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_redirect(request, "/")
    annotation = _own_annotation(request, pk)
    article = annotation.article
    services.annotation_delete(annotation=annotation, undoable=True)
    restore_url = reverse("annotations:restore", args=[pk])
    if request.htmx:
        response = _page_parts(request, article, "annotations/_refresh.html")
        # annotate.js offers «تراجع» in the toast, which posts to restore_url.
        return trigger_client_event(
            response, "annotation-deleted", {"id": pk, "restore": restore_url}
        )
    # Without JS: a page that says it is deleted, with the same «تراجع» as a form.
    return redirect(restore_url)


@require_http_methods(["GET", "POST"])
def annotation_restore(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo a deletion (the author, within annotations.services.UNDO_WINDOW)."""
    if not request.user.is_authenticated:
        return login_redirect(request, request.get_full_path())
    deleted = annotation_services.annotation_restorable(annotation_id=pk, by=request.user)
    if deleted is None:
        expired = DeletedAnnotation.objects.filter(annotation_id=pk, author=request.user).first()
        if expired is None:
            raise Http404("لا ملاحظة محذوفة يمكنك استرجاعها هنا.")
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=expired.article_id)
        return render(
            request,
            "annotations/annotation_deleted.html",
            {"article": article, "pk": pk, "error": "انقضت مهلة التراجع عن الحذف (عشر دقائق)."},
            status=410,
        )
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=deleted.article_id)
    if request.method == "POST":
        try:
            annotation = services.annotation_restore(annotation_id=pk, by=request.user)
        except PermissionDenied as error:
            return render(
                request,
                "annotations/annotation_deleted.html",
                {"article": article, "pk": pk, "error": str(error)},
                status=409,
            )
        if request.htmx:
            response = _page_parts(
                request, article, "annotations/_refresh.html", around=annotation.pk
            )
            return trigger_client_event(
                response, "annotation-restored", {"id": annotation.pk}, after="settle"
            )
        return redirect(article.get_absolute_url() + f"#{annotation.anchor_id}")
    return render(
        request,
        "annotations/annotation_deleted.html",
        {
            "article": article,
            "pk": pk,
            "until": deleted.deleted_at + annotation_services.UNDO_WINDOW,
        },
    )


def annotation_reattach(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Choose a new passage for a detached annotation: the author, or an editor for a
    quote or a claim. The toolbar posts the selectors (JS); without JS, a form takes
    the new passage as text and the service finds it."""
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    article = annotation.article
    if not request.user.is_authenticated:
        return login_redirect(request, request.get_full_path())
    if not may_reattach(request.user, annotation):
        raise PermissionDenied("لا يمكنك إعادة ربط هذه الملاحظة.")
    if not annotation.is_detached and annotation.anchored_version == article.text_version:
        # Only an orphan is re-attached: a drawn passage is not moved by someone else.
        return _bad_request(
            request,
            ["هذه الملاحظة مثبّتة في النص؛ لا حاجة لإعادة ربطها."],
            back_url=article.get_absolute_url(),
        )
    status = 200
    form = AnnotationReattachForm(
        request.POST if request.method == "POST" else None, auto_id=f"{annotation.card_id}-re-%s"
    )
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                annotation_services.annotation_reattach(
                    annotation=annotation, by=request.user, **form.cleaned_data
                )
            except anchoring.AnchorError as error:
                form.add_error("exact", error.message)
            else:
                if request.htmx:
                    response = _page_parts(
                        request, article, "annotations/_refresh.html", around=annotation.pk
                    )
                    # annotate.js leaves re-attach mode and focuses the card.
                    return trigger_client_event(
                        response, "annotation-reattached", {"id": annotation.pk}, after="settle"
                    )
                return redirect(article.get_absolute_url() + f"#{annotation.anchor_id}")
        if request.htmx:
            return _bad_request(request, error_messages(form), back_url=request.path)
    return render(
        request,
        "annotations/reattach_form.html",
        {"annotation": annotation, "article": article, "form": form},
        status=status,
    )


def annotation_reply(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user).select_related("article"), pk=pk
    )
    if not request.user.is_authenticated:
        return login_redirect(request, annotation.article.get_absolute_url())
    if request.method == "POST":
        form = ReplyForm(request.POST, auto_id=f"{annotation.card_id}-form-%s")
        if form.is_valid():
            annotation_services.reply_create(
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
        form, status = ReplyForm(auto_id=f"{annotation.card_id}-form-%s"), 200
    if request.htmx:
        return _card(request, annotation, status=status, reply_form=form)
    return render(
        request,
        "annotations/reply_form.html",
        {"annotation": annotation, "form": form},
        status=status,
    )


def _visible_reply(request: HtmxHttpRequest, pk: int) -> Reply:
    """A reply is as visible as its annotation and article: 404 otherwise."""
    return get_object_or_404(
        Reply.objects.visible_to(request.user).select_related("annotation__article", "author"),
        pk=pk,
    )


def _own_reply(request: HtmxHttpRequest, pk: int) -> Reply:
    reply = _visible_reply(request, pk)
    if reply.author_id != request.user.pk:
        raise PermissionDenied("لا يمكنك تغيير رد كتبه غيرك.")
    return reply


@require_http_methods(["GET", "POST"])
def reply_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_redirect(request, request.get_full_path())
    reply = _own_reply(request, pk)
    annotation = reply.annotation
    auto_id = f"{reply.dom_id}-form-%s"
    if request.method == "POST":
        form = ReplyEditForm(request.POST, auto_id=auto_id)
        if form.is_valid():
            annotation_services.reply_update(
                reply=reply, by=request.user, body=form.cleaned_data["body"]
            )
            if request.htmx:
                return _card(request, annotation)
            return redirect(annotation.get_absolute_url())
        status = 400
    else:
        form, status = ReplyEditForm(auto_id=auto_id, initial={"body": reply.body}), 200
    if request.htmx:
        return _card(
            request, annotation, status=status, reply_edit_form=form, editing_reply=reply.pk
        )
    return render(
        request, "annotations/reply_edit.html", {"reply": reply, "form": form}, status=status
    )


@require_POST
def reply_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_redirect(request, "/")
    reply = _own_reply(request, pk)
    annotation = reply.annotation
    annotation_services.reply_delete(reply=reply, by=request.user)
    if request.htmx:
        return _card(request, annotation)
    return redirect(annotation.get_absolute_url())


@require_http_methods(["GET", "POST"])
def reply_flag(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_redirect(request, request.get_full_path())
    reply = _visible_reply(request, pk)
    annotation = reply.annotation
    if annotation.visibility != Annotation.Visibility.PUBLIC:
        raise Http404("لا يُبلَّغ إلا عن رد على تعليق عام.")
    if reply.author_id == request.user.pk:
        raise PermissionDenied("لا تبلّغ عن ردك؛ عدّله أو احذفه.")
    return flag_page(
        request,
        template="annotations/reply_flag.html",
        context={"reply": reply},
        back=annotation.article.get_absolute_url() + f"#{annotation.anchor_id}",
        earlier=Flag.objects.by(request.user).on_reply(reply.pk).first(),
        create=lambda **reason: services.reply_flag_create(
            reply=reply, user=request.user, **reason
        ),
    )


def annotation_card(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The card alone (htmx: e.g. to cancel an inline form); without htmx, the permalink."""
    annotation = get_object_or_404(Annotation.objects.visible_to(request.user), pk=pk)
    if not request.htmx:
        return redirect(annotation.get_absolute_url())
    return _card(request, annotation)


def annotation_permalink(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user)
        .filter(hidden_at__isnull=True)
        .select_related("article"),
        pk=pk,
    )
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=annotation.article_id)
    return redirect(article.get_absolute_url() + f"#{annotation.anchor_id}")


def _mine(request: HtmxHttpRequest):
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
        if filters.cleaned_data["anchoring"]:
            annotations = annotations.filter(anchoring=filters.cleaned_data["anchoring"])
    return filters, annotations


@login_required
def my_annotations(request: HtmxHttpRequest) -> HttpResponse:
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
def my_annotations_export(request: HtmxHttpRequest, fmt: str) -> HttpResponse:
    formats = {"jsonld": "jsonld", "md": "markdown", "csv": "csv"}
    if fmt not in formats:
        return HttpResponse("صيغة غير معروفة.", status=404)
    _filters, annotations = _mine(request)
    fmt = formats[fmt]
    content_type, extension = exports.FORMATS[fmt]
    annotations = annotations.order_by("article", "start", "id")
    if fmt == "jsonld":
        # The API's one serializer, the same JSON-LD the protocol serves.
        body = json.dumps(
            export_jsonld(for_records(annotations), request.build_absolute_uri),
            ensure_ascii=False,
            indent=2,
        )
    else:
        body = exports.export(fmt, annotations, request.build_absolute_uri)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-annotations.{extension}"'
    return response
