"""Background work of the editor's assistant (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from articles.models import Article


@task
def compute_suggestions(article_ids: list[int]) -> int:
    """(Re)compute the suggestions of these articles; returns how many were made."""
    from .services import suggestions_compute_many

    # One transaction and a few queries for the whole chunk; articles deleted since the
    # task was queued are simply gone.
    articles = list(Article.objects.filter(pk__in=article_ids).order_by("pk"))
    return suggestions_compute_many(articles=articles)
