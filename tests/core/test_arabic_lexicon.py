"""The lexicon-checked analysis (core.arabic): false stems, broken plurals, names,
hamza seats and numbers. Pure functions; the lexicon is arramooz's, read offline."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.arabic import (
    analyse,
    analyse_word,
    clitic_readings,
    is_known,
    number_term,
    plural_variants,
    seat_variants,
    split_compound_name,
    strip_clitics,
)


class TestFalseStems:
    """A letter that looks like a clitic is removed only when the rest is a word and
    the whole is not; the article ال is always removed, and nothing after it."""

    @pytest.mark.parametrize(
        ("word", "other"),
        [
            ("الفيوم", "اليوم"),
            ("الفعلي", "على"),
            ("كوبرى", "الكبرى"),
            ("فكرة", "كرة"),
            ("وحدة", "حدة"),
            ("بيان", "يان"),
        ],
    )
    def test_distinct_words_keep_distinct_terms(self, word, other):
        assert analyse_word(word) != analyse_word(other)

    def test_fayoum_keeps_its_faa(self):
        assert analyse_word("الفيوم") == "فيوم"
        assert analyse_word("اليوم") == "يوم"

    def test_fili_is_not_ala(self):
        assert analyse_word("الفعلي").startswith("فعل")
        assert analyse_word("على") == "علي"

    def test_kobry_keeps_its_kaf(self):
        assert analyse_word("كوبرى").startswith("كوبر")
        assert analyse_word("الكبرى").startswith("كبر")

    @pytest.mark.parametrize("word", ["فكرة", "وحدة", "بيان", "كوبري", "وزير", "ولد", "بلد"])
    def test_a_word_of_the_lexicon_loses_no_letter(self, word):
        assert is_known(word)
        assert strip_clitics(word) == word

    @pytest.mark.parametrize(
        ("word", "expected"),
        [
            ("والوزير", "وزير"),
            ("بالطاقة", "طاقة"),
            ("وبالمدينة", "مدينة"),
            ("للطاقة", "طاقة"),
            ("للجنة", "لجنة"),  # ل + اللجنة
            ("للبنان", "لبنان"),  # ل + لبنان
            ("ولبنان", "لبنان"),  # و + لبنان, not ول + بنان
            ("بفكرة", "فكرة"),
        ],
    )
    def test_real_clitics_are_still_removed(self, word, expected):
        assert strip_clitics(word) == expected

    def test_a_clitic_on_an_unknown_word_stays_and_the_other_reading_is_offered(self):
        # Neither the whole nor the rest is in the lexicon: keep both readings.
        word = "وقرطمز"
        assert not is_known(word) and not is_known(word[1:])
        assert strip_clitics(word) == word
        assert clitic_readings(word) == ["قرطمز"]

    def test_no_other_reading_when_the_lexicon_decides(self):
        assert clitic_readings("والوزير") == []
        assert clitic_readings("فكرة") == []


class TestBrokenPlurals:
    @pytest.mark.parametrize(
        ("plural", "singular"),
        [
            ("مشاريع", "مشروع"),  # مفاعيل
            ("قوانين", "قانون"),  # فواعيل
            ("آلاف", "ألف"),  # أفعال
            ("أعشاش", "عش"),  # أفعال of a doubled root
            ("مدن", "مدينة"),  # فُعُل
            ("شوارع", "شارع"),  # فواعل
            ("أولاد", "ولد"),  # أفعال of an initial-waw root
            ("كتب", "كتاب"),  # فُعُل
            ("قلوب", "قلب"),  # فُعول
            ("جبال", "جبل"),  # فِعال
            ("وزراء", "وزير"),  # فُعَلاء
            ("أطفال", "طفل"),  # an entry with a note in brackets
        ],
    )
    def test_each_class_links_plural_and_singular(self, plural, singular):
        assert analyse_word(singular) in plural_variants(plural)
        assert analyse_word(plural) in plural_variants(singular)

    def test_a_sound_plural_reaches_the_broken_one(self):
        assert analyse_word("مشروعات") == analyse_word("مشروع")
        assert analyse_word("مشاريع") in plural_variants("مشروعات")

    def test_clitics_do_not_hide_the_family(self):
        assert analyse_word("مشروع") in plural_variants("والمشاريع")

    @pytest.mark.parametrize("word", ["الفعلي", "فكرة", "الطاقة", "2024", "NATO", ""])
    def test_words_that_are_no_listed_noun_borrow_no_family(self, word):
        assert plural_variants(word) == frozenset()

    def test_the_dictionary_notes_never_become_plurals(self):
        for word in ("على", "الكبرى", "اليوم"):
            assert not plural_variants(word) & {analyse_word(w) for w in ("جمع", "مؤنث", "او")}


class TestNames:
    def test_joined_abd_names_split(self):
        assert split_compound_name("عبدالستار") == ("عبد", "الستار")
        assert split_compound_name("عبدالرحمن") == ("عبد", "الرحمن")

    def test_the_word_abd_alone_is_no_compound(self):
        assert split_compound_name("عبد") is None
        assert split_compound_name("عبدة") is None

    @pytest.mark.parametrize(
        ("bare", "seated"),
        [("فواد", "فؤاد"), ("مسوول", "مسؤول"), ("رييس", "رئيس"), ("سوال", "سؤال")],
    )
    def test_bare_waw_and_yaa_meet_the_hamza_seats(self, bare, seated):
        assert analyse_word(seated) in seat_variants(bare)
        assert analyse_word(bare) in seat_variants(seated)

    def test_a_name_written_without_hamza_is_not_stripped_as_a_clitic(self):
        # فواد is not ف + واد (a valley): its seated spelling is a word.
        assert analyse_word("فواد") == "فواد"

    def test_words_of_the_lexicon_get_no_seat_variants(self):
        assert seat_variants("وزير") == frozenset()


class TestNumbers:
    @pytest.mark.parametrize("written", ["14.1", "١٤٫١", "14,1", "١٤.١"])
    def test_decimals_are_one_term(self, written):
        assert analyse(written) == ["14d1"]

    @pytest.mark.parametrize("written", ["1,500", "١٬٥٠٠", "1500", "١٥٠٠", "1.500.000"])
    def test_thousands_separators_are_dropped(self, written):
        assert analyse(written)[0].startswith("1500")

    def test_clitics_on_a_number(self):
        assert analyse("و١٤٫١ وبـ1,500") == ["14d1", "1500"]

    def test_a_decimal_does_not_match_its_parts(self):
        assert analyse("14.1") != analyse("14") and "1" not in analyse("14.1")

    def test_a_sentence_end_is_not_a_decimal_point(self):
        assert analyse("عام 2024. ثم") == ["عام", "2024", "ثم"]

    def test_dates_keep_every_group(self):
        assert number_term("1.2.2022") == "1d2d2022"

    @given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=999))
    def test_any_decimal_is_one_alphanumeric_term(self, whole, fraction):
        terms = analyse(f"{whole}.{fraction}")
        assert len(terms) == 1 and terms[0].isalnum()


def test_bare_seats_is_a_further_folding_for_name_look_ups():
    from core.arabic import bare_seats, normalise

    assert bare_seats("فؤاد") == bare_seats("فواد") == "فواد"
    assert bare_seats("مسؤول") == "مسوول" and bare_seats("رئيس") == "رييس"
    # Alongside normalise, which unites the two seats: together they cover both spellings.
    assert normalise("مسئول") == normalise("مسؤول") and bare_seats("مسئول") != bare_seats("مسؤول")


def test_name_terms_hold_each_word_in_both_foldings_and_behind_the_article():
    from core.arabic import name_terms

    assert name_terms("فؤاد المسؤول") == ["فءاد", "المسءول", "مسءول", "فواد", "المسوول", "مسوول"]
    assert name_terms("عبدالستار") == ["عبدالستار", "الستار", "ستار"]
    assert name_terms("مُحَمَّد\nMohamed") == ["محمد", "mohamed"]
    assert name_terms("ال") == ["ال"]  # too short to be an article and a name
    assert name_terms("") == []
