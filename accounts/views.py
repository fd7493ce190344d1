from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.http import safe_next

from .forms import SignUpForm


def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, "")
    if request.user.is_authenticated:
        return redirect(next_url or "/")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "أهلًا بك! أُنشئ حسابك وسُجّل دخولك.")
        return redirect(next_url or "/")
    return render(request, "registration/signup.html", {"form": form, "next": next_url})
