"""What assistant.similarity.features reads from a statement."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.similarity import features


def quantities(text):
    return features(text).quantities


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [
        ("ارتفع التضخم إلى 7%", 7, True),
        ("ارتفع التضخم إلى ٧٪", 7, True),
        ("ارتفع التضخم إلى 7 في المئة", 7, True),
        ("ارتفع التضخم إلى سبعة في المائة", 7, True),
        ("ارتفع التضخم إلى 7 بالمئة", 7, True),
        ("نسبة 6.5% من الناخبين", 6.5, True),
        ("نسبة ٦٫٥٪ من الناخبين", 6.5, True),
        ("بلغ عدد السكان 1,500,000 نسمة", 1_500_000, False),
        ("بلغ عدد السكان ١٬٥٠٠٬٠٠٠ نسمة", 1_500_000, False),
        ("بلغ عدد السكان مليون ونصف نسمة", 1_500_000, False),
        ("بلغ الاحتياطي 35 مليار دولار", 35e9, False),
        ("بلغ الاحتياطي 2.5 مليار دولار", 2.5e9, False),
        ("ثلاثة ملايين راكب", 3e6, False),
        ("مليوني زائر", 2e6, False),
        ("نصف مليون وحدة", 500_000, False),
        ("خمسة وعشرين مستشفى", 25, False),
        ("خمسا وعشرين مدرسة", 25, False),
        ("أربع عشرة حادثة", 14, False),
        ("اثنا عشر مصابا", 12, False),
        ("مئة وعشرون حافلة", 120, False),
        ("ثلاثمائة عملية", 300, False),
        ("ملياران وثلاثمئة مليون إنسان", 2.3e9, False),
        ("تسعة وتسعين في المئة من القرى", 99, True),
        ("للمرة الرابعة في تاريخه", 4, False),
        ("بثلاثة أهداف", 3, False),
    ],
)
def test_numbers_in_every_spelling_are_one_value(text, value, percent):
    assert quantities(text) == {(float(value), percent)}


def test_a_percentage_and_a_plain_number_differ():
    assert quantities("زادت 12%") != quantities("زادت 12 طنا")


@pytest.mark.parametrize(
    ("text", "years", "days"),
    [
        ("افتتحت في عام 2020", {2020}, set()),
        ("افتتحت عام ٢٠٢٠", {2020}, set()),
        ("يوم 15 مارس 2022", {2022}, {315}),
        ("يوم 15 آذار 2022", {2022}, {315}),
        ("في الخامس عشر من يونيو", set(), {615}),
        ("في 3 تشرين الثاني", set(), {1103}),
        ("في كانون الثاني", set(), {100}),
        ("في يناير", set(), {100}),
    ],
)
def test_dates(text, years, days):
    f = features(text)
    assert f.years == years
    assert f.days == days
    # A month's "الثاني" is not the ordinal 2, and a year is not a quantity.
    assert not f.quantities


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("ارتفعت الأسعار", False),
        ("لم ترتفع الأسعار", True),
        ("لن ترتفع الأسعار", True),
        ("ليس صحيحا أن الأسعار ارتفعت", True),
        ("الأسعار لا ترتفع", True),
        ("ولا ترتفع الأسعار", True),
        ("نفى الوزير أن الأسعار ارتفعت", True),
        ("ونفت الوزارة ارتفاع الأسعار", True),
        ("لم ينف الوزير أن الأسعار ارتفعت", False),  # two negations
    ],
)
def test_negation(text, negated):
    assert features(text).negated is negated


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("ارتفعت الصادرات", 1),
        ("زادت الصادرات", 1),
        ("انخفضت الصادرات", -1),
        ("تراجعت الصادرات", -1),
        ("بلغت الصادرات", 0),
        ("أعلن الوزير أن الصادرات بلغت", 0),  # أعلن is not أعلى
        ("أعلى مستوى للصادرات", 1),
    ],
)
def test_direction(text, direction):
    assert features(text).direction == direction


@pytest.mark.parametrize(
    ("text", "speaker_has"),
    [
        ("قال وزير المالية أحمد سليم إن التضخم ارتفع", {"سليم"}),
        ("وقال وزير المالية أحمد سليم: التضخم ارتفع", {"سليم"}),
        ("ارتفع التضخم، بحسب وزارة المالية.", set()),
        ("الوزير أحمد سليم قال إن التضخم ارتفع", {"سليم"}),
        ("ارتفع التضخم، قال سليم.", {"سليم"}),
    ],
)
def test_speaker_is_read_apart_from_the_content(text, speaker_has):
    f = features(text)
    assert speaker_has <= f.speaker
    assert "سليم" not in f.terms
    assert "تضخم" in f.terms


def test_titles_are_not_speaker_terms():
    assert (
        features("قال وزير المالية إن التضخم ارتفع").speaker
        == features("قال الوزير المالية إن التضخم ارتفع").speaker
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("قال المسئول إن الأسعار ارتفعت", "قال المسؤول إن الأسعار ارتفعت"),  # hamza on yaa / waw
        ("أكدت الإدارة أن الأسعار ارتفعت", "اكدت الادارة ان الاسعار ارتفعت"),  # hamza on alef
        ("والأسعار ارتفعت في المدينة", "الأسعار ارتفعت في مدينة"),  # clitics و ال
        ("بالأسعار وللمدينة", "أسعار مدينة"),  # ب ل ال
        ("الْأَسْعَارُ ارْتَفَعَتْ", "الأسعار ارتفعت"),  # diacritics
        ("الأســعار ارتفعت", "الأسعار ارتفعت"),  # tatweel
        ("ارتفعت أسعار القمح ٢٠٢١", "ارتفعت أسعار القمح 2021"),  # Arabic-Indic digits
        ("مستشفى جديد", "مستشفي جديد"),  # alef maqsura
        ("المدرسة الجديدة", "المدرسه الجديده"),  # taa marbuta
    ],
)
def test_spelling_variants_read_alike(a, b):
    assert features(a) == features(b)


def test_json_round_trip():
    f = features("قال وزير المالية إن التضخم لم يرتفع إلى 7% في 15 مارس 2023")
    assert type(f).from_json(f.to_json()) == f


WORDS = [
    "الحكومة",
    "أعلنت",
    "القمح",
    "ارتفع",
    "7%",
    "2021",
    "لم",
    "وزير",
    "في",
    "مليون",
    "،",
    ".",
    "خمسة",
    "الأول",
]


@given(st.lists(st.sampled_from(WORDS), max_size=20))
def test_features_never_fail_and_diacritics_change_nothing(words):
    text = " ".join(words)
    marked = "".join(ch + "\u064e" if "\u0621" <= ch <= "\u064a" else ch for ch in text)
    assert features(marked) == features(text)


@given(st.text(max_size=200))
def test_any_text_is_read(text):
    features(text)
