"""Property tests: whatever the text, every offset slices exactly the reported text."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.detection import detect, split_sentences

# Arabic words, reporting verbs, titles, marks and punctuation, in any order.
PIECES = st.sampled_from(
    [
        "وقال",
        "قالت",
        "وأضاف",
        "الوزير",
        "أحمد",
        "سليم",
        "برنامج",
        "إن",
        "أن",
        "بحسب",
        "ما",
        "قاله",
        "المتحدث",
        "وزارة",
        "الصحة",
        "12",
        "بالمئة",
        "مليون",
        "دولار",
        "عام",
        "2020",
        ":",
        "،",
        ".",
        "؟",
        "!",
        "؛",
        '"',
        "«",
        "»",
        "“",
        "”",
        "'",
        "\n\n",
        "\n",
        " ",
        "د.",
        "ـ",
        "َ",
        "4.2",
    ]
)
TEXT = st.lists(PIECES | st.text(max_size=4), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_offsets_slice_the_reported_text(text):
    found = detect(text)
    for q in found.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end] == q.text
    for c in found.claims:
        assert text[c.start : c.end] == c.text
        assert 0.0 <= c.score <= 1.0


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_sentences_are_ordered_non_overlapping_and_trimmed(text):
    spans = split_sentences(text)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(spans):
        assert e1 <= s2
    for s, e in spans:
        assert s < e and not text[s].isspace() and not text[e - 1].isspace()
