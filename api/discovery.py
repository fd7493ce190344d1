"""The protocol's discovery header for article pages.

The article page view (reading.views.article.article_detail) calls
``add_annotation_service_link(response, request, article)`` on its response; clients
then find the article's annotation container from the page alone.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

REL = "http://www.w3.org/ns/oa#annotationService"


def annotation_service_link(request: HttpRequest, article_pk: int) -> str:
    container = request.build_absolute_uri(
        reverse("api:article_container", kwargs={"article_pk": article_pk})
    )
    return f'<{container}>; rel="{REL}"'


def add_annotation_service_link(
    response: HttpResponse, request: HttpRequest, article
) -> HttpResponse:
    link = annotation_service_link(request, article.pk)
    existing = response.get("Link")
    response["Link"] = f"{existing}, {link}" if existing else link
    return response
