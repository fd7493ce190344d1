"""Shared plumbing for the benchmarks: a throw-away database and robust statistics.

The machines are shared and noisy, so every benchmark reports medians and p95
over many repetitions, never a single timing, and nothing here asserts a limit.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def setup_django(name: str) -> None:
    """Point Django at a benchmark database of its own (SQLite file under bench/out/,
    or DATABASE_URL if given, e.g. PostgreSQL) and migrate it."""
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / (name + '.sqlite3')}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timings(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": p95 * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def report(label: str, samples: list[float], *, target_p95_ms: float | None = None) -> None:
    s = summary(samples)
    verdict = ""
    if target_p95_ms is not None:
        verdict = f"  target p95 < {target_p95_ms:g} ms: {'met' if s['p95_ms'] < target_p95_ms else 'MISSED'}"
    print(
        f"{label:<48} n={s['n']:<5} median={s['median_ms']:7.2f} ms  "
        f"p95={s['p95_ms']:7.2f} ms  max={s['max_ms']:7.2f} ms{verdict}",
        flush=True,
    )
