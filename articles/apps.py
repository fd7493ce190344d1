from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "المقالات"

    def ready(self) -> None:
        from .models import Article
        from .pagination import LISTING_COUNTS
        from .signals import articles_imported

        post_save.connect(LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles-counts")
        post_delete.connect(LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles-counts-d")
        articles_imported.connect(
            LISTING_COUNTS.forget, sender=Article, dispatch_uid="articles-counts-i"
        )
