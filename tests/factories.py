"""Small factories for tests: each makes one valid object and takes overrides."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from articles.models import Article, Publisher, Section

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
    fields.setdefault("section", make_section())
    fields.setdefault("publisher", make_publisher())
    return Article.objects.create(**fields)


def make_user(username: str | None = None, *, password: str = "pass-1234-word", **extra):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)
