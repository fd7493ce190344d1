"""The account page of personal API tokens: create (shown once), list, revoke."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label="اسم الرمز",
        max_length=100,
        help_text="مثلًا: نص الاستيراد، أو حاسوب المكتب.",
        error_messages={"required": "اكتب اسمًا للرمز."},
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form, raw, status = TokenForm(), None, 200
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
            form = TokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request, "api/tokens.html", {"form": form, "raw": raw, "tokens": tokens}, status=status
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.token_revoke(token=token)
    return redirect("api:tokens")
