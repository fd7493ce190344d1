"""Server time of the article page with 200 public annotations, and of creating an
annotation through the view (htmx POST, which also redraws the text and panel).

    python -m bench.bench_annotations [N]    # N annotations on the article, default 200

Uses bench/out/annotations.sqlite3 (or DATABASE_URL), rebuilt on every run.
Targets: p95 < 25 ms for both on SQLite. Also reports the 1-annotation page for
the ratio, and the rendering function alone.
"""

from __future__ import annotations

import os
import sys
import uuid

from bench.common import OUT, report, setup_django, timings

TARGET_P95_MS = 25.0
REPEAT = 200
PARAGRAPH = (
    "قال وزيرُ الاقتصادِ إن النموّ بلغ ثلاثة بالمئة هذا العام، وأضاف أن الحكومة ستواصل "
    "الإصلاحات الضريبية وتدعم الصادرات الصناعية والزراعية، مشيرًا إلى أن البطالة تراجعت."
)
KINDS = ["highlight", "comment", "quote", "claim"]


def build(n: int):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from annotations.models import Annotation, Reply
    from articles.models import Article, Publisher, Section

    User = get_user_model()
    with transaction.atomic():
        Annotation.objects.all().delete()
        Article.objects.all().delete()
        User.objects.all().delete()
        section = Section.objects.get_or_create(name="اقتصاد")[0]
        publisher = Publisher.objects.get_or_create(name="الناشر التجريبي")[0]
        users = [User.objects.create_user(f"reader{i}", password=None) for i in range(20)]
        body = "\n\n".join(PARAGRAPH for _ in range(12))

        def article(title: str) -> Article:
            return Article.objects.create(
                title=title, section=section, publisher=publisher,
                published_at=timezone.now(), body=body,
            )  # fmt: skip

        crowded = article("مقال مزدحم")
        quiet = article("مقال هادئ")
        target = article("مقال للكتابة")
        words = [(m, m + len(w)) for m, w in _word_spans(body)]
        made = []
        for i in range(n):
            start = words[(i * 7) % len(words)][0]
            end = words[min(len(words) - 1, (i * 7) % len(words) + i % 6)][1]
            made.append(
                Annotation(
                    article=crowded,
                    author=users[i % len(users)],
                    kind=KINDS[i % 4],
                    visibility="public",
                    comment=f"تعليق رقم {i}" if i % 2 else "",
                    tags=["اقتصاد"] if i % 3 == 0 else [],
                    start=start,
                    end=end,
                    exact=body[start:end],
                    prefix=body[max(0, start - 32) : start],
                    suffix=body[end : end + 32],
                    text_version=1,
                    anchored_version=1,
                )
            )
        Annotation.objects.bulk_create(made)
        one = words[3]
        Annotation.objects.create(
            article=quiet, author=users[0], kind="claim", start=one[0], end=one[1],
            exact=body[one[0] : one[1]], text_version=1, anchored_version=1,
        )  # fmt: skip
        Reply.objects.bulk_create(
            Reply(annotation=a, author=users[(k + 1) % len(users)], body="رد")
            for k, a in enumerate(Annotation.objects.filter(article=crowded)[: n // 4])
        )
    return crowded, quiet, target, users[0], words


def _word_spans(text: str):
    import re

    return [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 200
    if "DATABASE_URL" not in os.environ:
        # A fresh SQLite file each run: other apps' migrations change between runs.
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"annotations.sqlite3{suffix}").unlink(missing_ok=True)
    setup_django("annotations")
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from annotations.models import Annotation
    from annotations.rendering import Span, render_paragraphs

    crowded, quiet, target, author, words = build(n)
    settings.DEBUG = False  # production: no query log
    print(f"{connection.vendor}, {Annotation.objects.filter(article=crowded).count()} annotations "
          f"on the crowded article, {REPEAT} requests each")  # fmt: skip

    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(author)
    for label, client, article in [
        ("article page, 1 annotation (anonymous)", anonymous, quiet),
        (f"article page, {n} annotations (anonymous)", anonymous, crowded),
        (f"article page, {n} annotations (signed in)", signed_in, crowded),
    ]:
        url = article.get_absolute_url()
        assert client.get(url).status_code == 200
        report(label, timings(lambda url=url, c=client: c.get(url), repeat=REPEAT),
               target_p95_ms=TARGET_P95_MS if n <= 200 else None)  # fmt: skip

    spans = [Span(a.pk, a.start, a.end, a.kind) for a in Annotation.objects.filter(article=crowded)]
    report(f"render_paragraphs alone, {n} spans",
           timings(lambda: render_paragraphs(crowded.body, spans), repeat=REPEAT))  # fmt: skip

    # Creating: each request is a new annotation (fresh client key) on an article
    # that grows as we go, so later requests redraw more marks.
    url = f"/articles/{target.pk}/annotations/"
    body = target.body
    counter = iter(range(10**9))

    def create():
        i = next(counter)
        start, end = words[(i * 5) % len(words)]
        response = signed_in.post(
            url,
            {
                "kind": KINDS[i % 4], "visibility": "public", "comment": f"تعليق {i}",
                "tags": "", "start": start, "end": end, "exact": body[start:end],
                "prefix": body[max(0, start - 32) : start], "suffix": body[end : end + 32],
                "client_key": str(uuid.uuid4()),
            },
            headers={"HX-Request": "true"},
        )  # fmt: skip
        assert response.status_code == 200, response.content[:300]

    report("create annotation via the view (htmx)", timings(create, repeat=REPEAT),
           target_p95_ms=TARGET_P95_MS)  # fmt: skip
    print(f"(the article had {Annotation.objects.filter(article=target).count()} annotations "
          "by the end of the create run)")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
