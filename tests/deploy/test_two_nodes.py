"""Two app processes against one PostgreSQL and one Redis: a change made through one
is seen at once through the other (cached counts, sessions, the article page cache).

CI runs this on its PostgreSQL pass with redis-server installed and refuses a skip
(.ci/run); elsewhere it skips when PostgreSQL or Redis is not there.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests import factories
from tests.redis_server import REDIS_URL, redis_up

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pass-1234-word"


pytestmark = [
    pytest.mark.multinode,
    pytest.mark.skipif(
        "__import__('django.db').db.connection.vendor != 'postgresql'",
        reason="two app processes need a database server (PostgreSQL)",
    ),
    pytest.mark.skipif(not redis_up(), reason=f"no Redis at {REDIS_URL}"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Node:
    """One gunicorn instance of the app on a port of its own."""

    def __init__(self, env: dict[str, str], tmp: str, name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(tmp) / f"{name}.log", "w+b")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "newsreader/gunicorn.conf.py"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "GUNICORN_WORKERS": "1",
                "GUNICORN_CONTROL_SOCKET": str(Path(tmp) / f"{name}.ctl"),
            },
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def nodes(transactional_db):
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        # A prefix of this run's own: nothing left in Redis by another run is read.
        "DJANGO_CACHE_PREFIX": f"test-two-nodes-{uuid.uuid4().hex}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        started = [Node(env, tmp, "a"), Node(env, tmp, "b")]
        try:
            for node in started:
                node.wait()
            yield started
        finally:
            for node in started:
                node.stop()


class Browser:
    """One visitor's cookies, sent to both nodes (cookies are not per port)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url: str, data: dict[str, str | list[str]], *, referer: str) -> str:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, body, headers={"Referer": referer})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def last_page(html: str) -> int:
    return max(int(n) for n in re.findall(r'href="\?page=(\d+)"', html))


def test_a_change_through_one_node_shows_at_once_through_the_other(nodes) -> None:
    a, b = nodes
    # 2,001 published articles: a listing long enough for its count to be cached
    # (core.counts.CACHE_COUNTS_FROM), and 101 pages of 20 until one is unpublished.
    section, publisher = factories.make_section(), factories.make_publisher()
    newest = timezone.now() - timedelta(hours=1)
    Article.objects.bulk_create(
        Article(
            title=f"خبر رقم {i}",
            slug=f"khabar-{i}",
            section=section,
            publisher=publisher,
            published_at=newest - timedelta(minutes=i),
            body="نص الخبر.",
        )
        for i in range(2001)
    )
    chief = factories.make_user("chief", is_staff=True, is_superuser=True)
    # The app processes run the real settings: the tests' fast MD5 hasher is not in them.
    chief.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    chief.save(update_fields=["password"])

    reader = Browser()
    assert last_page(reader.get(f"{b.url}/articles/")) == 101  # counted, cached in Redis
    assert last_page(reader.get(f"{b.url}/articles/")) == 101  # from the cache

    # Sessions: signed in through A, signed in on B.
    editor = Browser()
    login = f"{a.url}/accounts/login/"
    signed_in = editor.post(
        login,
        {
            "username": "chief",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(editor.get(login)),
        },
        referer=login,
    )
    assert "chief" in signed_in  # A's page after the redirect
    assert "chief" in editor.get(f"{b.url}/")
    assert "chief" not in reader.get(f"{b.url}/")

    # Counts: an article unpublished through A's admin; B's count follows at once.
    changelist = f"{a.url}/admin/articles/article/"
    oldest = Article.objects.order_by("published_at").first()
    editor.post(
        changelist,
        {
            "action": "unpublish",
            "_selected_action": [str(oldest.pk)],
            "index": "0",
            "csrfmiddlewaretoken": csrf_token(editor.get(changelist)),
        },
        referer=changelist,
    )
    oldest.refresh_from_db()
    assert oldest.status == Article.Status.DRAFT
    assert last_page(reader.get(f"{b.url}/articles/")) == 100

    # The page cache: the anonymous article page is kept in Redis (the same ETag and
    # bytes from both nodes), and a comment posted through A shows through B at once.
    article = Article.objects.published().order_by("-published_at").first()
    page = article.get_absolute_url()

    def anonymous(node: Node) -> urllib.request.Request:
        # One public host, as behind a proxy: the page's canonical URL names it.
        return urllib.request.Request(f"{node.url}{page}", headers={"Host": "localhost"})

    with urllib.request.urlopen(anonymous(b), timeout=30) as first:
        etag, cookies = first.headers["ETag"], first.headers.get_all("Set-Cookie")
        assert "public" in first.headers["Cache-Control"]
    assert cookies is None
    with urllib.request.urlopen(anonymous(a), timeout=30) as again:
        assert again.headers["ETag"] == etag
    comment = "تعليق نشر عبر العقدة الأولى"
    editor.post(
        f"{a.url}/articles/{article.pk}/annotations/",
        {
            "start": "0",
            "end": "2",
            "exact": article.body[:2],
            "kind": "comment",
            "comment": comment,
            "visibility": "public",
            "csrfmiddlewaretoken": csrf_token(editor.get(f"{a.url}{page}")),
        },
        referer=f"{a.url}{page}",
    )
    with urllib.request.urlopen(anonymous(b), timeout=30) as after:
        assert after.headers["ETag"] != etag
        assert comment in after.read().decode()
