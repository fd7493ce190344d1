"""Small factories for tests: each makes one valid object and takes overrides."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from annotations import services as annotations_services
from annotations.models import Annotation
from articles.models import Article, Publisher, Section
from newsroom import services as newsroom_services
from newsroom.models import Speaker
from newsroom.permissions import EDITORS_GROUP

_counter = itertools.count(1)
CAIRO = ZoneInfo("Africa/Cairo")


def make_section(name: str | None = None) -> Section:
    name = name or f"قسم {next(_counter)}"
    return Section.objects.get_or_create(name=name)[0]


def make_publisher(name: str | None = None) -> Publisher:
    name = name or f"ناشر {next(_counter)}"
    return Publisher.objects.get_or_create(name=name)[0]


def make_article(**overrides) -> Article:
    n = next(_counter)
    fields = {
        "title": f"عنوان الخبر رقم {n}",
        "caption": "صورة من موقع الحدث",
        "published_at": datetime(2022, 2, 1, 21, 14, tzinfo=CAIRO),
        "body": "الفقرة الأولى من الخبر تتحدث عن الاقتصاد.\n\nالفقرة الثانية تذكر التفاصيل.",
        "status": Article.Status.PUBLISHED,
    }
    fields.update(overrides)
    if "section" not in fields:
        fields["section"] = make_section()
    if "publisher" not in fields:
        fields["publisher"] = make_publisher()
    return Article.objects.create(**fields)


def make_user(username: str | None = None, *, password: str = "pass-1234-word", **extra):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_editor(username: str | None = None, **extra):
    user = make_user(username or f"editor{next(_counter)}", **extra)
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


def make_annotation(
    *,
    article=None,
    author=None,
    kind: str = Annotation.Kind.CLAIM,
    exact: str | None = None,
    visibility: str = Annotation.Visibility.PUBLIC,
    **extra,
) -> Annotation:
    """An annotation on a real passage of the article (offsets match ``exact``)."""
    article = article or make_article()
    author = author or make_user()
    exact = exact or article.paragraphs[0].split()[0]
    start = article.body.index(exact)
    annotation = Annotation.objects.create(
        article=article,
        author=author,
        kind=kind,
        visibility=visibility,
        exact=exact,
        start=start,
        end=start + len(exact),
        text_version=article.text_version,
        anchored_version=article.text_version,
        **extra,
    )
    # What the site's services do after every annotation write (a claim's queue row,
    # the indexed copy of the tags).
    newsroom_services.claim_queue_sync(annotation=annotation)
    annotations_services.annotation_tags_sync(annotation=annotation)
    return annotation


def make_speaker(name: str = "أحمد علي", **extra) -> Speaker:
    return Speaker.objects.create(name=name, **extra)


def annotate(article, author, phrase: str, *, kind="highlight", visibility="public", **extra):
    """An annotation made through the service, as the browser would: on ``phrase``."""
    start = article.body.index(phrase)
    annotation, _ = newsroom_services.annotation_create(
        article=article,
        author=author,
        kind=kind,
        visibility=visibility,
        start=start,
        end=start + len(phrase),
        exact=phrase,
        **extra,
    )
    return annotation
