"""Server-side render time of the reading pages with many articles in the database.

    python -m bench.bench_pages [N]          # N articles, default 100,000

Fills bench/out/pages.sqlite3 (or DATABASE_URL) with N published articles via
bulk_create (once; reused while it holds exactly N), then renders each page ~200
times through django.test.Client and prints median and p95 (target p95 < 15 ms).
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta

from bench.common import report, setup_django, timings

TARGET_P95_MS = 15.0
REPEAT = 200
BATCH = 5_000
SECTIONS = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "عرب وعالم", "محليات", "علوم وتكنولوجيا"]
PUBLISHERS = ["دار الهلال", "الأهرام", "الشروق", "المصري اليوم"]
PARAGRAPHS = [
    "قالت مصادر مطلعة إن الاجتماع الذي عقد أمس تناول عددا من الملفات العالقة، وإن الأطراف "
    "اتفقت على مواصلة المشاورات خلال الأيام المقبلة للوصول إلى صيغة نهائية.",
    "وأضافت المصادر أن الجولة المقبلة ستركز على الجوانب الفنية والتمويل، مشيرة إلى أن لجانا "
    "متخصصة ستعد تقارير مفصلة ترفع إلى المسؤولين قبل نهاية الشهر.",
    "ويرى محللون أن هذه الخطوة تمثل تحولا مهما، لكنهم حذروا من أن التنفيذ يحتاج إلى متابعة "
    "دقيقة وشفافية في الإعلان عن النتائج حتى يكسب ثقة المواطنين.",
    "وفي سياق متصل، أعلنت الجهات المعنية عن إطلاق منصة إلكترونية لتلقي المقترحات والشكاوى، "
    "على أن تنشر ردودها بشكل دوري.",
]


def fill(n: int) -> None:
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.models import Article, Publisher, Section
    from articles.text import join_paragraphs

    if Article.objects.count() == n:
        print(f"Reusing the benchmark database: {n:,} articles.")
        return
    start = time.perf_counter()
    with transaction.atomic():
        Article.objects.all().delete()
        sections = [Section.objects.get_or_create(name=name)[0] for name in SECTIONS]
        publishers = [Publisher.objects.get_or_create(name=name)[0] for name in PUBLISHERS]
        # Newest article an hour ago, one every 7 minutes before it: distinct times keep
        # the (publisher, published_at, title) identity unique.
        newest = timezone.now().replace(microsecond=0) - timedelta(hours=1)
        for offset in range(0, n, BATCH):
            batch = []
            for i in range(offset, min(n, offset + BATCH)):
                title = f"{SECTIONS[i % len(SECTIONS)]}: خبر رقم {i} عن تطورات اليوم"
                body = join_paragraphs(PARAGRAPHS[: 2 + i % 3])
                batch.append(
                    Article(
                        title=title,
                        slug=slugify(title, allow_unicode=True),
                        caption="صورة من موقع الحدث" if i % 2 else "",
                        section=sections[i % len(sections)],
                        publisher=publishers[i % len(publishers)],
                        published_at=newest - timedelta(minutes=7 * i),
                        body=body,
                        status=Article.Status.DRAFT if i % 50 == 0 else Article.Status.PUBLISHED,
                        featured=i % 997 == 0,
                    )
                )
            Article.objects.bulk_create(batch)
    print(f"Filled {n:,} articles in {time.perf_counter() - start:.1f} s.")


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    setup_django("pages")
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from articles.models import Article, Section

    fill(n)
    # Planner statistics, and on PostgreSQL the visibility map that lets page ids be read
    # by index-only scans: what autovacuum gives a live table after a bulk load.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE articles_article")
        else:
            cursor.execute("ANALYZE")
    # Measure what production runs: no DEBUG query log or debug 404 pages.
    settings.DEBUG = False

    client = Client()
    article = Article.objects.published().order_by("-published_at")[n // 3]
    section = Section.objects.get(name="رياضة")
    pages = {
        "home /": "/",
        "list /articles/": "/articles/",
        "list /articles/?page=2000": "/articles/?page=2000",
        "section page 1": section.get_absolute_url(),
        "section page 500": section.get_absolute_url() + "?page=500",
        "archive month": article.published_at.strftime("/archive/%Y/%-m/"),
        "article page": article.get_absolute_url(),
    }
    print(f"{connection.vendor}, {Article.objects.count():,} articles, {REPEAT} requests per page")
    print("wall time per request:")
    cpu: dict[str, list[float]] = {}
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

        def get(url: str = url, label: str = label) -> None:
            start = time.process_time()
            client.get(url)
            cpu.setdefault(label, []).append(time.process_time() - start)

        samples = timings(get, repeat=REPEAT)
        report(label, samples, target_p95_ms=TARGET_P95_MS)
    # On a shared, loaded machine wall time includes waiting for a core; the CPU time of
    # this process is the rendering work itself (on SQLite, the queries too).
    print("CPU time of the Django process per request:")
    for label, samples in cpu.items():
        report(label, samples[-REPEAT:])


if __name__ == "__main__":
    main(sys.argv[1:])
