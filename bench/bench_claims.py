"""Server time of the claims queue (/editor/claims/) with 100,000 claims, for every
single filter, the per-status counts and paging included; and its query count.

    python -m bench.bench_claims [N]    # N claims, default 100000

Uses bench/out/claims.sqlite3 (or DATABASE_URL), rebuilt only when N changes.
Target: p95 < 50 ms for any single filter. Each filter is timed with the counts
computed (cache cleared before each request: a first visit, or the first after a
change) and taken from the cache (repeat visits). Also reports the CSV export of a
narrow filter and the speakers index.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bench.common import report, setup_django, summary, timings

TARGET_P95_MS = 50.0
REPEAT = 60
SECTIONS = 8
PUBLISHERS = 5
ARTICLES = 5000
EDITORS = 6
BODY = (
    "قال المتحدث إن معدل النمو بلغ ثلاثة بالمئة هذا العام وإن البطالة تراجعت إلى النصف.\n\n"
    "وأكد خبراء مستقلون أن الأرقام تحتاج إلى مراجعة دقيقة قبل البناء عليها."
)
EXACT = "معدل النمو بلغ ثلاثة بالمئة"


def build(n: int):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from annotations.models import Annotation
    from articles.models import Article, Publisher, Section
    from newsroom.models import ClaimReview, QuoteAttribution, Speaker
    from newsroom.permissions import EDITORS_GROUP

    User = get_user_model()
    editor = User.objects.filter(username="editor0").first()
    if editor is not None and ClaimReview.objects.count() == n:
        return editor  # Same size as last run: reuse the database.
    # (A rebuild: delete bench/out/claims.sqlite3 or drop the PostgreSQL database.)
    rng = random.Random(4)
    cairo = ZoneInfo("Africa/Cairo")
    start = datetime(2022, 1, 1, tzinfo=cairo)
    with transaction.atomic():
        for model in (
            QuoteAttribution,
            Speaker,
            ClaimReview,
            Annotation,
            Article,
            Section,
            Publisher,
        ):
            model.objects.all().delete()
        User.objects.all().delete()
        group = Group.objects.get_or_create(name=EDITORS_GROUP)[0]
        editors = [User.objects.create_user(f"editor{i}", password=None) for i in range(EDITORS)]
        for e in editors:
            e.groups.add(group)
        authors = [User.objects.create_user(f"reader{i}", password=None) for i in range(50)]
        sections = Section.objects.bulk_create(
            Section(name=f"قسم {i}", slug=f"s{i}") for i in range(SECTIONS)
        )
        publishers = Publisher.objects.bulk_create(
            Publisher(name=f"ناشر {i}", slug=f"p{i}") for i in range(PUBLISHERS)
        )
        # bulk_create skips Article.save(): the body is already canonical.
        articles = Article.objects.bulk_create(
            Article(
                title=f"خبر رقم {i}",
                slug=f"khabar-{i}",
                section=sections[i % SECTIONS],
                publisher=publishers[i % PUBLISHERS],
                body=BODY,
                published_at=start + timedelta(hours=6 * i),
            )
            for i in range(ARTICLES)
        )
        offset = BODY.index(EXACT)
        annotations = []
        for i in range(n):
            annotations.append(
                Annotation(
                    article=articles[rng.randrange(ARTICLES)],
                    author=authors[i % len(authors)],
                    kind="claim",
                    visibility="private" if i % 50 == 0 else "public",
                    start=offset,
                    end=offset + len(EXACT),
                    exact=EXACT,
                    text_version=1,
                    anchored_version=1,
                )
            )
        # bulk_create skips newsroom.services.claim_queue_sync: the review rows are made here.
        Annotation.objects.bulk_create(annotations, batch_size=5000)
        statuses = ["unreviewed"] * 6 + ["in_review"] * 2 + ["reviewed"] * 2
        reviews = []
        reviewed: list[int] = []
        for i, a in enumerate(annotations):
            status = rng.choice(statuses)
            # One claim in 30 repeats an earlier reviewed one ("checked before").
            earlier = rng.choice(reviewed) if reviewed and i % 30 == 7 else None
            reviews.append(
                ClaimReview(
                    annotation=a,
                    article_id=a.article_id,
                    in_queue=a.visibility == "public",
                    section_id=a.article.section_id,
                    publisher_id=a.article.publisher_id,
                    claimed_at=start + timedelta(minutes=17 * i),
                    status=status,
                    verdict=rng.randint(1, 5) if status == "reviewed" else None,
                    assignee=rng.choice([None, None, *editors]),
                    earlier_match_id=earlier,
                    top_match_id=earlier,
                    similar_count=rng.randint(1, 12) if earlier else rng.choice([0, 0, 0, 1, 2]),
                )
            )
            if status == "reviewed" and len(reviewed) < 2000:
                reviewed.append(a.pk)
        ClaimReview.objects.bulk_create(reviews, batch_size=5000)
        speakers = Speaker.objects.bulk_create(
            Speaker(name=f"متحدث {i}", normalised_name=f"متحدث {i}", search_names=f"متحدث {i}")
            for i in range(500)
        )
        QuoteAttribution.objects.bulk_create(
            QuoteAttribution(annotation=a, speaker=speakers[i % 500], attributed_by=editors[0])
            for i, a in enumerate(annotations[: n // 10])
        )
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh statistics, and on PostgreSQL a visibility map, as autovacuum would
        # leave them: index-only scans (the queue's counts) depend on it.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return editors[0]


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 100_000
    setup_django("claims")
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Publisher, Section
    from newsroom.models import ClaimReview

    editor = build(n)
    settings.DEBUG = False  # production: no query log
    reset_queries()  # the build's queries would overflow the capture below
    client = Client()
    client.force_login(editor)
    section = Section.objects.order_by("pk").first().pk
    publisher = Publisher.objects.order_by("pk").first().pk
    print(f"{connection.vendor}, {ClaimReview.objects.count()} claims, {REPEAT} requests each")

    cases = [
        ("no filter", {}),
        ("status=in_review", {"status": "in_review"}),
        ("verdict=2", {"verdict": 2}),
        ("section", {"section": section}),
        ("publisher", {"publisher": publisher}),
        ("assignee", {"assignee": editor.pk}),
        ("assignee=none", {"assignee": "none"}),
        ("date range (one month)", {"date_from": "2023-03-01", "date_to": "2023-03-31"}),
        ("sort=article", {"sort": "article"}),
        ("page 200", {"page": 200}),
        ("checked before", {"checked_before": "on"}),
        ("checked before + unreviewed", {"checked_before": "on", "status": "unreviewed"}),
        # The page's fixed cost (layout, filter form, no rows), for the ratios below.
        ("no match (empty page)", {"date_from": "2030-01-01"}),
    ]
    from django.core.cache import cache

    def uncached(params):
        cache.clear()  # the counts of long queues are cached until a claim changes
        return client.get("/editor/claims/", params)

    query_counts = set()
    medians = {}
    for label, params in cases:
        with CaptureQueriesContext(connection) as ctx:
            response = uncached(params)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)  # now: the query log is a bounded deque
        query_counts.add(queries)
        samples = timings(lambda p=params: uncached(p), repeat=REPEAT)
        medians[label] = summary(samples)["median_ms"]
        report(f"queue: {label} ({queries} queries)", samples, target_p95_ms=TARGET_P95_MS)
        report(
            "  counts cached (as on repeat visits)",
            timings(lambda p=params: client.get("/editor/claims/", p), repeat=REPEAT),
            target_p95_ms=TARGET_P95_MS,
        )
    print(f"query counts across filters, counts not cached: {sorted(query_counts)}")
    empty = medians["no match (empty page)"]
    print(
        "median / empty page median, counts not cached: "
        + ", ".join(f"{label} {value / empty:.2f}" for label, value in medians.items())
    )
    print("database time alone (counts not cached, page ids, page rows):")
    from newsroom.forms import QueueFilterForm
    from newsroom.views import queue_page

    for label, params in cases:

        def sql_only(params=params):
            form = QueueFilterForm({k: str(v) for k, v in params.items()}, editors=[])
            form.is_valid()
            cache.clear()
            return list(queue_page(form, params.get("page"))[1])

        report(f"  sql: {label}", timings(sql_only, repeat=REPEAT))

    def export():
        response = client.get("/editor/claims/export.csv", {"verdict": 2, "section": section})
        return b"".join(response.streaming_content)

    rows = export().count(b"\n") - 1
    report(f"CSV export, verdict+section ({rows} rows)", timings(export, repeat=10, warmup=1))
    report(
        "speakers index (500 speakers, counts)",
        timings(lambda: client.get("/speakers/"), repeat=REPEAT),
    )


if __name__ == "__main__":
    main(sys.argv[1:])
