"""Keep each claim's review row in step with its annotation and article: created with
the claim; ``in_queue`` following its kind, visibility and moderation; section and
publisher following its article. The claims queue is then one table with its own
indexes, never joined to filter or count."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from annotations.models import Annotation
from articles.models import Article

from .models import QUEUE_COUNTS, ClaimReview


def queue_state(annotation: Annotation) -> bool:
    return (
        annotation.kind == Annotation.Kind.CLAIM
        and annotation.visibility == Annotation.Visibility.PUBLIC
        and annotation.hidden_at is None
    )


def review_defaults(annotation: Annotation) -> dict:
    """The copied fields of a new review row."""
    article = annotation.article
    return {
        "article_id": article.pk,
        "section_id": article.section_id,
        "publisher_id": article.publisher_id,
        "claimed_at": annotation.created,
        "in_queue": queue_state(annotation),
    }


@receiver(post_save, sender=Annotation, dispatch_uid="newsroom_claim_review_for_claims")
def sync_claim_review(sender, instance: Annotation, created: bool, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if instance.kind == Annotation.Kind.CLAIM:
        ClaimReview.objects.update_or_create(
            annotation=instance,
            create_defaults=review_defaults(instance),
            defaults={"in_queue": queue_state(instance)},
        )
    elif not created:
        # It may have been a claim before an edit: its review stays, out of the queue.
        if ClaimReview.objects.filter(annotation=instance, in_queue=True).update(in_queue=False):
            QUEUE_COUNTS.forget()


@receiver(post_save, sender=Article, dispatch_uid="newsroom_claims_follow_their_article")
def follow_article(sender, instance: Article, created: bool, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    if (
        ClaimReview.objects.filter(article=instance)
        .exclude(section_id=instance.section_id, publisher_id=instance.publisher_id)
        .update(section_id=instance.section_id, publisher_id=instance.publisher_id)
    ):
        QUEUE_COUNTS.forget()


# QuerySet.update() above sends no signal: those paths start a new generation themselves.
post_save.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_queue_counts_s")
post_delete.connect(QUEUE_COUNTS.forget, sender=ClaimReview, dispatch_uid="newsroom_queue_counts_d")
