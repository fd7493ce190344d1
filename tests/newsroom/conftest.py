"""Fixtures for the newsroom: readers, editors, staff and claim/quote annotations."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from annotations.models import Annotation
from newsroom import services
from newsroom.models import ClaimReview, Verdict
from tests import factories
from tests.factories import make_annotation, make_editor

CAIRO = ZoneInfo("Africa/Cairo")


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


@pytest.fixture
def evidence(claim, editor):
    return services.evidence_add(
        annotation=claim, editor=editor, title="مصدر أول", url="https://a.example/"
    )


@pytest.fixture
def queue_data(db):
    """Claims across two sections/publishers, dates and statuses."""
    politics, economy = factories.make_section("سياسة"), factories.make_section("اقتصاد")
    pub_a, pub_b = factories.make_publisher("الأهرام"), factories.make_publisher("الشروق")
    a1 = factories.make_article(section=politics, publisher=pub_a, title="مقال أ")
    a2 = factories.make_article(section=economy, publisher=pub_b, title="مقال ب")
    sara = make_editor("sara")
    claims = {}
    for name, article, day, status, verdict, assignee in [
        ("c1", a1, 1, "unreviewed", None, None),
        ("c2", a1, 5, "in_review", None, sara),
        ("c3", a2, 10, "reviewed", Verdict.FALSE, sara),
        ("c4", a2, 20, "reviewed", Verdict.TRUE, None),
    ]:
        annotation = make_annotation(article=article)
        ClaimReview.objects.filter(annotation=annotation).update(
            status=status,
            verdict=verdict,
            assignee=assignee,
            claimed_at=datetime(2024, 3, day, 12, 0, tzinfo=CAIRO),
        )
        claims[name] = annotation.pk
    return {"claims": claims, "politics": politics, "pub_b": pub_b, "sara": sara}
