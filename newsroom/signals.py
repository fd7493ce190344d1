"""Every claim annotation gets its review row as soon as it exists, so the claims
queue is one table of reviews (status "لم يراجع" included) with its own indexes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from annotations.models import Annotation

from .models import ClaimReview


@receiver(post_save, sender=Annotation, dispatch_uid="newsroom_claim_review_for_claims")
def create_claim_review(sender, instance: Annotation, created: bool, **kwargs) -> None:
    if kwargs.get("raw") or instance.kind != Annotation.Kind.CLAIM:
        return
    ClaimReview.objects.get_or_create(
        annotation=instance,
        defaults={"article_id": instance.article_id, "claimed_at": instance.created},
    )
