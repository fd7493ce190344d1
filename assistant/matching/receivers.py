"""The claim index follows the claims queue, as the search index follows articles:
a signal is the one place allowed for index upkeep (newsroom sits below the
assistant and cannot call it)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article
from newsroom.models import ClaimReview

from .tasks import enqueue_after_commit, flag_article, index_review


@receiver(post_save, sender=ClaimReview, dispatch_uid="matching_index_review")
def review_saved(sender, instance: ClaimReview, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and created:
        enqueue_after_commit(index_review, instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="matching_flag_article")
def article_saved(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and created:
        enqueue_after_commit(flag_article, instance.pk)
