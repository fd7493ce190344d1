"""What happens on save in the newsroom, besides what the services do by name.

Cache invalidation only: any write to a review row starts a new generation of the
claims queue's cached counts; any write of a speaker a new version of the cached speaker
pages (core.pagecache.SPEAKERS). (Search indexing of speakers and quotes is in
search.receivers.)
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from core import pagecache

from .models import QUEUE_COUNTS, ClaimReview, Speaker


def speakers_changed(**kwargs: Any) -> None:
    pagecache.pages_forget(scopes=[pagecache.SPEAKERS])


def connect() -> None:
    post_save.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_counts_s")
    post_delete.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_counts_d")
    post_save.connect(speakers_changed, sender=Speaker, dispatch_uid="newsroom_speaker_pages_s")
    post_delete.connect(speakers_changed, sender=Speaker, dispatch_uid="newsroom_speaker_pages_d")
