"""Claim candidates: each feature, and what is not a claim."""

import pytest

from assistant.detection import THRESHOLD, detect, score_sentence


@pytest.mark.parametrize(
    ("sentence", "feature"),
    [
        ("بلغ إنتاج القمح 410 آلاف طن.", "number"),
        ("ارتفع التضخم إلى 24 بالمئة.", "percentage"),
        ("بلغت تكلفة المحطة 140 مليون جنيه.", "amount"),
        ("افتتحت المكتبة عام 1925.", "date"),
        ("هذه أعلى كمية أمطار منذ عقد.", "comparison"),
        ("يعود بناء المنزل إلى القرن التاسع عشر.", "history"),
        ("واحتلت العداءة المركز الثالث.", "rank"),
        ("وأكدت الوزارة أن عدد الزوار بلغ 180 ألف زائر.", "attributed"),
    ],
)
def test_check_worthy_features(sentence, feature):
    score, features = score_sentence(sentence)
    assert feature in features
    assert score >= THRESHOLD


@pytest.mark.parametrize(
    ("sentence", "feature"),
    [
        ("أعتقد أن الرصيف من حق المشاة.", "opinion"),
        ("كل عام وأنتم بخير، وأشكر كل العاملين.", "greeting"),
        ("وتخطط المديرية لافتتاح صومعتين بسعة 60 ألف طن العام المقبل.", "plan"),
        ("قال الوزير إن الحكومة ستواصل خفض الدين إلى 80 بالمئة.", "plan"),
        ("ويستمر المعرض حتى 20 مارس، ويفتح أبوابه من العاشرة صباحاً.", "schedule"),
    ],
)
def test_opinions_greetings_and_plans_are_not_claims(sentence, feature):
    score, features = score_sentence(sentence)
    assert feature in features
    assert score < THRESHOLD


def test_a_past_figure_before_a_plan_stays_a_claim():
    score, _ = score_sentence("كانت المنازل تحصل على المياه ست ساعات، ومن الآن ستصلها المياه.")
    assert score >= THRESHOLD


def test_nouns_starting_like_a_future_verb_are_not_plans():
    _, features = score_sentence("قضت المحكمة بالسجن خمس سنوات.")
    assert "plan" not in features


def test_claims_are_whole_sentences_with_offsets():
    text = "أمشي كل صباح.\n\nوبلغت تكلفة المشروع 2.4 مليون جنيه. وشكراً لكم!"
    (claim,) = detect(text).claims
    assert claim.text == "وبلغت تكلفة المشروع 2.4 مليون جنيه."
    assert text[claim.start : claim.end] == claim.text
