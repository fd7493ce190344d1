"""The claim index follows the claims queue, as the search index follows articles:
index upkeep is what signals are for (newsroom sits below the assistant and
cannot call it). Flagging new articles is called by name from editorial.imports."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from newsroom.models import ClaimReview

from .tasks import enqueue_after_commit, follow_review, index_review


@receiver(post_save, sender=ClaimReview, dispatch_uid="matching_index_review")
def review_saved(sender, instance: ClaimReview, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        enqueue_after_commit(index_review, instance.pk)
    elif instance.matching_state_changed():
        # Reviewed or not, in the queue or not: what similar claims show of it moves.
        enqueue_after_commit(follow_review, instance.pk)
