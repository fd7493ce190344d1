"""What happens on save in the newsroom, besides what the services do by name.

Cache invalidation only: any write to a review row starts a new generation of the
claims queue's cached counts; any write of a speaker a new version of the cached speaker
pages (core.pagecache.SPEAKERS); any change of group membership or of a group a new
generation of the kept editor roles (newsroom.permissions). (Search indexing of speakers
and quotes is in search.receivers.)
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from core import pagecache

from .models import QUEUE_COUNTS, ClaimReview, Speaker
from .permissions import roles_changed


def speakers_changed(**kwargs: Any) -> None:
    pagecache.pages_forget(scopes=[pagecache.SPEAKERS])


def membership_changed(*, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        roles_changed()


def connect() -> None:
    m2m_changed.connect(
        membership_changed,
        sender=get_user_model().groups.through,
        dispatch_uid="newsroom_roles_membership",
    )
    post_save.connect(roles_changed, sender=Group, dispatch_uid="newsroom_roles_group_s")
    post_delete.connect(roles_changed, sender=Group, dispatch_uid="newsroom_roles_group_d")
    post_save.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_counts_s")
    post_delete.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_counts_d")
    post_save.connect(speakers_changed, sender=Speaker, dispatch_uid="newsroom_speaker_pages_s")
    post_delete.connect(speakers_changed, sender=Speaker, dispatch_uid="newsroom_speaker_pages_d")
