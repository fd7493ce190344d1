"""Fixtures for the newsroom: readers, editors, staff and claim/quote annotations."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from tests import factories
from tests.factories import make_annotation, make_editor


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
