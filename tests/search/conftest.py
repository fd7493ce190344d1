from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from articles.models import Article
from tests import factories

CAIRO = ZoneInfo("Africa/Cairo")

# Original sentences written for these tests. Keys name the article in expectations.
CORPUS = {
    "nato": {
        "title": "قمة حلف الناتو في بروكسل",
        "body": (
            "قال الأمين العام للحلف إن بالأمن الأوروبي أولوية.\n\nوأكد أن NATO باقٍ في المنطقة."
        ),
        "section": "عرب وعالم",
        "publisher": "وكالة الشرق",
        "published_at": datetime(2024, 3, 10, 9, 0, tzinfo=CAIRO),
    },
    "security": {
        "title": "الأمن الغذائي في مصر",
        "body": "ناقشت الحكومة خطط الأمن الغذائي والمدارس الريفية.",
        "section": "اقتصاد",
        "publisher": "صحيفة الوادي",
        "published_at": datetime(2024, 5, 2, 12, 0, tzinfo=CAIRO),
    },
    "school": {
        "title": "افتتاح مدرسه جديدة",
        "body": "افتتحت الوزارة المدرسه الجديدة في القاهره أمس.",
        "section": "محافظات",
        "publisher": "صحيفة الوادي",
        "published_at": datetime(2023, 9, 20, 8, 30, tzinfo=CAIRO),
    },
    "hospital": {
        "title": "مستشفي الأطفال",
        "body": "زار الوزير مستشفى الأطفال، وقال إن المسئول عن التأخير سيحاسب.",
        "section": "صحة",
        "publisher": "بوابة النيل",
        "published_at": datetime(2022, 1, 15, 18, 0, tzinfo=CAIRO),
    },
    "diacritics": {
        "title": "العِلْمُ نُورٌ",
        "body": "مُحَمَّدٌ يَقْرَأُ الكِتَابَ عَنِ النَّاتُو فِي الـمـكـتـبـة.",
        "section": "ثقافة",
        "publisher": "مجلة الأفق",
        "published_at": datetime(2021, 6, 1, 10, 0, tzinfo=CAIRO),
    },
    "digits": {
        "title": "ميزانية عام ٢٠٢٤",
        "body": "بلغت الميزانية 500 مليون جنيه في ۱۲ شهرا.",
        "section": "اقتصاد",
        "publisher": "بوابة النيل",
        "published_at": datetime(2024, 1, 1, 7, 0, tzinfo=CAIRO),
    },
}
HIDDEN = {
    "draft": {
        "title": "مسودة عن الناتو",
        "body": "الناتو والأمن ومدرسة ومستشفى.",
        "status": Article.Status.DRAFT,
    },
    "future": {
        "title": "خبر مجدول عن الناتو",
        "body": "الناتو والأمن ومدرسة ومستشفى.",
        "published_at": "future",
    },
}


def _create(spec: dict) -> Article:
    fields = dict(spec)
    if "section" in fields:
        fields["section"] = factories.make_section(fields["section"])
    if "publisher" in fields:
        fields["publisher"] = factories.make_publisher(fields["publisher"])
    if fields.get("published_at") == "future":
        fields["published_at"] = timezone.now() + timedelta(days=3)
    return factories.make_article(**fields)


@pytest.fixture
def corpus(db) -> dict[str, Article]:
    articles = {key: _create(spec) for key, spec in CORPUS.items()}
    articles.update({key: _create(spec) for key, spec in HIDDEN.items()})
    return articles
