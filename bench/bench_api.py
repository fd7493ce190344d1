"""The annotation API: a protocol container page of 100 annotations, and search queries
over 100,000 annotations (filters, the Arabic-aware q, tags).

    python -m bench.bench_api [N]    # N annotations in all, default 100,000

Uses bench/out/api.sqlite3 (or DATABASE_URL, e.g. PostgreSQL), rebuilt on every run.
Target: p95 < 50 ms for each on SQLite and PostgreSQL. Also prints the queries each
request makes with 10 and with 100 annotations on the page (they must be equal).
"""

from __future__ import annotations

import sys

from bench.common import report, setup_django, timings

TARGET_P95_MS = 50.0
REPEAT = 100
WORDS = [
    "قال",
    "وزير",
    "الاقتصاد",
    "إن",
    "النمو",
    "بلغ",
    "ثلاثة",
    "بالمئة",
    "هذا",
    "العام",
    "وأضاف",
    "أن",
    "الحكومة",
    "ستواصل",
    "الإصلاحات",
    "الضريبية",
    "وتدعم",
    "الصادرات",
    "الصناعية",
    "والزراعية",
    "مشيرا",
    "إلى",
    "أن",
    "البطالة",
    "تراجعت",
]
KINDS = ["highlight", "comment", "quote", "claim"]


def build(n: int) -> tuple[int, int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from annotations.models import Annotation
    from articles.models import Article, Publisher, Section
    from newsroom.models import ClaimReview
    from search.index import rebuild_annotations

    User = get_user_model()
    body = " ".join(WORDS)
    spans, at = [], 0
    for word in WORDS:
        spans.append((at, at + len(word)))
        at += len(word) + 1
    with transaction.atomic():
        Annotation.objects.all().delete()
        Article.objects.all().delete()
        User.objects.all().delete()
        section = Section.objects.get_or_create(name="اقتصاد")[0]
        publisher = Publisher.objects.get_or_create(name="الناشر التجريبي")[0]
        users = [User(username=f"reader{i}") for i in range(50)]
        User.objects.bulk_create(users)
        users = list(User.objects.order_by("id"))
        articles = Article.objects.bulk_create(
            [
                Article(
                    title=f"مقال {i}",
                    slug=f"a{i}",
                    section=section,
                    publisher=publisher,
                    published_at=timezone.now(),
                    body=body,
                    status="published",
                )
                for i in range(n // 100)
            ]
        )
        rows = []
        for i in range(n):
            start, end = spans[i % len(spans)]
            rows.append(
                Annotation(
                    article=articles[i // 100],
                    author=users[i % len(users)],
                    kind=KINDS[i % 4],
                    visibility="private" if i % 10 == 0 else "public",
                    comment=f"تعليق رقم {i} عن {WORDS[(i * 7) % len(WORDS)]}",
                    tags=["اقتصاد"] if i % 5 == 0 else [],
                    start=start,
                    end=end,
                    exact=body[start:end],
                    prefix=body[max(0, start - 32) : start],
                    suffix=body[end : end + 32],
                    text_version=1,
                    anchored_version=1,
                )
            )
            if len(rows) == 5000:
                Annotation.objects.bulk_create(rows)
                rows = []
        Annotation.objects.bulk_create(rows)
        claims = Annotation.objects.filter(kind="claim").select_related("article")
        ClaimReview.objects.bulk_create(
            [
                ClaimReview(
                    annotation=c,
                    article_id=c.article_id,
                    claimed_at=c.created,
                    section_id=section.pk,
                    publisher_id=publisher.pk,
                    in_queue=c.visibility == "public",
                )
                for c in claims.iterator(chunk_size=5000)
            ],
            batch_size=5000,
        )
    rebuild_annotations()
    return articles[0].pk, users[1].pk


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 100_000
    setup_django("api")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    print(f"building {n:,} annotations …", flush=True)
    article_pk, _user = build(n)
    print(f"database: {connection.vendor}", flush=True)
    client = Client()

    def get(url: str):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])

        return run

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        return len(captured)

    page = f"/api/articles/{article_pk}/annotations/?page=0"
    cases = [
        ("container page (90 visible of 100 on one article)", page),
        ("container description (first page embedded)", f"/api/articles/{article_pk}/annotations/"),
        ("search: newest first over all", "/api/search"),
        ("search: kind=claim", "/api/search?kind=claim"),
        ("search: user=reader1", "/api/search?user=reader1"),
        ("search: tag=اقتصاد", "/api/search?tag=%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF"),
        ("search: q=البطالة", "/api/search?q=%D8%A7%D9%84%D8%A8%D8%B7%D8%A7%D9%84%D8%A9"),
        ("search: status=unreviewed", "/api/search?status=unreviewed"),
    ]
    for label, url in cases:
        report(label, timings(get(url), repeat=REPEAT), target_p95_ms=TARGET_P95_MS)
    few = queries("/api/search?limit=10")
    many = queries("/api/search?limit=100")
    print(f"queries per search page: {few} with 10 items, {many} with 100 items", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
