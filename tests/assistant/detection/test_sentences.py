from assistant.detection import split_sentences


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_every_arabic_end_mark():
    assert sentences("أولاً. ثانياً؟ ثالثاً! رابعاً؛ خامساً") == [
        "أولاً.",
        "ثانياً؟",
        "ثالثاً!",
        "رابعاً؛",
        "خامساً",
    ]


def test_not_inside_quotation_marks():
    text = 'وقال: "لم أفكر. كنت أركض". ثم غادر.'
    assert sentences(text) == ['وقال: "لم أفكر. كنت أركض".', "ثم غادر."]


def test_decimals_and_one_letter_abbreviations_do_not_end_a_sentence():
    assert sentences("قال د. أحمد إن النمو 4.2 بالمئة. انتهى.") == [
        "قال د. أحمد إن النمو 4.2 بالمئة.",
        "انتهى.",
    ]


def test_paragraphs_always_end_a_sentence():
    assert sentences("بلا نقطة\n\nفقرة ثانية") == ["بلا نقطة", "فقرة ثانية"]
