"""Fixtures of the annotation tests, shared with the reading pages' tests (tests/reading)."""

import pytest

from annotations.models import Annotation
from tests import factories
from tests.factories import annotate

BODY = (
    "قالَ وزيرُ الاقتصادِ إن النموّ بلغ ثلاثة بالمئة هذا العام.\n\n"
    "وأضاف المتحدث أن الأسعار ستنخفض قريبًا، وهو ادعاء يحتاج إلى تحقق.\n\n"
    "واختتم الاجتماع بـــبيان مشترك."
)


@pytest.fixture
def article(db):
    return factories.make_article(body=BODY)


@pytest.fixture
def other_user(db):
    return factories.make_user()


@pytest.fixture
def make_annotation():
    return annotate


@pytest.fixture
def public_annotation(article, user) -> Annotation:
    return annotate(article, user, "ثلاثة بالمئة", kind="claim", comment="رقم يحتاج مصدرًا")


@pytest.fixture
def private_annotation(article, user) -> Annotation:
    return annotate(
        article, user, "الأسعار ستنخفض", kind="comment", visibility="private", comment="سرّي"
    )
