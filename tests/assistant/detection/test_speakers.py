"""Speakers resolved to the fullest form the article gives."""

from assistant.detection import detect


def speakers(text: str) -> list[str | None]:
    return [q.speaker for q in detect(text).quotes]


def test_title_and_full_name_then_surname():
    text = (
        'وقال وزير الخارجية الروسي سيرغي لافروف: "المحادثات مثمرة".\n\nوقال لافروف: "سنلتقي مجدداً".'
    )
    assert speakers(text) == ["سيرغي لافروف", "سيرغي لافروف"]


def test_title_alone_continues_the_person_with_that_title():
    text = 'وقال وزير الخارجية سيرغي لافروف: "أولاً".\n\nوأضاف الوزير: "ثانياً".'
    assert speakers(text) == ["سيرغي لافروف", "سيرغي لافروف"]


def test_a_pronoun_continues_the_last_speaker():
    text = 'وقال المدرب عماد فوزي: "فزنا".\n\nوأضاف: "نستحق اللقب".'
    assert speakers(text) == ["عماد فوزي", "عماد فوزي"]


def test_a_feminine_pronoun_continues_the_last_woman():
    text = (
        'وقالت النائبة ليلى عبد الغني: "نرفض".\n\n'
        'وقال النائب سامي فهمي: "نوافق".\n\n'
        'وأضافت: "نطالب بمهلة".'
    )
    assert speakers(text) == ["ليلى عبد الغني", "سامي فهمي", "ليلى عبد الغني"]


def test_a_surname_first_introduced_outside_a_quote():
    text = 'حطمت العداءة جنى الحوراني الرقم القياسي.\n\nوقالت الحوراني: "لم أفكر في الرقم".'
    assert speakers(text) == ["جنى الحوراني"]


def test_a_name_in_apposition():
    text = 'وأوضح المسؤول، ماركو ليندستروم، في مؤتمر صحفي: "الكابلات مهمة".'
    assert speakers(text) == ["ماركو ليندستروم"]


def test_a_description_after_the_name():
    text = 'وقال المهندس عادل فرج الله، وكيل المديرية: "زادت المساحة".'
    assert speakers(text) == ["عادل فرج الله"]


def test_an_organisation_speaks():
    text = 'وقالت وزارة الصحة في بيان: "لا إصابات جديدة".'
    assert speakers(text) == ["وزارة الصحة"]


def test_a_document_speaks_and_continues():
    text = (
        'وجاء في البيان الختامي للاجتماع: "نلتزم بتبادل البيانات".\n\n'
        'وتابعت الوثيقة: "تنشأ لجنة دائمة".'
    )
    assert speakers(text) == ["البيان الختامي للاجتماع", "البيان الختامي للاجتماع"]


def test_the_statement_of_an_organisation_speaks_for_it():
    text = (
        'قرر اتحاد الكرة إيقاف لاعبين.\n\nوقال الاتحاد في بيان: "راجعنا التسجيلات".\n\n'
        'وأضاف البيان: "العقوبات نهائية".'
    )
    assert speakers(text) == ["اتحاد الكرة", "اتحاد الكرة"]


def test_an_unnamed_person_is_their_description():
    text = 'وكتب أحد المستخدمين على صفحة الوزارة: "جددت رخصتي".'
    assert speakers(text) == ["أحد المستخدمين"]


def test_no_speaker_at_all_is_none():
    text = '"كل شيء على ما يرام"، على حد قوله.'
    assert speakers(text) == [None]
