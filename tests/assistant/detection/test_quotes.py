"""Each quotation pattern of issue #11, and each thing that is not a quotation."""

import pytest

from assistant.detection import detect


def quotes(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in detect(text).quotes]


def test_speaker_before_the_quote_with_a_colon():
    text = 'وقال وزير المالية أحمد سليم: "الموازنة متوازنة هذا العام".'
    assert quotes(text) == [("الموازنة متوازنة هذا العام", "أحمد سليم")]


def test_speaker_after_the_quote():
    text = 'أعلن وزير المالية أحمد سليم الموازنة.\n\n"الموازنة متوازنة"، قال سليم.'
    assert quotes(text) == [("الموازنة متوازنة", "أحمد سليم")]


def test_attribution_by_a_source_phrase_after_the_quote():
    text = (
        "وقال المتحدث باسم الوزارة خالد منصور إن الحملة مستمرة.\n\n"
        '"لم نسجل أي إصابة"، بحسب ما قاله المتحدث.'
    )
    assert quotes(text) == [("لم نسجل أي إصابة", "خالد منصور")]


@pytest.mark.parametrize(
    "verb",
    [
        "قال",
        "وقال",
        "فقال",
        "وقالت",
        "أعلن",
        "وأكد",
        "وأضافت",
        "وتابع",
        "وأوضحت",
        "وأشار",
        "ونفى",
        "ونفت",
        "وشدد",
        "وشدّد",
        "وذكر",
        "وصرّح",
        "وكتب",
        "وكتبت",
    ],
)
def test_reporting_verbs_in_their_forms(verb):
    text = f'{verb} المهندس سامي ناصر: "المحطة تعمل".'
    assert quotes(text) == [("المحطة تعمل", "سامي ناصر")]


def test_a_quote_split_around_its_speaker_gives_two_quotes_one_speaker():
    text = '"الأسعار تتراجع"، قال المحافظ كمال الشريف، "لكننا لن نتعجل".'
    assert quotes(text) == [("الأسعار تتراجع", "كمال الشريف"), ("لكننا لن نتعجل", "كمال الشريف")]


def test_a_quote_of_several_sentences_is_one_quote():
    text = 'وقالت العداءة جنى سالم: "لم أفكر في الرقم. كنت أركض فقط! هل تصدقون؟"'
    assert quotes(text) == [("لم أفكر في الرقم. كنت أركض فقط! هل تصدقون؟", "جنى سالم")]


def test_nested_single_quotes_stay_inside():
    text = "وقال التاجر رضا النجار: \"قلت له 'خذ نصفها' فرفض\"."
    assert quotes(text) == [("قلت له 'خذ نصفها' فرفض", "رضا النجار")]


def test_nested_double_quotes_inside_guillemets_stay_inside():
    text = 'وقال الكاتب علي حسن: «قرأت "الأيام" صغيراً».'
    assert quotes(text) == [('قرأت "الأيام" صغيراً', "علي حسن")]


def test_partial_quote_after_an_or_inna():
    text = 'وقال الوزير رامي عبد السلام إن الزيادة "ضرورية لتقليص الفجوة".'
    assert quotes(text) == [("ضرورية لتقليص الفجوة", "رامي عبد السلام")]


@pytest.mark.parametrize("marks", [('"', '"'), ("“", "”"), ("«", "»")])
def test_every_kind_of_quotation_mark(marks):
    o, c = marks
    text = f"وقالت الطبيبة منى علي: {o}الفحص مجاني{c}."
    assert quotes(text) == [("الفحص مجاني", "منى علي")]


@pytest.mark.parametrize(
    "text",
    [
        'وقدمت الإذاعة حلقة من برنامج "صباح الخير" أمس.',
        'افتتح فيلم "أيام الشتاء" المهرجان.',
        'ووقعت الكاتبة روايتها الجديدة "بيت على الحافة".',
        'يمكن الحجز عبر تطبيق "تذكرتي".',
        "وصلت حملة «قس ضغطك» إلى القرى.",
        'وانضم إلى منظمة "أطباء بلا حدود".',
        'صدر كتاب "تاريخ المدينة" هذا الشهر.',
    ],
)
def test_titles_in_quotation_marks_are_not_quotes(text):
    assert quotes(text) == []


def test_reported_speech_without_marks_is_not_a_quote():
    text = "وقال مدير المديرية إن أعمال الصيانة تشمل 14 كيلومتراً من الطريق."
    assert quotes(text) == []


def test_unattributed_marks_are_not_quotes():
    assert quotes('انتهى ترميم "بيت القنصل" في رشيد.') == []


def test_an_unclosed_mark_opens_nothing():
    assert quotes('وقال الوزير أحمد سليم: "الموازنة متوازنة') == []


def test_offsets_are_the_characters_inside_the_marks():
    text = 'تمهيد.\n\nوقال الوزير أحمد سليم: "نعم".'
    (q,) = detect(text).quotes
    assert text[q.start : q.end] == "نعم"
    assert text[q.start - 1] == text[q.end] == '"'
