import pytest

from annotations import services
from annotations.models import Annotation
from tests import factories

BODY = (
    "قالَ وزيرُ الاقتصادِ إن النموّ بلغ ثلاثة بالمئة هذا العام.\n\n"
    "وأضاف المتحدث أن الأسعار ستنخفض قريبًا، وهو ادعاء يحتاج إلى تحقق.\n\n"
    "واختتم الاجتماع بـــبيان مشترك."
)


def annotate(article, author, phrase: str, *, kind="highlight", visibility="public", **extra):
    start = article.body.index(phrase)
    annotation, _ = services.annotation_create(
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
    return annotate(article, user, "الأسعار ستنخفض", kind="comment", visibility="private", comment="سرّي")
