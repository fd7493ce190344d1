"""HTTP benchmark of the production set-up: gunicorn (DEBUG off) driven by wrk.

    python -m bench.bench_http [N] [--rounds R] [--seconds S] [--connections C]

Fills bench/out/http.sqlite3 (or DATABASE_URL; its name must contain "bench") with N
articles (default 100,000; 1,000,000 works) by SQL copies: 500 articles written
through the ORM, then doubled with INSERT ... SELECT until N, each copy shifted in
time. An editor's choice of featured articles: the newest one in each section
(8 at most), as the admin's "feature" action leaves them, never every k-th row.

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


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float, int]:
    """Requests/s, median latency (ms), requests."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    m = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    latency = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    if "Non-2xx" in out:
        raise SystemExit(f"{url}: non-2xx responses\n{out}")
    return rps, latency, requests


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="HTTP benchmark against the static ceiling")
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)

    setup_django("http")
    from django.conf import settings
    from django.db import connection

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name and "http" not in name:
        raise SystemExit(f"refusing to fill {name!r}: the database name must contain 'bench'")
    fill(args.n)
    from articles.models import Article, Section

    article = Article.objects.published().order_by("-published_at")[args.n // 3]
    section = Section.objects.get(name="رياضة")
    pages = {
        "home": "/",
        "list": "/articles/",
        "list page 2000": "/articles/?page=2000",
        "section": section.get_absolute_url(),
        "article": article.get_absolute_url(),
        # Any query string bypasses the anonymous page cache (core.pagecache): the render.
        "article uncached": article.get_absolute_url() + "?render=1",
    }
    print(f"{connection.vendor}, {Article.objects.count():,} articles", flush=True)
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
    with tempfile.TemporaryDirectory() as tmp:
        # Silence the access log: writing it is not what is measured.
        env["GUNICORN_CMD_ARGS"] = "--access-logfile /dev/null"
        server = Server(env, port, tmp)
        for label, url in pages.items():
            body = urllib.request.urlopen(server.url + url, timeout=30).read()
            (static_root / f"{label.replace(' ', '-')}.html").write_bytes(body)
        server.stop()
        server = Server(env, port, tmp)  # whitenoise indexes STATIC_ROOT at start
        try:
            for url in pages.values():  # warm up: every worker has served every page
                wrk(server.url + url, 1, args.connections)
            results: dict[str, dict[str, list[float]]] = {}
            for _ in range(args.rounds):
                for label, url in pages.items():
                    static_url = f"/static/{STATIC_DIR}/{label.replace(' ', '-')}.html"
                    s_rps, _, _ = wrk(server.url + static_url, args.seconds, args.connections)
                    cpu0 = server.cpu_seconds()
                    rps, lat, requests = wrk(server.url + url, args.seconds, args.connections)
                    cpu = (server.cpu_seconds() - cpu0) / requests * 1000
                    r = results.setdefault(label, {})
                    for key, value in [
                        ("rps", rps),
                        ("lat", lat),
                        ("static_rps", s_rps),
                        ("ratio", rps / s_rps),
                        ("cpu", cpu),
                    ]:
                        r.setdefault(key, []).append(value)
        finally:
            server.stop()
            shutil.rmtree(static_root, ignore_errors=True)

    def p95(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    print(
        f"{args.rounds} interleaved rounds of {args.seconds:g} s, wrk -c{args.connections}, "
        f"{env['GUNICORN_WORKERS']} gunicorn workers; medians over rounds (p95 in brackets)"
    )
    print(
        f"{'page':<16} {'req/s':>14} {'static req/s':>14} {'ratio':>14} "
        f"{'latency ms':>14} {'CPU ms/req':>14}"
    )

    def cell(values: list[float], fmt: str) -> str:
        return f"{format(statistics.median(values), fmt)} ({format(p95(values), fmt)})"

    for label, r in results.items():
        print(
            f"{label:<16} {cell(r['rps'], '.0f'):>14} {cell(r['static_rps'], '.0f'):>14} "
            f"{cell(r['ratio'], '.3f'):>14} {cell(r['lat'], '.1f'):>14} {cell(r['cpu'], '.1f'):>14}"
        )


if __name__ == "__main__":
    main()
