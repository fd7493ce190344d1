"""Suggestions after an import: python -m bench.bench_suggestions [N]

Imports N generated articles (bench.generate) with the importer, then enqueues the
assistant's suggestion tasks for them on the database task backend
(TASKS_BACKEND=database, django-tasks-db) as the import pipeline does, and prints:

* import alone, and import plus enqueueing, in articles/s (the issue's floor: the
  import must stay above 1,000 articles/s);
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
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    settings.DEBUG = False
    from articles.importer import import_paths
    from articles.models import Article
    from assistant.models import Suggestion
    from assistant.services import suggestions_enqueue
    from assistant.tasks import compute_suggestions
    from bench.generate import generate_files

    print(f"database: {connection.vendor}; tasks: {settings.TASKS['default']['BACKEND']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-suggestions-") as tmp:
        paths = generate_files(tmp, args.n)
        start = time.perf_counter()
        report = import_paths(paths)
        imported = time.perf_counter() - start
        assert report.counts.get("imported") == args.n, report.summary()
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        start = time.perf_counter()
        with transaction.atomic():
            tasks = suggestions_enqueue(article_ids=ids)
        enqueued = time.perf_counter() - start
    queued = DBTaskResult.objects.count()
    both = imported + enqueued
    print(f"import alone:            {args.n / imported:8.0f} articles/s ({imported:.1f} s)")
    print(
        f"import + enqueue:        {args.n / both:8.0f} articles/s "
        f"(enqueue {enqueued * 1000:.0f} ms for {tasks} tasks, {queued} queued; "
        f"ratio {both / imported:.3f})  target >= {TARGET_PER_S}: "
        f"{'met' if args.n / both >= TARGET_PER_S else 'MISSED'}",
        flush=True,
    )
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
