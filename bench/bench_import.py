"""Import throughput and memory: python -m bench.bench_import [N] [--runs R]

Generates N synthetic article files (bench.generate), imports them with
articles.importer.import_paths into a benchmark database emptied before every run
(SQLite under bench/out/, or DATABASE_URL), and prints:

* articles/s for a fresh import (median, min and max of R runs) and for a second,
  idempotent pass over the same files (everything "unchanged"); wall clock, and per
  CPU-second of this process (SQLite runs in-process, so that figure is what the
  import costs on an otherwise idle core: the shared machines are often loaded);
* the peak memory traced during imports of several sizes, split into what the
  returned report keeps (one FileResult per file, as the contract requires) and the
  working memory of the import itself, which should stay flat as N grows.

Target from the foundation issue: at least 1,000 articles/s on SQLite on a 2-core machine.
DEBUG is switched off as in production: Django's query log would measure itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc

from bench.common import OUT, setup_django

TARGET_PER_S = 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="article import throughput and memory")
    parser.add_argument("n", type=int, nargs="?", default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="fresh imports to take the median of")
    parser.add_argument(
        "--memory-sizes",
        default="2000,10000,20000",
        help="comma-separated N for the memory runs (capped at n; empty to skip)",
    )
    args = parser.parse_args(argv)

    if "DATABASE_URL" not in os.environ:
        # A fresh SQLite file: a database left by an older schema would fail to migrate.
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"import.sqlite3{suffix}").unlink(missing_ok=True)
    setup_django("import")
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    from articles.importer import import_paths
    from articles.models import Article, Publisher, Section
    from bench.generate import generate_files

    def reset() -> None:
        Article.objects.all().delete()
        Section.objects.all().delete()
        Publisher.objects.all().delete()

    def run(paths) -> tuple[float, float, dict]:
        start, cpu = time.perf_counter(), time.process_time()
        report = import_paths(paths)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        return elapsed, cpu, dict(report.counts)

    print(f"database: {connection.vendor} ({settings.DATABASES['default']['NAME']})", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        start = time.perf_counter()
        paths = generate_files(tmp, args.n)
        size = sum(p.stat().st_size for p in paths)
        took = time.perf_counter() - start
        print(f"generated {args.n} files ({size / 1e6:.1f} MB) in {took:.1f} s", flush=True)

        rates, cpu_rates = [], []
        for i in range(args.runs):
            reset()
            elapsed, cpu, counts = run(paths)
            if counts.get("imported") != args.n:
                print(f"  run {i + 1}: UNEXPECTED outcome counts {counts}")
            rates.append(args.n / elapsed)
            cpu_rates.append(args.n / cpu)
            print(
                f"  run {i + 1}: {args.n} articles in {elapsed:6.2f} s "
                f"= {rates[-1]:7.0f} articles/s  ({cpu_rates[-1]:.0f} per CPU-second)",
                flush=True,
            )
        median = statistics.median(rates)
        verdict = "met" if median >= TARGET_PER_S else "MISSED"
        print(
            f"fresh import, N={args.n}: median {median:.0f} articles/s "
            f"(min {min(rates):.0f}, max {max(rates):.0f}, runs={args.runs}); "
            f"median {statistics.median(cpu_rates):.0f} per CPU-second  "
            f"target >= {TARGET_PER_S}/s: {verdict}"
        )
        elapsed, _cpu, counts = run(paths)
        print(
            f"second pass (idempotent), N={args.n}: {args.n / elapsed:.0f} articles/s, "
            f"outcomes {counts}",
            flush=True,
        )

        sizes = [int(s) for s in args.memory_sizes.split(",") if s.strip()]
        sizes = sorted({min(s, args.n) for s in sizes})
        if sizes:
            print("peak memory traced during one fresh import (tracemalloc; slower than above):")
        for n in sizes:
            reset()
            subset = paths[:n]
            tracemalloc.start()
            report = import_paths(subset)
            retained, peak = tracemalloc.get_traced_memory()
            if report.counts["imported"] != n:
                print(f"  N={n}: UNEXPECTED outcome counts {dict(report.counts)}")
            tracemalloc.stop()
            del report
            working = peak - retained
            print(
                f"  N={n:>6}: peak {peak / 1e6:6.2f} MB = still held after the import "
                f"(the report, caches) {retained / 1e6:5.2f} MB ({retained / n:4.0f} bytes/file)"
                f" + working set {working / 1e6:5.2f} MB",
                flush=True,
            )
        reset()


if __name__ == "__main__":
    main()
