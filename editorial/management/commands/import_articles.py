"""python manage.py import_articles PATH... [--draft] [--update]"""

from django.core.management.base import BaseCommand, CommandError

from editorial.imports import import_paths


class Command(BaseCommand):
    help = (
        "Import article files (the newsreader text layout), .jsonl exports and .zip archives; "
        "folders are walked recursively. Prints failed/changed/updated files, then a summary; "
        "exits with status 1 when any file failed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or .zip")
        parser.add_argument("--draft", action="store_true", help="import as drafts, not published")
        parser.add_argument(
            "--update",
            action="store_true",
            help="replace the text of existing articles whose text changed (default: report only)",
        )

    def handle(self, *args, paths: list[str], draft: bool, update: bool, **options) -> None:
        isatty = getattr(self.stderr._out, "isatty", None)
        report = import_paths(paths, draft=draft, update=update, progress=bool(isatty and isatty()))
        styles = {"failed": self.style.ERROR, "changed": self.style.WARNING}
        for result in report.problems():
            self.stdout.write(str(result), styles.get(result.outcome, self.style.SUCCESS))
        self.stdout.write(report.summary())
        if report.has_failures:
            # CommandError makes manage.py exit with status 1 (and call_command raise).
            raise CommandError(f"{report.counts['failed']} file(s) failed to import", returncode=1)
