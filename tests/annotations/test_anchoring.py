"""Selector validation, word snapping and re-anchoring: pure functions, no database."""

import pytest

from annotations.anchoring import (
    MAX_QUOTE_LENGTH,
    AnchorError,
    AnchorState,
    anchor,
    context,
    is_word_char,
    reanchor,
    snap_to_words,
)

TEXT = "قالَ الوزيرُ إنّ الاقتصادَ ينمو بسرعة.\n\nوأكدّ المتحدث أن الاقتصاد ينمو ببطء."


def test_word_chars_include_diacritics_tatweel_and_joiners():
    for char in "بَُِّْٰـ\u200c\u200d7٣":
        assert is_word_char(char), repr(char)
    for char in " .،\n؟":
        assert not is_word_char(char), repr(char)


def test_exact_at_offsets_is_accepted_as_is():
    start = TEXT.index("الوزيرُ")
    result = anchor(TEXT, start=start, end=start + len("الوزيرُ"), exact="الوزيرُ")
    assert (result.start, result.end, result.exact) == (start, start + 7, "الوزيرُ")
    assert result.prefix == TEXT[:start]
    assert result.suffix == TEXT[start + 7 : start + 7 + 32]


def test_selection_inside_a_word_snaps_to_the_whole_word():
    word = "الاقتصادَ"
    start = TEXT.index(word)
    # "قتص" from the middle of the word
    result = anchor(TEXT, start=start + 3, end=start + 6, exact=word[3:6])
    assert result.exact == word
    assert (result.start, result.end) == (start, start + len(word))


def test_snapping_never_separates_a_diacritic_from_its_letter():
    # Selecting "قال" without its fatha must still take the fatha.
    result = anchor(TEXT, start=0, end=3, exact="قال")
    assert result.exact == "قالَ"


def test_snapping_keeps_tatweel_inside_the_word():
    text = "هذا خبـــر عاجل"
    start = text.index("خبـ")
    result = anchor(text, start=start, end=start + 3, exact="خبـ")
    assert result.exact == "خبـــر"
    last_tatweel = text.index("ـر")
    result = anchor(text, start=last_tatweel, end=last_tatweel + 1, exact="ـ")
    assert result.exact == "خبـــر"


def test_surrounding_whitespace_is_trimmed_before_snapping():
    start = TEXT.index(" الوزيرُ")
    result = anchor(TEXT, start=start, end=start + 9, exact=" الوزيرُ ")
    assert result.exact == "الوزيرُ"


def test_cross_paragraph_selection_keeps_the_separator():
    start = TEXT.index("بسرعة")
    end = TEXT.index("وأكدّ") + 2
    result = anchor(TEXT, start=start, end=end, exact=TEXT[start:end])
    assert result.exact == "بسرعة.\n\nوأكدّ"


@pytest.mark.parametrize("exact", ["", "   ", "\n\n", None])
def test_empty_or_whitespace_quote_is_refused(exact):
    with pytest.raises(AnchorError) as error:
        anchor(TEXT, start=0, end=3, exact=exact)
    assert error.value.code == "empty"


def test_too_long_quote_is_refused():
    text = "كلمة " * 1000
    with pytest.raises(AnchorError) as error:
        anchor(text, start=0, end=MAX_QUOTE_LENGTH + 1, exact=text[: MAX_QUOTE_LENGTH + 1])
    assert error.value.code == "too_long"


def test_quote_that_snaps_past_the_limit_is_refused():
    text = "أ" * 10 + " " + "ب" * (MAX_QUOTE_LENGTH + 5)
    with pytest.raises(AnchorError) as error:
        anchor(text, start=11, end=13, exact="بب")
    assert error.value.code == "too_long"


def test_forged_offsets_with_a_unique_quote_find_the_quote():
    result = anchor(TEXT, start=0, end=5, exact="بسرعة")
    assert result.start == TEXT.index("بسرعة")


def test_out_of_range_offsets_fall_back_to_the_quote():
    result = anchor(TEXT, start=10_000, end=10_005, exact="ببطء")
    assert result.exact == "ببطء"


def test_repeated_quote_is_found_by_its_context():
    second = TEXT.index("الاقتصاد ينمو")
    result = anchor(
        TEXT,
        start=None,
        end=None,
        exact="ينمو",
        prefix=TEXT[second - 10 : second + len("الاقتصاد ")],
        suffix=" ببطء",
    )
    assert result.start == TEXT.index("ينمو ببطء")


def test_repeated_quote_without_context_is_ambiguous():
    with pytest.raises(AnchorError) as error:
        anchor(TEXT, start=0, end=4, exact="ينمو")
    assert error.value.code == "ambiguous"


def test_stale_quote_not_in_text_is_refused():
    with pytest.raises(AnchorError) as error:
        anchor(TEXT, start=0, end=4, exact="انكمش")
    assert error.value.code == "not_found"
    assert "المقال" in error.value.message


@pytest.mark.parametrize("start,end", [(True, 4), ("0", "4"), (-3, 4), (5, 2)])
def test_malformed_offsets_never_anchor_blindly(start, end):
    with pytest.raises(AnchorError):
        anchor(TEXT, start=start, end=end, exact="ينمو")


def test_snap_to_words_on_whitespace_only_range_collapses():
    assert snap_to_words("أ  ب", 1, 3) == (3, 3)


def test_reanchor_same_place_is_anchored():
    a = context(TEXT, 5, 12)
    result = reanchor(
        TEXT, start=a.start, end=a.end, exact=a.exact, prefix=a.prefix, suffix=a.suffix
    )
    assert result.state is AnchorState.ANCHORED
    assert result.anchor.start == 5


def test_reanchor_after_text_inserted_before_moves_the_offsets():
    start = TEXT.index("ببطء")
    a = context(TEXT, start, start + 4)
    edited = "عاجل: " + TEXT
    result = reanchor(
        edited, start=a.start, end=a.end, exact=a.exact, prefix=a.prefix, suffix=a.suffix
    )
    assert result.state is AnchorState.REANCHORED
    assert edited[result.anchor.start : result.anchor.end] == "ببطء"
    assert result.anchor.start == start + len("عاجل: ")


def test_reanchor_repeated_quote_uses_context():
    start = TEXT.index("ينمو ببطء")
    a = context(TEXT, start, start + 4)
    edited = "تمهيد. " + TEXT
    result = reanchor(
        edited, start=a.start, end=a.end, exact=a.exact, prefix=a.prefix, suffix=a.suffix
    )
    assert result.state is AnchorState.REANCHORED
    assert result.anchor.start == edited.index("ينمو ببطء")


def test_reanchor_quote_removed_is_detached():
    start = TEXT.index("ببطء")
    a = context(TEXT, start, start + 4)
    result = reanchor(TEXT.replace("ببطء", "بثبات"), start=a.start, end=a.end, exact=a.exact)
    assert result.state is AnchorState.DETACHED
    assert result.anchor is None


def test_reanchor_ambiguous_after_context_change_is_detached():
    start = TEXT.index("ينمو ببطء")
    a = context(TEXT, start, start + 4)
    edited = TEXT.replace("ببطء", "بهدوء").replace("بسرعة", "بقوة") + " ينمو"
    result = reanchor(
        edited,
        start=a.start + 100,
        end=a.end + 100,
        exact=a.exact,
        prefix=a.prefix,
        suffix=a.suffix,
    )
    assert result.state is AnchorState.DETACHED
