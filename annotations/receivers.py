"""What happens on save in the annotations app, besides what the services do by name.

Cache invalidation only: a new annotation or reply, however written (services, the
admin, a restore), starts a new generation of its author's "anything of their own on
this article?" answers (annotations.ownership).
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from . import ownership
from .models import Annotation, Reply


def authored(*, instance: Annotation | Reply, created: bool, **kwargs: Any) -> None:
    if created and instance.author_id is not None:
        user_id = instance.author_id
        ownership.author_wrote(user_id=user_id)
        # Again once it commits: a page asked for between the two saw no row yet.
        transaction.on_commit(lambda: ownership.author_wrote(user_id=user_id))


def connect() -> None:
    for model in (Annotation, Reply):
        name = model._meta.model_name
        post_save.connect(authored, sender=model, dispatch_uid=f"annotations_own_{name}")
