from core.arabic import analyse
from search.highlight import mark, snippet


def terms(text: str) -> set[str]:
    return set(analyse(text))


def marked(pieces) -> list[str]:
    return [text for text, is_marked in pieces if is_marked]


def test_marks_whole_words_including_clitics_and_diacritics():
    text = "قال والنّاتـو إن بالأمن أولًا"
    pieces = mark(text, terms("الناتو الامن"))
    assert marked(pieces) == ["والنّاتـو", "بالأمن"]
    assert "".join(piece for piece, _ in pieces) == text


def test_mark_covers_the_whole_word_never_part_of_it():
    # The query is a part of these words; the mark still covers each word whole.
    text = "قالـوا إن وللناتوِ"
    assert marked(mark(text, terms("قال الناتو"))) == ["قالـوا", "وللناتوِ"]


def test_neighbouring_matches_share_one_mark():
    text = "قال حلف الناتو اليوم"
    assert marked(mark(text, terms("حلف الناتو"))) == ["حلف الناتو"]


def test_marks_do_not_join_across_punctuation_or_paragraphs():
    assert marked(mark("الناتو، الأمن", terms("الناتو الامن"))) == ["الناتو", "الأمن"]
    assert marked(mark("الناتو\n\nالأمن", terms("الناتو الامن"))) == ["الناتو", "الأمن"]


def test_mark_keeps_leading_and_trailing_text():
    text = "«الناتو»!"
    pieces = mark(text, terms("الناتو"))
    assert pieces == [("«", False), ("الناتو", True), ("»!", False)]


def test_mark_without_words():
    assert mark("", {"x"}) == []
    assert mark("...", {"x"}) == [("...", False)]


def test_snippet_is_centred_on_the_matches():
    words = [f"w{i}" for i in range(200)]
    words[120] = "الناتو"
    result = snippet(" ".join(words), terms("الناتو"), words=20)
    text = "".join(piece for piece, _ in result.pieces)
    assert "الناتو" in marked(result.pieces)
    assert text.startswith("w115 ")
    assert result.starts_mid_text and result.ends_mid_text


def test_snippet_prefers_the_window_with_most_distinct_terms():
    words = ["x"] * 300
    words[10] = "الناتو"
    words[200] = "الناتو"
    words[205] = "الأمن"
    result = snippet(" ".join(words), terms("الناتو الأمن"), words=20)
    assert marked(result.pieces) == ["الناتو", "الأمن"]


def test_snippet_without_matches_is_the_opening():
    result = snippet("أول ثاني ثالث", {"zzz"}, words=2)
    assert result.pieces == [("أول ثاني", False)]
    assert not result.starts_mid_text and result.ends_mid_text


def test_snippet_flattens_paragraph_breaks():
    result = snippet("أول\n\nثاني", set(), words=10)
    assert result.pieces == [("أول ثاني", False)]


def test_snippet_of_a_short_text_is_all_of_it_with_final_punctuation():
    result = snippet("قال الناتو كلمته.", terms("الناتو"))
    assert "".join(piece for piece, _ in result.pieces) == "قال الناتو كلمته."
    assert not result.starts_mid_text and not result.ends_mid_text


def test_snippet_of_empty_text():
    assert snippet("", {"x"}).pieces == []
