import pytest

from core.arabic import analyse
from search.query import MAX_CHARS, MAX_TERMS, parse


def test_words_are_analysed():
    query = parse("الأمن والناتو")
    assert query.phrases == (("امن",), ("ناتو",))
    assert query.excluded_phrases == ()
    assert not query.truncated


def test_quoted_phrase_keeps_its_words_in_order():
    assert parse('"حلف الناتو" قمة').phrases == (("حلف", "ناتو"), ("قمه",))


@pytest.mark.parametrize("quoted", ["«حلف الناتو»", "“حلف الناتو”"])
def test_arabic_and_typographic_quotes_make_phrases(quoted):
    assert parse(quoted).phrases == (("حلف", "ناتو"),)


def test_minus_excludes_words_and_phrases():
    query = parse('الأمن -الناتو -"مجلس الأمن"')
    assert query.phrases == (("امن",),)
    assert query.excluded_phrases == (("ناتو",), ("مجلس", "امن"))


def test_a_word_both_wanted_and_excluded_is_excluded():
    query = parse("الناتو -الناتو")
    assert query.phrases == ()
    assert query.excluded_phrases == (("ناتو",),)
    assert query.is_empty


def test_exclusions_alone_are_an_empty_query():
    assert parse("-الناتو").is_empty


def test_hyphen_inside_a_word_is_not_an_exclusion():
    assert parse("al-Sisi").phrases == (("al",), ("sisi",))


def test_unclosed_quote_is_plain_text():
    assert parse('"حلف الناتو').phrases == (("حلف",), ("ناتو",))


def test_duplicates_are_dropped():
    assert parse("الناتو والناتو للناتو").phrases == (("ناتو",),)


def test_highlight_terms_are_the_required_terms():
    assert parse('"حلف الناتو" -روسيا').highlight_terms == {"حلف", "ناتو"}


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "!!! ؟؟ ...",
        "ًٌٍَُِّْ",
        '"',
        '""',
        "*",
        ":",
        "(",
        ")",
        "-",
        "- -",
        "\u202e\u2066\u200f",
    ],
)
def test_nothing_searchable(raw):
    query = parse(raw)
    assert query.is_empty
    assert query.phrases == query.excluded_phrases == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NEAR(a b)", (("near",), ("a",), ("b",))),
        ("a OR b", (("a",), ("or",), ("b",))),
        ("a AND NOT b", (("a",), ("and",), ("not",), ("b",))),
        ("title:x*", (("title",), ("x",))),
        (
            "'; DROP TABLE articles_article; --",
            (("drop",), ("table",), ("articles",), ("article",)),
        ),
        ("^a + b", (("a",), ("b",))),
    ],
)
def test_fts_and_sql_syntax_is_plain_text(raw, expected):
    assert parse(raw).phrases == expected


def test_none_is_empty():
    assert parse(None).is_empty


def test_long_query_is_cut_by_characters_without_splitting_a_word():
    raw = "كلمة " * 100
    query = parse(raw)
    assert query.truncated
    assert query.phrases == (tuple(analyse("كلمة")),)


def test_many_terms_are_cut_to_the_limit():
    words = [f"w{i}" for i in range(MAX_TERMS + 5)]
    query = parse(" ".join(words))
    assert query.truncated
    assert len(query.required) == MAX_TERMS
    assert query.phrases[-1] == (f"w{MAX_TERMS - 1}",)


def test_a_long_phrase_is_cut_to_the_remaining_budget():
    query = parse("a b " + '"' + " ".join(f"p{i}" for i in range(20)) + '"')
    assert query.truncated
    assert sum(len(phrase) for phrase in query.phrases) == MAX_TERMS


def test_a_query_at_the_limits_is_not_cut():
    words = " ".join(f"w{i}" for i in range(MAX_TERMS))
    assert len(words) <= MAX_CHARS
    assert not parse(words).truncated


def test_five_thousand_characters():
    query = parse("ا" * 5000)
    assert query.truncated
    assert len(query.required) == 1
