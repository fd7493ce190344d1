"""Cache invalidation only: any write that could change a search API total (an
annotation, its tags, review or speaker, an article's publication) starts a new
generation of api.queries.SEARCH_COUNTS. (A renamed user's old name may count for
up to COUNT_CACHE_SECONDS: every sign-in saves the user, too often to forget on.)"""

from django.db.models.signals import post_delete, post_save

from annotations.models import Annotation, AnnotationTag
from articles.models import Article
from newsroom.models import ClaimReview, QuoteAttribution

from .queries import SEARCH_COUNTS


def connect() -> None:
    for model in (Annotation, AnnotationTag, ClaimReview, QuoteAttribution, Article):
        name = model._meta.label_lower
        post_save.connect(SEARCH_COUNTS.forget, sender=model, dispatch_uid=f"api_counts_s_{name}")
        post_delete.connect(SEARCH_COUNTS.forget, sender=model, dispatch_uid=f"api_counts_d_{name}")
