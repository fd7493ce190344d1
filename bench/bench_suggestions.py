"""Suggestions after an import: python -m bench.bench_suggestions [N]

Imports N generated articles (bench.generate) twice on a fresh database each time: with
the bare importer (articles.importer, nothing after each chunk) and as the site imports
(editorial.imports: each chunk's articles queued for suggestions on the database task
backend, TASKS_BACKEND=database, django-tasks-db), and prints:

* both rates in articles/s and their ratio (the issue's floor: the import must stay
  above 1,000 articles/s; the ratio shows what queueing costs on a noisy machine);
* the background work: suggestions computed per second by one worker process
  (compute_suggestions on a sample of the imported articles), and what that means
  for all N.

SQLite under bench/out/ (or DATABASE_URL). DEBUG off, as in production.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from bench.common import OUT

TARGET_PER_S = 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="suggestions after an import")
    parser.add_argument("n", type=int, nargs="?", default=20_000)
    parser.add_argument("--sample", type=int, default=500, help="articles the worker computes")
    args = parser.parse_args(argv)
    os.environ["TASKS_BACKEND"] = "database"
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"suggestions.sqlite3{suffix}").unlink(missing_ok=True)
    from bench.common import setup_django

    setup_django("suggestions")
    from django.conf import settings
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    settings.DEBUG = False
    from articles import importer
    from articles.models import Article, Publisher, Section
    from assistant.models import Suggestion
    from assistant.tasks import compute_suggestions
    from bench.generate import generate_files
    from editorial import imports

    def reset() -> None:
        DBTaskResult.objects.all().delete()
        Article.objects.all().delete()
        Section.objects.all().delete()
        Publisher.objects.all().delete()

    print(
        f"database: {connection.vendor}; tasks: {settings.TASKS['default']['BACKEND']}", flush=True
    )
    with tempfile.TemporaryDirectory(prefix="bench-suggestions-") as tmp:
        paths = generate_files(tmp, args.n)
        rates = {}
        for label, run in (
            ("bare importer", importer.import_paths),
            ("site import + queue", imports.import_paths),
        ):
            reset()
            start = time.perf_counter()
            report = run(paths)
            took = time.perf_counter() - start
            assert report.counts.get("imported") == args.n, report.summary()
            rates[label] = args.n / took
            print(f"{label:<22} {rates[label]:8.0f} articles/s ({took:.1f} s)", flush=True)
    queued = DBTaskResult.objects.count()
    slower = rates["bare importer"] / rates["site import + queue"]
    site = rates["site import + queue"]
    print(
        f"queued {queued} tasks for {args.n} articles; import time ratio with/without queueing "
        f"{slower:.3f}; target >= {TARGET_PER_S}/s: {'met' if site >= TARGET_PER_S else 'MISSED'} "
        "(shared machine: compare the ratio)",
        flush=True,
    )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    sample = ids[: args.sample]
    start = time.perf_counter()
    made = compute_suggestions.call(sample)
    took = time.perf_counter() - start
    rate = len(sample) / took
    print(
        f"worker (one process):    {rate:8.0f} articles/s ({made} suggestions for {len(sample)} "
        f"articles; all {args.n} in ~{args.n / rate / 60:.1f} min in the background)"
    )
    assert Suggestion.objects.filter(article_id__in=sample).count() == made


if __name__ == "__main__":
    main()
