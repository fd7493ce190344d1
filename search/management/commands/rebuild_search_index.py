import time

from django.core.management.base import BaseCommand

from search.index import rebuild, rebuild_annotations


class Command(BaseCommand):
    help = (
        "Re-analyse every article and annotation into the search index "
        "(after changing core/arabic.py, "
        "or after writes that bypass Article.save(), such as QuerySet.update or bulk_create)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size: int, **options) -> None:
        started = time.perf_counter()
        count = rebuild(batch_size=batch_size)
        annotations = rebuild_annotations(batch_size=batch_size)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count} articles and {annotations} annotations in {elapsed:.1f} s."
            )
        )
