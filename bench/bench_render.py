"""CPU time of the uncached renders issue 16 sets targets for: the article page with 200
annotations, and the claims queue of an editor (25 rows).

    python -m bench.bench_render [--repeat R] [--claims C] [--profile LABEL]

Uses bench/out/render.sqlite3 (or DATABASE_URL), filled once by bench_http's data
(500 articles; annotations of every kind on three of them, claims reviewed with
verdicts so the JSON-LD is drawn, quotes attributed to speakers) plus replies on a
quarter of the crowded article's annotations. Each page is requested in-process through
django.test.Client; the figure is this process's CPU time (time.process_time), robust
to other work on a shared machine (not to all of it: two busy cores still slow each
other), as median and p95 over R requests. Targets: article <= 12 ms, queue <= 20 ms
(medians). Also the article's first render after a change (marks and reviews, kept per
version, drawn and read again).
"""

from __future__ import annotations

import argparse
import time

from bench.common import report, setup_django, summary

ARTICLE_TARGET_MS = 12.0
QUEUE_TARGET_MS = 20.0


def _replies(article, authors) -> None:
    from annotations.models import Annotation, Reply

    if Reply.objects.filter(annotation__article=article).exists():
        return
    public = Annotation.objects.filter(article=article, visibility="public").order_by("pk")
    Reply.objects.bulk_create(
        Reply(annotation=a, author=authors[k % len(authors)], body=f"رد رقم {k}")
        for k, a in enumerate(public[: public.count() // 4])
    )


def cpu_samples(fn, *, repeat: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return samples


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--profile", help="profile the page whose label contains this")
    args = parser.parse_args(argv)

    setup_django("render")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from bench import bench_http

    bench_http.fill(500)
    newest = Article.objects.published().order_by("-published_at", "-id")
    plain, some, crowded = (newest[500 // 3 + i] for i in range(3))
    bench_http.annotate([(plain, 0), (some, 50), (crowded, 200)], args.claims)
    User = get_user_model()
    _replies(crowded, list(User.objects.filter(username__startswith="bench-author")))
    settings.DEBUG = False  # production: no query log

    anonymous = Client()
    editor = Client()
    editor.force_login(User.objects.get(username=bench_http.EDITOR))
    own = Client()  # the reader with private notes on the article: a render of their own
    own.force_login(User.objects.get(username=bench_http.READER))
    # Any query string bypasses the anonymous page cache (core.pagecache): the render.
    url = crowded.get_absolute_url()
    pages = {
        "article 200 uncached (anonymous)": (anonymous, url + "?render=1", ARTICLE_TARGET_MS),
        "article 200, reader with own notes": (own, url, None),
        "article 200, editor": (editor, url, None),
        "claims queue (editor, 25 rows)": (editor, "/editor/claims/", QUEUE_TARGET_MS),
    }
    print(
        f"{connection.vendor}, {Article.objects.count():,} articles, "
        f"{args.repeat} requests per page"
    )
    print("CPU time of the Django process per request:")
    for label, (client, path, target) in pages.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if args.profile and args.profile in label:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            for _ in range(50):
                client.get(path)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(60)
            pstats.Stats(profile).sort_stats("tottime").print_stats(40)
            continue
        samples = cpu_samples(lambda c=client, p=path: c.get(p), repeat=args.repeat)
        report(label, samples)
        if target is not None:
            median = summary(samples)["median_ms"]
            print(f"  target median <= {target:g} ms: {'met' if median <= target else 'MISSED'}")
    # The marks and the published reviews are kept per version (reading.panel,
    # newsroom.cards): the first render after a change draws and reads them again.
    from django.core.cache import cache

    cold = []
    for _ in range(args.repeat):
        cache.clear()
        start = time.process_time()
        anonymous.get(url + "?render=1")
        cold.append(time.process_time() - start)
    report("article 200 uncached, caches cold (first render)", cold)


if __name__ == "__main__":
    main()
