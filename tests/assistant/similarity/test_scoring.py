"""The score: paraphrases with the same facts match; other facts do not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.similarity import THRESHOLD, compare

BASE = "قال وزير المالية أحمد سليم إن معدل التضخم ارتفع إلى 7% في عام 2023."


@pytest.mark.parametrize(
    "other",
    [
        "أكد سليم أن التضخم بلغ سبعة في المئة خلال 2023.",
        "التضخم ارتفع إلى ٧٪ عام ٢٠٢٣، بحسب وزير المالية.",
        "ارتفع معدل التضخم إلى 7 في المئة في 2023.",  # no speaker: not a conflict
    ],
)
def test_paraphrases_match(other):
    result = compare(BASE, other)
    assert result.same, result
    assert result.score >= THRESHOLD


@pytest.mark.parametrize(
    ("other", "conflict"),
    [
        ("قال وزير المالية أحمد سليم إن معدل التضخم ارتفع إلى 70% في عام 2023.", "quantities"),
        ("قال وزير المالية أحمد سليم إن معدل التضخم ارتفع إلى 7% في عام 2021.", "years"),
        ("قال وزير المالية أحمد سليم إن معدل التضخم لم يرتفع إلى 7% في عام 2023.", "polarity"),
        ("قال وزير المالية أحمد سليم إن معدل التضخم انخفض إلى 7% في عام 2023.", "direction"),
        ("قال وزير الصحة خالد منصور إن معدل التضخم ارتفع إلى 7% في عام 2023.", "speaker"),
        ("نفى وزير المالية أحمد سليم أن يكون معدل التضخم ارتفع إلى 7% في عام 2023.", "polarity"),
    ],
)
def test_same_words_other_fact_do_not_match(other, conflict):
    result = compare(BASE, other)
    assert not result.same, result
    assert conflict in result.conflicts


def test_other_day_of_the_month_does_not_match():
    a = "أفادت البعثة بأن الاجتماع سيعقد في 3 نوفمبر."
    assert compare(a, "الاجتماع يعقد يوم 3 تشرين الثاني، أفادت البعثة.").same
    assert not compare(a, "أفادت البعثة بأن الاجتماع سيعقد في 13 نوفمبر.").same
    assert not compare(a, "أفادت البعثة بأن الاجتماع سيعقد في 3 ديسمبر.").same


def test_one_more_figure_is_not_a_full_match_and_a_swapped_one_conflicts():
    a = "قتل 3 أشخاص وأصيب 12 في الحادث."
    assert compare(a, "قتل 3 أشخاص في الحادث.").score < compare(a, a).score
    assert "quantities" in compare(a, "قتل 5 أشخاص وأصيب 12 في الحادث.").conflicts


def test_unrelated_claim_on_the_same_topic_does_not_match():
    assert not compare(
        BASE, "قال وزير المالية أحمد سليم إن الحكومة ستطرح سندات جديدة الشهر المقبل."
    ).same


def test_empty_and_function_words_only_score_zero():
    assert compare("", "").score == 0
    assert compare("في من إلى", "في من إلى").score == 0
    assert not compare("", BASE).same


SENTENCES = [
    BASE,
    "ارتفعت صادرات مصر من الغاز بنسبة 12% في 2021.",
    "لم تسجل البلاد أي إصابة جديدة بالكوليرا منذ عام 2018.",
    "أعلنت وزارة الصحة أن عدد المستشفيات بلغ 690 مستشفى.",
    "الذهب صعد 25 في المئة منذ مطلع العام، كما أكد الخبير.",
]


@given(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES))
def test_score_is_symmetric_bounded_and_reflexive(a, b):
    ab, ba = compare(a, b), compare(b, a)
    assert ab.score == ba.score
    assert 0 <= ab.score <= 1
    assert compare(a, a).score == 1


def _labelled_pairs() -> list[tuple[str, str]]:
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[3] / "bench" / "similarity"
    pairs = []
    for name in ("pairs.jsonl", "heldout.jsonl"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                pairs.append((row["a"], row["b"]))
    return pairs


def test_score_bound_is_never_below_the_score_and_skips_conflicting_pairs():
    """The matcher skips a candidate whose bound is under the threshold: that must
    never skip one the score would keep."""
    from assistant.similarity import SIMILAR_THRESHOLD, compare_features, features, score_bound

    skipped = 0
    for a, b in _labelled_pairs():
        fa, fb = features(a), features(b)
        bound = score_bound(fa, fb)
        assert compare_features(fa, fb).score <= bound
        skipped += bound < SIMILAR_THRESHOLD
    assert skipped >= 5  # other figures, dates, negation: the bound does skip pairs


@given(st.sampled_from(_labelled_pairs()), st.sampled_from(_labelled_pairs()))
def test_score_bound_holds_for_any_two_labelled_statements(x, y):
    from assistant.similarity import compare_features, features, score_bound

    fa, fb = features(x[0]), features(y[1])
    assert compare_features(fa, fb).score <= score_bound(fa, fb)
