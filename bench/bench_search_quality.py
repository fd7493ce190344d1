"""Search quality on the labelled query set: python -m bench.bench_search_quality [--both]

Loads bench/search_queries.py's articles and speakers into a benchmark database
(SQLite under bench/out/, or DATABASE_URL; its name must contain "bench", it is
emptied first), runs every query as the search page does (parse, expand with the
synonym list and speakers, search_articles), and prints recall, precision and
their per-kind figures (targets: recall >= 0.95, precision >= 0.90), the lexicon
collapses (a word of the lexicon whose term drops one of its letters as a clitic:
target 0), and the median and p95 time per query.

Each run writes its result sets to bench/out/quality-<vendor>.json. With --both
it also runs itself on PostgreSQL (BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/bench_search_quality, created if missing) and
compares: every query must give the same articles in the same order.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta

from bench.common import OUT, ROOT, setup_django

TARGET_RECALL = 0.95
TARGET_PRECISION = 0.90
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_search_quality"


def load() -> dict[str, int]:
    from django.utils import timezone

    from articles.models import Article, Publisher, Section
    from bench.search_queries import ARTICLES, FILLER, SPEAKERS
    from search.models import SearchDocument

    SearchDocument.objects.all().delete()
    Article.objects.all().delete()
    Section.objects.all().delete()
    Publisher.objects.all().delete()
    section = Section.objects.create(name="منوعات")
    publisher = Publisher.objects.create(name="صحيفة المختبر")
    start = timezone.make_aware(datetime(2024, 1, 1, 9, 0))
    ids = {}
    for n, (key, (title, sentence)) in enumerate(ARTICLES.items()):
        body = "\n\n".join([sentence, FILLER[n % len(FILLER)], FILLER[(n + 3) % len(FILLER)]])
        article = Article.objects.create(
            title=title,
            body=body,
            section=section,
            publisher=publisher,
            published_at=start + timedelta(hours=n),
            status=Article.Status.PUBLISHED,
        )
        ids[key] = article.pk
    try:
        from newsroom.models import Speaker
    except ImportError:  # pragma: no cover
        return ids
    Speaker.objects.all().delete()
    for name, others in SPEAKERS:
        Speaker.objects.create(name=name, other_names="\n".join(others))
    return ids


def run_query(raw: str) -> list[int]:
    from articles.models import Article
    from search.backends import search_articles
    from search.query import expand, parse
    from search.synonyms import synonym_sets

    query = parse(raw)
    query = expand(query, synonym_sets(query))
    return search_articles(query, Article.objects.published()).ids


def collapses() -> list[tuple[str, str]]:
    """Words of the set's articles that are lexicon words yet lose a first letter as a clitic."""
    from bench.search_queries import ARTICLES, FILLER
    from core.arabic import WORD_RE, _fold, analyse_word, lexicon, normalise

    found = []
    words = set()
    for title, sentence in ARTICLES.values():
        words.update(WORD_RE.findall(f"{title} {sentence}"))
    for sentence in FILLER:
        words.update(WORD_RE.findall(sentence))
    known = lexicon()
    for word in sorted(words):
        form = normalise(word)
        if form not in known or form.startswith("ال"):
            continue
        term = analyse_word(word)
        folded = _fold(word, taa_marbuta=True)
        # The term must start where the word does: only suffixes may go.
        if term and not normalise(folded).startswith(term[:2]):
            found.append((word, term))
    return found


def measure() -> dict:
    from django.db import connection

    from bench.search_queries import QUERIES

    ids = load()
    key_of = {pk: key for key, pk in ids.items()}
    run_query("تسخين")  # loads the lexicon once, as a running server has
    totals = {"tp": 0, "fp": 0, "fn": 0}
    per_kind: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "n": 0})
    results = {}
    times = []
    misses = []
    for kind, raw, relevant in QUERIES:
        started = time.perf_counter()
        found_ids = run_query(raw)
        times.append((time.perf_counter() - started) * 1000)
        found = [key_of[pk] for pk in found_ids]
        results[raw] = found
        tp = len(relevant & set(found))
        fp = len(set(found) - relevant)
        fn = len(relevant - set(found))
        for bucket in (totals, per_kind[kind]):
            bucket["tp"] += tp
            bucket["fp"] += fp
            bucket["fn"] += fn
        per_kind[kind]["n"] += 1
        if fp or fn:
            misses.append((kind, raw, sorted(set(found) - relevant), sorted(relevant - set(found))))
    return {
        "vendor": connection.vendor,
        "totals": totals,
        "per_kind": dict(per_kind),
        "results": results,
        "times": times,
        "misses": misses,
        "collapses": collapses(),
        "queries": len(QUERIES),
    }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def report(data: dict) -> None:
    import statistics

    totals = data["totals"]
    recall = _ratio(totals["tp"], totals["tp"] + totals["fn"])
    precision = _ratio(totals["tp"], totals["tp"] + totals["fp"])
    print(f"\n{data['vendor']}: {data['queries']} labelled queries")
    print(
        f"  recall {recall:.3f} (target >= {TARGET_RECALL}), "
        f"precision {precision:.3f} (target >= {TARGET_PRECISION})"
    )
    for kind, bucket in sorted(data["per_kind"].items()):
        r = _ratio(bucket["tp"], bucket["tp"] + bucket["fn"])
        p = _ratio(bucket["tp"], bucket["tp"] + bucket["fp"])
        print(f"  {kind:<11} {bucket['n']:>3} queries  recall {r:.3f}  precision {p:.3f}")
    print(f"  lexicon collapses: {len(data['collapses'])} {data['collapses'][:5]}")
    times = sorted(data["times"])
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"  time per query: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
    for kind, raw, extra, missing in data["misses"]:
        print(f"  miss [{kind}] {raw!r}: extra {extra} missing {missing}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="search quality on the labelled query set")
    parser.add_argument("--both", action="store_true", help="also run on PostgreSQL, compare")
    args = parser.parse_args(argv)
    if args.both:
        url = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", url.rsplit("/", 1)[1]],
            capture_output=True,
        )
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run(
            [sys.executable, "-m", "bench.bench_search_quality"], cwd=ROOT, env=env, check=True
        )
    setup_django("search_quality")
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        raise SystemExit(f"refusing to empty {name!r}: the database name must contain 'bench'")
    call_command("migrate", verbosity=0)
    data = measure()
    report(data)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"quality-{data['vendor']}.json").write_text(
        json.dumps(data["results"], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[data["vendor"]]
    path = OUT / f"quality-{other}.json"
    if args.both and path.exists():
        theirs = json.loads(path.read_text(encoding="utf-8"))
        differ = [raw for raw, found in data["results"].items() if theirs.get(raw) != found]
        print(
            f"\nSQLite and PostgreSQL: {len(data['results']) - len(differ)} of "
            f"{len(data['results'])} queries give identical results in identical order"
        )
        for raw in differ[:10]:
            print(
                f"  differ: {raw!r}: {data['vendor']} {data['results'][raw]} {other} {theirs.get(raw)}"
            )


if __name__ == "__main__":
    main()
