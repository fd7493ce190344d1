"""The annotation API: a protocol container page of 100 annotations, and search queries
over 100,000 annotations (filters, the Arabic-aware q, tags).

    python -m bench.bench_api [N] [--keep]    # N annotations in all, default 100,000

--keep reuses the last run's database when it holds N annotations (otherwise rebuilt).
"count not cached" lines forget the search API's cached counts before every request,
as any write does: the cost of the first request after a change.

Uses bench/out/api.sqlite3 (or DATABASE_URL, e.g. PostgreSQL).
Target: p95 < 50 ms for each on SQLite and PostgreSQL. Also prints the queries each
request makes with 10 and with 100 annotations on the page (they must be equal).
"""

from __future__ import annotations

import sys
import time

from bench.common import report, setup_django

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
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from annotations.models import Annotation, AnnotationTag, tag_digest
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
        # One annotation a minute, newest last, so since/until select a real range
        # (created is auto_now_add: bulk_create would stamp them all with the same time).
        created_field = Annotation._meta.get_field("created")
        created_field.auto_now_add = False  # type: ignore[attr-defined]
        first = timezone.now() - dt.timedelta(minutes=n)
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
                    created=first + dt.timedelta(minutes=i),
                )
            )
            if len(rows) == 5000:
                Annotation.objects.bulk_create(rows)
                rows = []
        Annotation.objects.bulk_create(rows)
        created_field.auto_now_add = True  # type: ignore[attr-defined]
        # The indexed copy of the tags, as annotations.services.annotation_tags_sync keeps it.
        tagged = Annotation.objects.order_by("pk").values_list("pk", "tags")
        AnnotationTag.objects.bulk_create(
            [
                AnnotationTag(annotation_id=pk, tag=tag, digest=tag_digest(tag))
                for pk, tags in tagged.iterator(chunk_size=5000)
                for tag in tags
            ],
            batch_size=5000,
        )
        claims = Annotation.objects.filter(kind="claim").order_by("pk")
        # A third of the claims reviewed (verdicts 1..5 in turn), a third in review.
        ClaimReview.objects.bulk_create(
            [
                ClaimReview(
                    annotation=c,
                    article_id=c.article_id,
                    claimed_at=c.created,
                    section_id=section.pk,
                    publisher_id=publisher.pk,
                    in_queue=c.visibility == "public",
                    status=("reviewed", "in_review", "unreviewed")[j % 3],
                    verdict=(j // 3) % 5 + 1 if j % 3 == 0 else None,
                )
                for j, c in enumerate(claims.only("pk", "article_id", "created", "visibility"))
            ],
            batch_size=5000,
        )
    rebuild_annotations()
    return articles[0].pk, users[1].pk


def _timed(fn) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU time of each run. On a machine shared with
    others the wall clock also counts the time spent waiting for a core; the CPU time
    does not (nor, on PostgreSQL, the server's own time)."""
    for _ in range(3):
        fn()
    wall, cpu = [], []
    for _ in range(REPEAT):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return wall, cpu


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main(argv: list[str]) -> int:
    keep = "--keep" in argv  # reuse the database of the last run if it has N annotations
    argv = [a for a in argv if a != "--keep"]
    n = int(argv[0]) if argv else 100_000
    setup_django("api")
    from urllib.parse import quote

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Annotation
    from api.queries import SEARCH_COUNTS

    if keep and Annotation.objects.count() == n:
        from articles.models import Article

        article_pk = Article.objects.order_by("pk").values_list("pk", flat=True)[0]
        print(f"reusing {n:,} annotations", flush=True)
    else:
        print(f"building {n:,} annotations …", flush=True)
        article_pk, _user = build(n)
    _analyze()
    print(f"database: {connection.vendor}", flush=True)
    client = Client()
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(username="reader1"))

    def get(url: str, *, by: Client = client, cold: bool = False):
        def run():
            if cold:
                SEARCH_COUNTS.forget()  # as after any write: the count is made again
            response = by.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])

        return run

    def queries(url: str) -> int:
        SEARCH_COUNTS.forget()  # counted afresh each time (a cached total saves one query)
        with CaptureQueriesContext(connection) as captured:
            get(url)()
        return len(captured)

    tag = quote("اقتصاد")
    q = quote("البطالة")
    newest = Annotation.objects.order_by("-created").values_list("created", flat=True)[0]
    week = (newest.date().toordinal() - 7, newest.date().toordinal() - 1)
    import datetime as dt

    since, until = (dt.date.fromordinal(d).isoformat() for d in week)
    second = client.get("/api/search?kind=claim").json()["next"]
    page = f"/api/articles/{article_pk}/annotations/?page=0"
    cases = [
        ("container page (90 visible of 100 on one article)", page, {}),
        ("container description (first page embedded)", f"/api/articles/{article_pk}/annotations/", {}),
        ("search: no filter, newest first", "/api/search", {}),
        ("search: no filter, count not cached", "/api/search", {"cold": True}),
        ("search: no filter, signed in", "/api/search", {"by": signed_in}),
        ("search: kind=claim", "/api/search?kind=claim", {}),
        ("search: kind=claim, count not cached", "/api/search?kind=claim", {"cold": True}),
        ("search: kind=claim, its next page (keyset)", second, {}),
        ("search: tag=اقتصاد", f"/api/search?tag={tag}", {}),
        ("search: tag=اقتصاد, count not cached", f"/api/search?tag={tag}", {"cold": True}),
        ("search: status=reviewed", "/api/search?status=reviewed", {}),
        ("search: status=reviewed, count not cached", "/api/search?status=reviewed", {"cold": True}),
        ("search: verdict=2", "/api/search?verdict=2", {}),
        ("search: verdict=2, count not cached", "/api/search?verdict=2", {"cold": True}),
        ("search: user=reader1", "/api/search?user=reader1", {}),
        ("search: user=reader1, count not cached", "/api/search?user=reader1", {"cold": True}),
        ("search: article=<first>", f"/api/search?article={article_pk}", {}),
        (f"search: since={since}&until={until}", f"/api/search?since={since}&until={until}", {}),
        ("search: since/until, count not cached", f"/api/search?since={since}&until={until}", {"cold": True}),
        ("search: q=البطالة", f"/api/search?q={q}", {}),
        ("search: q=البطالة, count not cached", f"/api/search?q={q}", {"cold": True}),
    ]  # fmt: skip
    for label, url, how in cases:
        wall, cpu = _timed(get(url, **how))
        report(label, wall, target_p95_ms=TARGET_P95_MS)
        report("  the same, this process's CPU time", cpu)
    for filters in ("", "&kind=claim", f"&tag={tag}", "&status=reviewed", "&user=reader1"):
        few = queries("/api/search?limit=10" + filters)
        many = queries("/api/search?limit=100" + filters)
        print(f"queries per search page{filters or ''}: {few} with 10 items, {many} with 100")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
