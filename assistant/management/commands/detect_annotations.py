"""Print the quotations and claim candidates found in article files, one JSON object per
file per line. Reads files exactly as the importer does and never touches the database."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from assistant.articlefiles import read_articles
from assistant.detection import detect


class Command(BaseCommand):
    help = "يكتشف الاقتباسات والادعاءات في ملفات المقالات دون المساس بقاعدة البيانات"
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")

    def handle(self, *args, files: list[str], **options) -> None:
        failed = False
        for article in read_articles(files):
            if article.body is None:
                self.stderr.write(f"{article.name}: failed: {article.error}")
                failed = True
                continue
            found = detect(article.body)
            record = {
                "file": article.name,
                "quotes": [
                    {"text": q.text, "speaker": q.speaker, "start": q.start, "end": q.end}
                    for q in found.quotes
                ],
                "claims": [
                    {"text": c.text, "score": c.score, "start": c.start, "end": c.end}
                    for c in found.claims
                ],
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        if failed:
            raise CommandError("some files could not be read", returncode=1)
