"""What happens on save in the newsroom, besides what the services do by name.

Cache invalidation only: any write to a review row starts a new generation of the
claims queue's cached counts. (Search indexing of speakers and quotes is in
search.receivers.)
"""

from django.db.models.signals import post_delete, post_save

from .models import QUEUE_COUNTS, ClaimReview


def connect() -> None:
    post_save.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_counts_s")
    post_delete.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_counts_d")
