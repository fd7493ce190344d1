from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "المقالات"

    def ready(self) -> None:
        from .models import Article
        from .pagination import forget_listing_counts

        post_save.connect(forget_listing_counts, sender=Article, dispatch_uid="articles-counts")
        post_delete.connect(forget_listing_counts, sender=Article, dispatch_uid="articles-counts-d")
