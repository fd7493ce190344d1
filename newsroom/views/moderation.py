"""Readers flag annotations for the moderators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from annotations.models import Annotation
from core.forms import add_service_errors
from core.http import go_to

from .. import services
from ..forms import FlagForm
from ..models import Flag


@require_http_methods(["GET", "POST"])
@login_required
def annotation_flag(request: HttpRequest, pk: int) -> HttpResponse:
    annotation = get_object_or_404(
        Annotation.objects.visible_to(request.user)
        .filter(visibility=Annotation.Visibility.PUBLIC)
        .select_related("article", "author"),
        pk=pk,
    )
    return flag_page(
        request,
        template="newsroom/flag_form.html",
        context={"annotation": annotation},
        back=annotation.article.get_absolute_url() + f"#{annotation.anchor_id}",
        earlier=Flag.objects.by(request.user).on_annotation(annotation.pk).first(),
        create=lambda **reason: services.flag_create(
            annotation=annotation, user=request.user, **reason
        ),
    )


def flag_page(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    back: str,
    earlier: Flag | None,
    create: Callable[..., object],
) -> HttpResponse:
    """The flag page of an annotation or a reply: this user's earlier flag, or the form
    whose valid reason ``create`` (the flag service) records."""
    if earlier is not None:
        # Flagged once already: say so instead of a second form (a POST is refused).
        return render(
            request,
            template,
            {**context, "earlier": earlier, "back": back},
            status=400 if request.method == "POST" else 200,
        )
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "شكرًا، وصل بلاغك إلى فريق الإشراف.")
            return go_to(request, back)
    return render(
        request,
        template,
        {**context, "form": form, "back": back},
        status=400 if form.errors else 200,
    )
