"""Claim similarity (issue 12): quality on the labelled pairs, and speed of the stored index.

    python -m bench similarity                 # SQLite under bench/out/
    DATABASE_URL=postgres://... python -m bench similarity

1. Precision and recall of "same claim" on bench/similarity/pairs.jsonl (pairs
   written and labelled by hand before the method was tuned; the method was
   then tuned on them, so they are a development set), per kind of pair, and
   on bench/similarity/heldout.jsonl if present (written after tuning, never
   tuned on).
2. compare() per pair (median, p95).
3. The stored index: build it for 100,000 synthetic claims (statements per
   second, against the 10,000/s an import of 1,000 articles/s with ten claim
   candidates each would need), then match articles of ten statements against
   it (p95 per article; target < 50 ms).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import report, setup_django, timings

HERE = Path(__file__).resolve().parent / "similarity"
STORED = 100_000
ARTICLES = 10_000
QUERIES = 200
PER_ARTICLE = 10

SPEAKERS = [
    "وزير المالية", "وزير الزراعة", "وزيرة الصحة", "رئيس الوزراء", "محافظ البنك المركزي",
    "المتحدث باسم الحكومة", "رئيس الهيئة", "مدير الشركة", "الخبير الاقتصادي سامي الحداد",
    "النائب ليلى منصور", "وزارة التجارة", "الجهاز المركزي للإحصاء", "اتحاد الصناعات",
    "نقابة المهندسين", "رئيس البلدية", "وزير النقل", "وزيرة البيئة", "مدير المستشفى",
    "رئيس الجامعة", "وزير الكهرباء", "كريم عبد الهادي", "نادية الشريف", "هشام البنا", "رنا خليل",
]  # fmt: skip
METRICS = [
    "صادرات", "واردات", "إنتاج", "أسعار", "عدد زوار", "استهلاك", "مبيعات", "أرباح", "ديون",
    "عدد عمال", "إيرادات", "مخزون", "عدد طلاب", "عدد مرضى", "تكلفة", "استثمارات", "عجز",
    "مساحة", "عدد ركاب", "قيمة",
]  # fmt: skip
THINGS = [
    "القمح", "الغاز", "القطن", "الذهب", "النفط", "الأرز", "السكر", "الحديد", "الإسمنت", "الكهرباء",
    "المياه", "السيارات", "الأدوية", "الأسمدة", "الدواجن", "الألبان", "الفاكهة", "الخضروات",
    "الأسماك", "المطارات", "الموانئ", "المصانع", "المدارس", "الجامعات", "المستشفيات", "الفنادق",
    "المتاحف", "الملاعب", "القطارات", "الحافلات", "الطرق", "الجسور", "المزارع", "الغابات",
    "الشواطئ", "الأسواق", "المصارف", "الشركات", "التطبيقات", "الشبكات",
]  # fmt: skip
PLACES = [
    "",
    "في القاهرة",
    "في أسوان",
    "في الإسكندرية",
    "في الدلتا",
    "في الصعيد",
    "في سيناء",
    "في البلاد",
]
VERBS = ["قال", "أكد", "أعلن", "أوضح", "ذكر"]
DIRECTIONS = [("ارتفعت", "زادت"), ("انخفضت", "تراجعت"), ("بلغت", "وصلت")]


def _claim(rng: random.Random) -> dict:
    return {
        "speaker": rng.choice(SPEAKERS),
        "metric": rng.choice(METRICS),
        "thing": rng.choice(THINGS),
        "place": rng.choice(PLACES),
        "direction": rng.randrange(len(DIRECTIONS)),
        "number": rng.randint(2, 990),
        "percent": rng.random() < 0.5,
        "year": rng.randint(2000, 2025),
    }


def _text(c: dict, *, reworded: bool, rng: random.Random) -> str:
    figure = f"{c['number']}%" if c["percent"] else f"{c['number']} ألف طن"
    verb = DIRECTIONS[c["direction"]][1 if reworded else 0]
    if reworded:
        return f"{verb} {c['metric']} {c['thing']} {c['place']} إلى {figure} خلال عام {c['year']}، بحسب {c['speaker']}."
    return f"{rng.choice(VERBS)} {c['speaker']} إن {c['metric']} {c['thing']} {c['place']} {verb} إلى {figure} في {c['year']}."


def quality() -> None:
    from assistant.similarity import compare, features

    for name in ("pairs.jsonl", "heldout.jsonl"):
        path = HERE / name
        if not path.exists():
            continue
        pairs = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        counts: Counter[str] = Counter()
        per_kind: Counter[tuple[str, bool]] = Counter()
        for pair in pairs:
            said = compare(pair["a"], pair["b"]).same
            counts[("t" if said == pair["same"] else "f") + ("p" if said else "n")] += 1
            per_kind[(pair.get("kind", "?"), said == pair["same"])] += 1
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(
            f"{name}: {len(pairs)} pairs ({tp + fn} same)  precision={precision:.3f} (target 0.95)  "
            f"recall={recall:.3f} (target 0.90)  tp={tp} fp={fp} fn={fn} tn={counts['tn']}"
        )
        kinds = sorted({kind for kind, _ in per_kind})
        print("  right/total by kind: " + ", ".join(
            f"{k} {per_kind[(k, True)]}/{per_kind[(k, True)] + per_kind[(k, False)]}" for k in kinds
        ))  # fmt: skip
        lines = [(p["a"], p["b"]) for p in pairs]
        i = iter(range(10**9))

        def one(lines: list[tuple[str, str]] = lines, i=i) -> None:
            a, b = lines[next(i) % len(lines)]
            features.cache_clear()  # every pair read afresh, as a new statement would be
            compare(a, b)

        report(f"compare() one pair ({name})", timings(one, repeat=2000))


def build(rng: random.Random) -> list[dict]:
    from django.db import connection

    from articles.models import Article, Publisher, Section
    from assistant.matching.models import ClaimKey, IndexedClaim, KeyFrequency
    from assistant.matching.services import Statement, claims_index_many

    claims = [_claim(rng) for _ in range(STORED)]
    if IndexedClaim.objects.count() == STORED:
        print(f"stored index: reusing {STORED} claims (delete the benchmark database to rebuild)")
        return claims
    IndexedClaim.objects.all().delete()
    Article.objects.all().delete()
    section = Section.objects.get_or_create(name="قسم", slug="s")[0]
    publisher = Publisher.objects.get_or_create(name="ناشر", slug="p")[0]
    start = datetime(2022, 1, 1, tzinfo=UTC)
    articles = Article.objects.bulk_create(
        Article(title=f"خبر {i}", slug=f"k-{i}", section=section, publisher=publisher, body="نص.",
                published_at=start + timedelta(hours=i))
        for i in range(ARTICLES)
    )  # fmt: skip
    texts = [_text(c, reworded=False, rng=rng) for c in claims]
    began = time.perf_counter()
    claims_index_many(
        statements=(
            Statement(article_id=articles[i % ARTICLES].pk, text=t) for i, t in enumerate(texts)
        )
    )
    took = time.perf_counter() - began
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load: statistics for the planner and
        # the visibility map that lets the key index answer alone (index-only scans).
        with connection.cursor() as cursor:
            for model in (IndexedClaim, ClaimKey, KeyFrequency):
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    print(
        f"stored index: built {STORED} claims in {took:.1f} s = {STORED / took:,.0f} statements/s "
        f"(an import of 1,000 articles/s with 10 claim candidates each needs 10,000/s)",
        flush=True,
    )
    return claims


def matching(claims: list[dict], rng: random.Random) -> None:
    from django.db import connection

    from assistant.matching.queries import match_statements

    articles = []
    for _ in range(QUERIES):
        texts = [_text(rng.choice(claims), reworded=True, rng=rng) for _ in range(3)]
        texts += [_text(_claim(rng), reworded=False, rng=rng) + " " for _ in range(PER_ARTICLE - 3)]
        articles.append(texts)
    found = 0
    for texts in articles[:50]:
        found += sum(1 for hits in match_statements(texts[:3]) if hits and hits[0].comparison.same)
    print(f"reworded stored claims found as the same claim: {found}/150")
    i = iter(range(10**9))

    def one() -> None:
        match_statements(articles[next(i) % len(articles)])

    report(
        f"match one article ({PER_ARTICLE} statements) vs {STORED:,} ({connection.vendor})",
        timings(one, repeat=QUERIES, warmup=5),
        target_p95_ms=50,
    )


def main() -> int:
    setup_django("similarity")
    quality()
    rng = random.Random(12)
    claims = build(rng)
    matching(claims, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
