"""Background work of the claim index (django.tasks: whatever backend settings.TASKS names;
Django's default ImmediateBackend runs them at once)."""

from __future__ import annotations

from django.tasks import task

from core.tasks import enqueue_on_commit
from newsroom.models import ClaimReview

from .services import articles_flag_checked_before, claim_index, claim_matches_follow


@task
def index_review(review_id: int) -> None:
    """(Re)index a claim of the queue under its text."""
    review = ClaimReview.objects.select_related("annotation").filter(pk=review_id).first()
    if review is not None:
        claim_index(article_id=review.article_id, text=review.annotation.exact, review_id=review.pk)
        claim_matches_follow(review_id=review.pk)


@task
def follow_review(review_id: int) -> None:
    """A claim's status or place in the queue changed: its similar claims follow."""
    claim_matches_follow(review_id=review_id)


@task
def flag_articles(article_ids: list[int]) -> int:
    """Flag the sentences of imported articles that were checked before."""
    return articles_flag_checked_before(article_ids=article_ids)


def enqueue_after_commit(task_, *args) -> None:
    # Held back during a bulk import when the backend runs it inline (core.tasks).
    enqueue_on_commit(task_, *args)


def articles_imported(*, article_ids: list[int]) -> None:
    """What editorial.imports calls for a chunk of new articles: one background
    task for the chunk, once its transaction commits (the import does not wait)."""
    if article_ids:
        enqueue_after_commit(flag_articles, article_ids)
