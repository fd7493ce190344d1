"""Suggestions drawn in the article text around the annotations' marks (pure)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from annotations.rendering import Span, paragraph_bounds, render_paragraphs
from assistant.rendering import InlineSuggestion, SuggestionLayer, snap_to_words

TEXT = 'وقال سليم: "العجز 4 بالمئة هذا العام".\n\nوارتفعت الصادرات إلى 46 مليار دولار.'
QUOTE = TEXT.index("العجز")
QUOTE_END = TEXT.index('".')
CLAIM_END = TEXT.index("\n")


class _Tree(HTMLParser):
    """The text nodes and the element structure of a paragraph's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == []
    return tree


def draw(spans=(), suggestions=()):
    return render_paragraphs(TEXT, list(spans), layer=SuggestionLayer(TEXT, list(suggestions)))


def test_a_quote_inside_a_claim_nests_with_one_tag_each():
    claim = InlineSuggestion(1, "claim", 0, CLAIM_END, "ادعاء مقترح · 0.90")
    quote = InlineSuggestion(2, "quote", QUOTE, QUOTE_END, "اقتباس مقترح · سليم")
    first, second = draw(suggestions=[quote, claim])
    tree = parse(first.html)
    spans = [attrs for tag, attrs in tree.tags if tag == "span" and "data-sg" in attrs]
    # The claim is the outer span, opened once; the quotation is inside it.
    assert [s["data-sg"] for s in spans] == ["1", "2"]
    assert first.html.index('data-sg="1"') < first.html.index('data-sg="2"')
    assert first.html.count('class="sg-tag ') == 2
    assert 'form="sg-accept-2"' in first.html and 'form="sg-reject-2"' in first.html
    assert 'aria-label="قبول اقتباس مقترح · سليم"' in first.html
    # The tags hold no text: the paragraph's text is the article's, for annotate.js.
    assert "".join(tree.text) == TEXT[:CLAIM_END]
    assert "sg" not in second.html


def test_an_annotation_inside_a_suggestion_stays_a_mark_inside_its_outline():
    quote = InlineSuggestion(2, "quote", QUOTE, QUOTE_END, "اقتباس مقترح")
    start = TEXT.index("4")
    (first, _) = draw([Span(9, start, CLAIM_END, "comment")], [quote])
    tree = parse(first.html)
    assert "".join(tree.text) == TEXT[:CLAIM_END]
    # The quote's span opens once and closes inside the mark's range: the mark is cut
    # there, never the outline.
    assert first.html.count('data-sg="2"') == 1
    assert first.html.count('data-annotations="9"') == 2


def test_partial_overlap_reopens_without_a_second_tag():
    a = InlineSuggestion(1, "claim", 0, QUOTE_END, "أ")
    b = InlineSuggestion(2, "quote", QUOTE, CLAIM_END, "ب")
    (first, _) = draw(suggestions=[a, b])
    parse(first.html)
    assert first.html.count('data-sg="2"') == 2
    assert first.html.count('class="sg-tag ') == 2


def test_a_suggestion_across_paragraphs_is_drawn_in_each_tagged_once():
    whole = InlineSuggestion(5, "claim", 0, len(TEXT), "ادعاء")
    first, second = draw(suggestions=[whole])
    assert 'data-sg="5"' in first.html and 'data-sg="5"' in second.html
    assert "sg-tag" in first.html and "sg-tag" not in second.html


def test_labels_are_escaped_and_out_of_range_suggestions_dropped():
    evil = InlineSuggestion(1, "quote", QUOTE, QUOTE_END, '"><script>x</script>')
    (first, _) = draw(suggestions=[evil, InlineSuggestion(2, "claim", 5, 10_000, "ب")])
    assert "<script>" not in first.html and "&lt;script&gt;" in first.html
    assert 'data-sg="2"' not in first.html


def test_snapping_widens_to_whole_words_only():
    assert snap_to_words(TEXT, QUOTE + 2, QUOTE + 4) == (QUOTE, QUOTE + len("العجز"))
    assert snap_to_words(TEXT, QUOTE, QUOTE_END) == (QUOTE, QUOTE_END)
    assert snap_to_words("كَتَبَ", 2, 3) == (0, 6)  # diacritics are part of the word


def _in_word(char: str) -> bool:
    return bool(re.match(r"[\w\u064b-\u065f\u0670]", char))


@given(
    st.lists(
        st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT)), st.booleans()),
        max_size=6,
    ),
    st.lists(st.tuples(st.integers(0, len(TEXT)), st.integers(0, len(TEXT))), max_size=4),
)
def test_drawing_keeps_the_text_whole_nested_and_words_uncut(suggested, annotated):
    suggestions = [
        InlineSuggestion(i, "quote" if quote else "claim", min(a, b), max(a, b), f"س{i}")
        for i, (a, b, quote) in enumerate(suggested, start=1)
    ]
    spans = [Span(100 + i, min(a, b), max(a, b), "highlight") for i, (a, b) in enumerate(annotated)]
    paragraphs = draw(spans, suggestions)
    for paragraph, text in zip(paragraphs, TEXT.split("\n\n"), strict=True):
        tree = parse(paragraph.html)
        assert "".join(tree.text) == text
    layer = SuggestionLayer(TEXT, suggestions)
    for cut in layer.cuts():
        # A suggestion's outline never starts or ends between two letters of a word.
        assert not (0 < cut < len(TEXT) and _in_word(TEXT[cut - 1]) and _in_word(TEXT[cut]))
    tagged = sum(p.html.count('class="sg-tag ') for p in paragraphs)
    bounds = paragraph_bounds(TEXT)
    # Every suggestion with text in a paragraph is tagged once (none inside the separator).
    drawn = {s.id for s in layer.suggestions if any(s.start < e and s.end > b for b, e in bounds)}
    assert tagged == len(drawn)
