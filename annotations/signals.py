"""Keep annotation offsets in step with the article text they point into."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article


@receiver(post_save, sender=Article, dispatch_uid="annotations_reanchor_on_article_save")
def reanchor_after_article_edit(sender, instance: Article, created: bool, **kwargs) -> None:
    if created or kwargs.get("raw"):
        return
    from .services import annotations_reanchor

    annotations_reanchor(article=instance)
