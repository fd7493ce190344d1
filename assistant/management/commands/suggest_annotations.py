"""(Re)compute the assistant's suggestions for some or all articles."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from assistant.services import suggestions_compute


class Command(BaseCommand):
    help = "يعيد حساب اقتراحات المساعد (اقتباسات وادعاءات) لمقالات محددة أو لكل المقالات"

    def add_arguments(self, parser) -> None:
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--all", action="store_true", help="كل المقالات")

    def handle(self, *args, article_ids: list[int], all: bool, **options) -> None:
        if all == bool(article_ids):
            raise CommandError("give --all or one or more ARTICLE_IDs (not both)")
        articles = Article.objects.all() if all else Article.objects.filter(pk__in=article_ids)
        if not all:
            missing = set(article_ids) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        done = made = 0
        for article in articles.order_by("pk").iterator(chunk_size=500):
            made += suggestions_compute(article=article)
            done += 1
        self.stdout.write(f"suggestions: {made} pending in {done} articles")
