"""The site's error pages: Arabic, with the site header and a way back.

Django's default 400 and 500 handlers render without the request context (no header,
no site name); these render with it, except the 500 page, which must not depend on
the database or anything else that may be what failed.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # A plain render: no context processors, no queries, no session.
    body = loader.get_template("500.html").render({"brand_name": settings.NEWSREADER_SITE_NAME})
    return HttpResponse(body, status=500)
