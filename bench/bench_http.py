"""HTTP benchmark of the production set-up: gunicorn (DEBUG off) driven by wrk.

    python -m bench.bench_http [N] [--rounds R] [--seconds S] [--connections C]

Fills bench/out/http.sqlite3 (or DATABASE_URL; its name must contain "bench") with N
articles (default 100,000; 1,000,000 works) by SQL copies: 500 articles written
through the ORM, then doubled with INSERT ... SELECT until N, each copy shifted in
time. An editor's choice of featured articles: the newest one in each section
(8 at most), as the admin's "feature" action leaves them, never every k-th row.

Then annotates three articles (0, 50 and 200 public annotations of every kind, claims
reviewed with verdicts so the JSON-LD is drawn, quotes attributed to speakers, and
private annotations of the signed-in reader), puts one claim with a review row on each
of the newest articles (``--claims``, default 20,000) for the claims queue, indexes the
search, and opens three sessions: the reader's with private notes, another reader's
without, and an editor's (their pages are measured with the session cookie).

Then starts gunicorn with newsreader/gunicorn.conf.py on a port and control socket
of its own, saves each page's response body as a static file collected into
STATIC_ROOT, restarts gunicorn so whitenoise serves those files, and runs wrk in
interleaved rounds: for each page, the static copy (the ceiling: the same bytes
through whitenoise in the same server) then the page, round after round. Printed per
page: median and p95 over rounds of requests/s and latency, the ratio of the page's
requests/s to its static copy's in the same round, and the server's CPU time per
request (utime + stime of the master and workers from /proc, over wrk's request count).

The machine is shared and noisy: compare the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from bench.common import ROOT, setup_django

SEED = 500
SECTIONS = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "عرب وعالم", "محليات", "صحة", "علوم وتكنولوجيا"]
PUBLISHERS = ["دار الهلال", "الأهرام", "الشروق", "المصري اليوم"]
STATIC_DIR = "bench-http"  # under STATIC_ROOT
CLK_TCK = os.sysconf("SC_CLK_TCK")


def fill(n: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.models import Article, Publisher, Section
    from articles.text import join_paragraphs
    from bench.generate import _paragraph

    if Article.objects.count() == n:
        print(f"reusing {n:,} articles")
        return
    import random

    rng = random.Random(16)
    start = time.perf_counter()
    with transaction.atomic():
        Article.objects.all()._raw_delete(Article.objects.db)
        sections = [Section.objects.get_or_create(name=name)[0] for name in SECTIONS]
        publishers = [Publisher.objects.get_or_create(name=name)[0] for name in PUBLISHERS]
        newest = timezone.now().replace(microsecond=0) - timedelta(hours=1)
        seed = min(n, SEED)
        Article.objects.bulk_create(
            Article(
                title=f"{SECTIONS[i % len(SECTIONS)]}: خبر رقم {i}",
                slug=f"khabar-{i}",
                caption="صورة من موقع الحدث" if i % 2 else "",
                section=sections[i % len(sections)],
                publisher=publishers[i % len(publishers)],
                # One a minute, newest first: the copies below go further back in time.
                published_at=newest - timedelta(minutes=i),
                body=join_paragraphs([_paragraph(rng) for _ in range(rng.randint(4, 7))]),
                status=Article.Status.DRAFT if i % 50 == 0 else Article.Status.PUBLISHED,
            )
            for i in range(seed)
        )
        table = Article._meta.db_table
        columns = [
            f.column
            for f in Article._meta.concrete_fields
            if f.column not in {"id", "published_at"}
        ]
        have = seed
        while have < n:
            take = min(have, n - have)
            # Copy the newest `take` rows `have` minutes further back: every copy gets a
            # new (publisher, published_at, title) identity.
            if connection.vendor == "postgresql":
                shifted = f"published_at - interval '{have} minutes'"
            else:
                shifted = f"strftime('%Y-%m-%d %H:%M:%f', published_at, '-{have} minutes')"
            cols = ", ".join(columns)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({cols}, published_at) "
                    f"SELECT {cols}, {shifted} FROM {table} "
                    f"ORDER BY published_at DESC, id DESC LIMIT {take}"
                )
            have += take
        # The editor's choice: the newest published article of each section.
        for section in sections:
            pk = (
                Article.objects.filter(section=section, status=Article.Status.PUBLISHED)
                .order_by("-published_at")
                .values_list("pk", flat=True)
                .first()
            )
            Article.objects.filter(pk=pk).update(featured=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {Article._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
    print(f"filled {Article.objects.count():,} articles in {time.perf_counter() - start:.1f} s")


KINDS = ["highlight", "comment", "quote", "claim"]
READER, EDITOR = "bench-reader", "bench-editor"
#: A reader with nothing of their own on the measured articles (the shared layer).
OTHER_READER = "bench-reader2"


def _spans(body: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, char in enumerate(body + " "):
        if char.isspace():
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    return spans


def _annotation(article, author, kind: str, start: int, end: int, **extra):
    from annotations.models import Annotation

    body = article.body
    return Annotation(
        article=article,
        author=author,
        kind=kind,
        start=start,
        end=end,
        exact=body[start:end],
        prefix=body[max(0, start - 32) : start],
        suffix=body[end : end + 32],
        text_version=article.text_version,
        anchored_version=article.text_version,
        **extra,
    )


def annotate(articles: list, claims: int) -> None:
    """The annotated articles, the claims queue, speakers and the two users (idempotent:
    kept when the reader already exists)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from annotations.models import Annotation
    from articles.models import Article
    from newsroom.models import ClaimReview, QuoteAttribution, ReviewStatus, Speaker, Verdict

    User = get_user_model()
    if User.objects.filter(username=READER).exists():
        print("reusing annotations, claims and users")
        return
    start = time.perf_counter()
    verdicts = list(Verdict)
    with transaction.atomic():
        authors = [User.objects.create_user(f"bench-author{i}", password=None) for i in range(20)]
        reader = User.objects.create_user(READER, password=None)
        editor = User.objects.create_user(EDITOR, password=None)
        editor.groups.add(Group.objects.get_or_create(name="editors")[0])
        speakers = [
            Speaker.objects.create(name=name)
            for name in ["سلمى منصور", "كريم الحسيني", "وزارة المالية"]
        ]
        made = []
        for article, count in articles:
            spans = _spans(article.body)
            for i in range(count):
                first = (i * 7) % len(spans)
                last = min(len(spans) - 1, first + i % 6)
                made.append(
                    _annotation(
                        article,
                        authors[i % len(authors)],
                        KINDS[i % 4],
                        spans[first][0],
                        spans[last][1],
                        visibility="public",
                        comment=f"تعليق رقم {i}" if i % 2 else "",
                        tags=["اقتصاد"] if i % 3 == 0 else [],
                    )
                )
            if count:
                # The signed-in reader's own private notes: never on anyone else's page.
                for i in range(5):
                    first = (i * 13 + 3) % len(spans)
                    made.append(
                        _annotation(
                            article,
                            reader,
                            "comment",
                            spans[first][0],
                            spans[first][1],
                            visibility="private",
                            comment=f"ملاحظة خاصة {i}",
                        )
                    )
        # One claim on each of the newest articles: the claims queue.
        queue_articles = list(
            Article.objects.published()
            .order_by("-published_at")
            .only("id", "body", "text_version")[:claims]
        )
        for n, article in enumerate(queue_articles):
            spans = _spans(article.body)
            first = n % max(1, len(spans) - 4)
            made.append(
                _annotation(
                    article,
                    authors[n % len(authors)],
                    "claim",
                    spans[first][0],
                    spans[first + 3][1],
                    visibility="public",
                )
            )
        Annotation.objects.bulk_create(made, batch_size=2000)
        meta = {
            a.pk: a
            for a in Article.objects.filter(pk__in={m.article_id for m in made}).only(
                "id", "section_id", "publisher_id", "published_at"
            )
        }
        reviews, attributions = [], []
        now = timezone.now()
        for n, annotation in enumerate(made):
            if annotation.kind == "claim":
                article = meta[annotation.article_id]
                reviewed = n % 3 == 0
                reviews.append(
                    ClaimReview(
                        annotation=annotation,
                        article_id=article.pk,
                        section_id=article.section_id,
                        publisher_id=article.publisher_id,
                        claimed_at=article.published_at,
                        in_queue=True,
                        status=ReviewStatus.REVIEWED if reviewed else ReviewStatus.UNREVIEWED,
                        verdict=verdicts[n % len(verdicts)] if reviewed else None,
                        rationale="تقول الأرقام الرسمية غير ذلك." if reviewed else "",
                        reviewed_at=now if reviewed else None,
                    )
                )
            public = annotation.visibility == "public"
            if public and (annotation.kind == "quote" or (annotation.kind == "claim" and n % 2)):
                attributions.append(
                    QuoteAttribution(
                        annotation=annotation,
                        speaker=speakers[n % len(speakers)],
                        attributed_by=editor,
                    )
                )
        ClaimReview.objects.bulk_create(reviews, batch_size=2000)
        QuoteAttribution.objects.bulk_create(attributions, batch_size=2000)
    print(
        f"annotated: {len(made):,} annotations, {len(reviews):,} claims, "
        f"{len(attributions):,} attributions in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    from search.index import rebuild, rebuild_annotations

    start = time.perf_counter()
    rebuild(batch_size=2000)
    rebuild_annotations(batch_size=2000)
    print(f"search index rebuilt in {time.perf_counter() - start:.1f} s", flush=True)


def session_cookie(username: str) -> str:
    """The cookies of a signed-in browser of ``username``: the session as the sign-in
    view leaves it, and the CSRF cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    # A browser sends back the CSRF cookie its first page set; without it every request
    # would make a new secret and set the cookie again.
    from django.utils.crypto import get_random_string

    csrf = get_random_string(32)
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str], port: int, tmp: str) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(Path(tmp) / "gunicorn.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "newsreader/gunicorn.conf.py"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_CONTROL_SOCKET": str(Path(tmp) / "gunicorn.ctl"),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.url + "/", timeout=5).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit(f"gunicorn did not start; see {self.log.name}") from None
                time.sleep(0.3)

    def cpu_seconds(self) -> float:
        """CPU time of the master and its workers so far."""
        pids = [self.process.pid]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLK_TCK

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def wrk(
    url: str, seconds: int, connections: int, cookie: str | None = None, *, check: bool = True
) -> tuple[float, float, int]:
    """Requests/s, median latency (ms), requests."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    latency = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    if ("Non-2xx" in out and requests) or (check and not requests):
        raise SystemExit(f"{url}: non-2xx responses\n{out}")
    return rps, latency, requests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="HTTP benchmark against the static ceiling")
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--keep-log", help="copy gunicorn's log here at the end")
    parser.add_argument(
        "--only", action="append", help="measure only the pages whose label contains this"
    )
    args = parser.parse_args(argv)

    # The server's key: the sessions opened here must be valid there.
    os.environ["DJANGO_SECRET_KEY"] = "bench-only"
    setup_django("http")
    from django.conf import settings
    from django.db import connection

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name and "http" not in name:
        raise SystemExit(f"refusing to fill {name!r}: the database name must contain 'bench'")
    fill(args.n)
    from urllib.parse import quote

    from articles.models import Article, Section
    from newsroom.models import Speaker

    newest = Article.objects.published().order_by("-published_at", "-id")
    plain, some, crowded = (newest[args.n // 3 + i] for i in range(3))
    annotate([(plain, 0), (some, 50), (crowded, 200)], args.claims)
    from django.contrib.auth import get_user_model

    get_user_model().objects.get_or_create(username=OTHER_READER)
    reader, editor = session_cookie(READER), session_cookie(EDITOR)
    other_reader = session_cookie(OTHER_READER)
    section = Section.objects.get(name="رياضة")
    speaker = Speaker.objects.get(name="سلمى منصور")
    words = crowded.body.split()
    one_word, three_words = words[4], " ".join(words[4:7])
    # label: (path, session cookie or None)
    pages: dict[str, tuple[str, str | None]] = {
        "home": ("/", None),
        "list": ("/articles/", None),
        "list page 2000": ("/articles/?page=2000", None),
        "section": (section.get_absolute_url(), None),
        "speaker": (speaker.get_absolute_url(), None),
        "article 0": (plain.get_absolute_url(), None),
        "article 50": (some.get_absolute_url(), None),
        "article 200": (crowded.get_absolute_url(), None),
        # Any query string bypasses the anonymous page cache (core.pagecache): the render.
        "article 200 uncached": (crowded.get_absolute_url() + "?render=1", None),
        # A reader with no note of their own on the article: the page kept for readers.
        "article 0 signed in": (plain.get_absolute_url(), other_reader),
        "article 50 signed in": (some.get_absolute_url(), other_reader),
        "article 200 signed in": (crowded.get_absolute_url(), other_reader),
        # The reader with 5 private notes on it: a render of their own.
        "article 200 own notes": (crowded.get_absolute_url(), reader),
        "claims queue": ("/editor/claims/", editor),
        "search 1 word": ("/search/?q=" + quote(one_word), None),
        "search 3 words": ("/search/?q=" + quote(three_words), None),
    }
    if args.only:
        pages = {k: v for k, v in pages.items() if any(o in k for o in args.only)}
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"{connection.vendor}, {Article.objects.count():,} articles, cache {cache_backend}, "
        f"sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}",
        flush=True,
    )
    connection.close()

    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DJANGO_DEBUG": "",
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "3"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    static_root = Path(settings.STATIC_ROOT) / STATIC_DIR
    shutil.rmtree(static_root, ignore_errors=True)
    static_root.mkdir(parents=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-http-") as tmp:
        # Silence the access log: writing it is not what is measured.
        env["GUNICORN_CMD_ARGS"] = "--access-logfile /dev/null"
        server = Server(env, port, tmp)
        for label, (url, cookie) in pages.items():
            fetched = urllib.request.Request(
                server.url + url, headers={"Cookie": cookie} if cookie else {}
            )
            body = urllib.request.urlopen(fetched, timeout=30).read()
            (static_root / f"{label.replace(' ', '-')}.html").write_bytes(body)
        server.stop()
        server = Server(env, port, tmp)  # whitenoise indexes STATIC_ROOT at start
        try:
            workers = int(env["GUNICORN_WORKERS"])
            for url, cookie in pages.values():  # warm up: every worker served every page
                # One at a time first: a page's first request in a worker can take
                # seconds (search), and wrk would leave a queue of them behind.
                request = urllib.request.Request(
                    server.url + url, headers={"Cookie": cookie} if cookie else {}
                )
                for _ in range(2 * workers):
                    urllib.request.urlopen(request, timeout=60).read()
                wrk(server.url + url, 1, args.connections, cookie, check=False)
            results: dict[str, dict[str, list[float]]] = {}
            for _ in range(args.rounds):
                for label, (url, cookie) in pages.items():
                    static_url = f"/static/{STATIC_DIR}/{label.replace(' ', '-')}.html"
                    cpu0 = server.cpu_seconds()
                    s_rps, _, s_requests = wrk(
                        server.url + static_url, args.seconds, args.connections
                    )
                    s_cpu = (server.cpu_seconds() - cpu0) / max(s_requests, 1) * 1000
                    cpu0 = server.cpu_seconds()
                    rps, lat, requests = wrk(
                        server.url + url, args.seconds, args.connections, cookie, check=False
                    )
                    r = results.setdefault(label, {})
                    if not requests:
                        # Slower than the round (a loaded machine): counted, not averaged.
                        r["missed"] = [*r.get("missed", []), 1.0]
                        time.sleep(2)  # let the workers drain what wrk left queued
                        continue
                    cpu = (server.cpu_seconds() - cpu0) / requests * 1000
                    if cpu < 0:
                        # A worker exited meanwhile (gunicorn's timeout): its CPU time
                        # left the sum. The round's CPU is unknown, not negative.
                        cpu = float("nan")
                    for key, value in [
                        ("rps", rps),
                        ("lat", lat),
                        ("static_rps", s_rps),
                        ("ratio", rps / s_rps),
                        ("cpu", cpu),
                        ("static_cpu", s_cpu if s_cpu >= 0 else float("nan")),
                    ]:
                        r.setdefault(key, []).append(value)
        finally:
            server.stop()
            shutil.rmtree(static_root, ignore_errors=True)
            if args.keep_log:
                shutil.copy(Path(tmp) / "gunicorn.log", args.keep_log)

    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    print(
        f"{args.rounds} interleaved rounds of {args.seconds:g} s, wrk -c{args.connections}, "
        f"{env['GUNICORN_WORKERS']} gunicorn workers; medians over rounds (p95 in brackets)"
    )
    print(
        f"{'page':<22} {'req/s':>14} {'static req/s':>14} {'ratio':>14} "
        f"{'latency ms':>14} {'CPU ms/req':>14} {'static CPU':>14}"
    )

    def cell(values: list[float], fmt: str) -> str:
        values = [v for v in values if v == v] or [float("nan")]  # drop NaN (unknown)
        return f"{format(statistics.median(values), fmt)} ({format(p95(values), fmt)})"

    for label, r in results.items():
        if "rps" not in r:
            print(f"{label:<22} no request answered within {args.seconds} s in any round")
            continue
        missed = f"  ({len(r['missed'])} rounds without an answer)" if "missed" in r else ""
        print(
            f"{label:<22} {cell(r['rps'], '.0f'):>14} {cell(r['static_rps'], '.0f'):>14} "
            f"{cell(r['ratio'], '.3f'):>14} {cell(r['lat'], '.1f'):>14} {cell(r['cpu'], '.2f'):>14}"
            f" {cell(r['static_cpu'], '.2f'):>14}{missed}"
        )


if __name__ == "__main__":
    main()
