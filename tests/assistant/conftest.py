import pytest

from tests import factories

BODY = (
    'وقال وزير المالية أحمد سليم: "بلغ العجز 4 بالمئة من الناتج هذا العام".\n\n'
    "وارتفعت الصادرات إلى 46 مليار دولار في 2024.\n\n"
    "أعتقد أن الطقس جميل."
)


@pytest.fixture
def detected_article(db):
    return factories.make_article(body=BODY)


@pytest.fixture
def editor(db):
    return factories.make_editor()
