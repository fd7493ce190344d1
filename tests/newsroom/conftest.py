"""Fixtures for the newsroom: readers, editors, staff and claim/quote annotations."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import Group

from annotations.models import Annotation
from newsroom.models import EDITORS_GROUP, Speaker
from tests import factories

_counter = itertools.count(1)


def make_editor(username: str | None = None, **extra):
    user = factories.make_user(username or f"editor{next(_counter)}", **extra)
    user.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    return user


def make_annotation(
    *, article=None, author=None, kind: str = Annotation.Kind.CLAIM, exact: str | None = None,
    visibility: str = Annotation.Visibility.PUBLIC, **extra,
) -> Annotation:
    """An annotation on a real passage of the article (offsets match ``exact``)."""
    article = article or factories.make_article()
    author = author or factories.make_user()
    exact = exact or article.paragraphs[0].split()[0]
    start = article.body.index(exact)
    return Annotation.objects.create(
        article=article, author=author, kind=kind, visibility=visibility, exact=exact,
        start=start, end=start + len(exact), text_version=article.text_version,
        anchored_version=article.text_version, **extra,
    )


def make_speaker(name: str = "أحمد علي", **extra) -> Speaker:
    return Speaker.objects.create(name=name, **extra)


@pytest.fixture
def reader(db):
    return factories.make_user("reader")


@pytest.fixture
def editor(db):
    return make_editor("editor")


@pytest.fixture
def staff(db):
    return factories.make_user("moderator", is_staff=True, is_superuser=True)


@pytest.fixture
def claim(db, article):
    return make_annotation(article=article, exact="الفقرة الأولى من الخبر")


@pytest.fixture
def quote(db, article):
    return make_annotation(article=article, kind=Annotation.Kind.QUOTE, exact="تتحدث عن الاقتصاد")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Many users per test; the production hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
