"""python manage.py export_articles --format jsonl [--output FILE]"""

import json
from contextlib import nullcontext

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import Article


def article_record(article: Article) -> dict:
    """One article as exported: import_articles reads this back unchanged."""
    return {
        "title": article.title,
        "caption": article.caption or None,
        "section": article.section.name,
        "publisher": article.publisher.name,
        "published_at": timezone.localtime(article.published_at).isoformat(),
        "scraped_on": article.scraped_on.isoformat() if article.scraped_on else None,
        "paragraphs": article.paragraphs,
        "status": article.status,
        "source_sha256": article.source_sha256 or None,
    }


class Command(BaseCommand):
    help = "Export every article as JSON Lines (one object per article), oldest first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, output: str | None, **options) -> None:
        articles = (
            Article.objects.select_related("section", "publisher")
            .order_by("published_at", "id")
            .iterator(chunk_size=1000)
        )
        count = 0
        with (
            open(output, "w", encoding="utf-8", newline="\n")
            if output
            else nullcontext(self.stdout)
        ) as out:
            for article in articles:
                out.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
                count += 1
        if output:
            self.stderr.write(f"exported {count} articles to {output}")
