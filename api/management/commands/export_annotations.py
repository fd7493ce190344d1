import json
from functools import partial
from urllib.parse import urljoin

from django.core.management.base import BaseCommand, CommandError

from annotations import exports
from annotations.models import Annotation
from api.records import export_jsonld, for_records
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Write the public annotations (never private or hidden ones) as W3C Web Annotation "
        "JSON-LD, Markdown or CSV."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=sorted(exports.FORMATS), default="jsonld")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000/",
            help="Site address used to build absolute annotation and article URLs.",
        )
        parser.add_argument("--article", type=int, help="Only this article's annotations.")
        parser.add_argument("--output", "-o", help="Write to this file instead of stdout.")

    def handle(self, *args, **options) -> None:
        annotations = (
            Annotation.objects.public()
            .filter(article__in=Article.objects.published())
            .select_related("article", "author")
            .order_by("article_id", "start", "end", "id")
        )
        if options["article"] is not None:
            annotations = annotations.filter(article_id=options["article"])
        base = options["base_url"]
        if not base.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://")
        absolute = partial(urljoin, base)
        if options["format"] == "jsonld":
            # The API's one serializer: replies, speakers, reviews and visibility included.
            text = json.dumps(
                export_jsonld(for_records(annotations), absolute), ensure_ascii=False, indent=2
            )
        else:
            text = exports.export(
                options["format"], annotations.iterator(chunk_size=1000), absolute
            )
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            self.stderr.write(f"wrote {options['output']}")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
