"""Response helpers shared by every app's views."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type checking views)."""

    htmx: HtmxDetails


def go_to(request: HttpRequest, url: str) -> HttpResponse:
    """Send the browser to ``url``: a client redirect for htmx (which would otherwise
    swap the whole target page into a fragment), an HTTP redirect otherwise."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def login_redirect(request: HttpRequest, next_url: str | None = None) -> HttpResponse:
    """To the sign-in page, coming back to ``next_url`` (default: this page) afterwards."""
    next_url = next_url or request.get_full_path()
    if getattr(request, "htmx", False):
        login_url = resolve_url(settings.LOGIN_URL)
        return HttpResponseClientRedirect(f"{login_url}?{urlencode({'next': next_url})}")
    return redirect_to_login(next_url)


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter (POST, then GET) when it points into this site, else
    ``fallback``: an open redirect would let a link send readers anywhere."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: a bare word would be taken by redirect() for a view name.
    if not target.startswith("/"):
        return fallback
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
