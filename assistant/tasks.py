"""Background work of the editor's assistant (Django's tasks framework)."""

from __future__ import annotations

from django.tasks import task

from articles.models import Article


@task
def compute_suggestions(article_ids: list[int]) -> int:
    """(Re)compute the suggestions of these articles; returns how many were made."""
    from .services import suggestions_compute

    total = 0
    speakers: dict = {}  # one look-up per name for the whole chunk
    # Articles deleted since the task was queued are simply gone.
    for article in Article.objects.filter(pk__in=article_ids).order_by("pk"):
        total += suggestions_compute(article=article, speakers=speakers)
    return total
