"""The site's import with each task backend: python -m bench.bench_import_inline [N]

Imports the samples and N generated articles (bench.generate) as ``import_articles``
does (editorial.imports.import_paths), each on a fresh SQLite database of its own, with
the tasks that follow each chunk (the assistant's suggestions, "checked before" flags):

* ``dummy``: the tasks are queued and never run: the import without suggestions;
* ``immediate``: they run in the importing process, held back until the last chunk
  has committed (core.tasks.tasks_after_bulk_write);
* ``database``: they are queued in the database (django-tasks-db) as in production, and
  "then tasks" is one worker (``manage.py db_worker --batch``) draining the queue after
  the import: the background work, timed apart from the import it must not slow.

Prints, per run, the import itself (until the last chunk is in: articles/s, the
issue's floor is 1,000/s) and the work that follows it, with the total. Each backend
runs in its own process (the backend is a setting). DEBUG off, as in production.

``--database-url postgres://...`` runs every backend on that database instead (one
database, emptied of articles and queued tasks before each run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench.common import OUT, ROOT

TARGET_PER_S = 1000


def _child(backend: str, source: str) -> None:
    os.environ["TASKS_BACKEND"] = backend
    from bench.common import setup_django

    setup_django(f"import-inline-{backend}")
    from django.conf import settings

    settings.DEBUG = False
    if os.environ.get("BENCH_EMPTY_FIRST"):
        from django_tasks_db.models import DBTaskResult

        from articles.models import Article, Publisher, Section

        DBTaskResult.objects.all().delete()
        Article.objects.all().delete()
        Section.objects.all().delete()
        Publisher.objects.all().delete()
    from articles import importer
    from assistant.models import Suggestion
    from core.tasks import tasks_after_bulk_write
    from editorial.services import articles_written

    # editorial.imports.import_paths, with a clock between the import and what follows.
    start = time.perf_counter()
    with tasks_after_bulk_write():
        report = importer.import_paths([source], after_write=articles_written)
        imported = time.perf_counter()
    if backend == "database":
        from django.core.management import call_command

        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    end = time.perf_counter()
    print(
        json.dumps(
            {
                "n": report.counts.get("imported", 0),
                "import": imported - start,
                "after": end - imported,
                "suggestions": Suggestion.objects.count(),
            }
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="the site's import with each task backend")
    parser.add_argument("n", type=int, nargs="?", default=2000)
    parser.add_argument("--child", nargs=2, metavar=("BACKEND", "SOURCE"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--database-url", help="run on this (PostgreSQL) database, emptied before each run"
    )
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return
    from bench.generate import generate_files

    with tempfile.TemporaryDirectory(prefix="bench-import-inline-") as tmp:
        generate_files(tmp, args.n)
        for label, source in (("samples", str(ROOT / "samples")), (f"{args.n} generated", tmp)):
            for backend in ("dummy", "immediate", "database"):
                if args.database_url:
                    env = {
                        **os.environ,
                        "DATABASE_URL": args.database_url,
                        "BENCH_EMPTY_FIRST": "1",
                    }
                else:
                    name = f"import-inline-{backend}.sqlite3"
                    for suffix in ("", "-wal", "-shm"):
                        (OUT / f"{name}{suffix}").unlink(missing_ok=True)
                    env = {**os.environ, "DATABASE_URL": f"sqlite:///{OUT / name}"}
                out = subprocess.run(
                    [sys.executable, "-m", "bench.bench_import_inline", "--child", backend, source],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                ).stdout
                r = json.loads(out.strip().splitlines()[-1])
                rate = r["n"] / r["import"]
                total = r["n"] / (r["import"] + r["after"])
                verdict = "" if r["n"] < 100 else (" met" if rate >= TARGET_PER_S else " MISSED")
                print(
                    f"{label:<15} {backend:<9} import {r['import']:6.2f} s {rate:6.0f}/s{verdict}; "
                    f"then tasks {r['after']:6.2f} s; total {total:5.0f}/s; "
                    f"{r['suggestions']} suggestions",
                    flush=True,
                )


if __name__ == "__main__":
    main()
