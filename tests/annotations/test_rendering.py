"""Segmentation and paragraph HTML of annotations: pure functions, no database."""

import re

from annotations.rendering import Span, paragraph_bounds, render_paragraphs, segment

TEXT = "أولى كلمات الفقرة\n\nثانية كلمات هنا"


def marks(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<mark [^>]*data-annotations="([^"]*)"[^>]*>([^<]*)</mark>', html)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_paragraph_bounds_match_the_separator():
    assert paragraph_bounds(TEXT) == [(0, 17), (19, 34)]
    assert paragraph_bounds("") == []


def test_no_annotations_gives_escaped_plain_paragraphs():
    paragraphs = render_paragraphs("<b>&</b>\n\nثانية", [])
    assert [p.html for p in paragraphs] == ["&lt;b&gt;&amp;&lt;/b&gt;", "ثانية"]
    assert [(p.number, p.start, p.end) for p in paragraphs] == [(1, 0, 8), (2, 10, 15)]


def test_overlapping_ranges_split_into_three_segments():
    spans = [Span(1, 0, 10, "highlight"), Span(2, 5, 17, "claim")]
    segs = segment(17, spans)
    assert [(s.start, s.end, [x.id for x in s.spans]) for s in segs] == [
        (0, 5, [1]),
        (5, 10, [1, 2]),
        (10, 17, [2]),
    ]
    html = render_paragraphs(TEXT, spans)[0].html
    assert marks(html) == [("1", "أولى "), ("1 2", "كلمات"), ("2", " الفقرة")]
    assert plain(html) == "أولى كلمات الفقرة"
    assert 'class="anno anno--claim anno--highlight anno--overlap"' in html


def test_nested_range_inside_another():
    spans = [Span(1, 0, 17, "quote"), Span(2, 5, 10, "comment")]
    html = render_paragraphs(TEXT, spans)[0].html
    assert marks(html) == [("1", "أولى "), ("1 2", "كلمات"), ("1", " الفقرة")]
    assert "<mark" not in html.split("</mark>")[-1]


def test_identical_ranges_share_one_mark_with_an_extra_anchor():
    spans = [Span(7, 5, 10, "claim"), Span(8, 5, 10, "quote")]
    html = render_paragraphs(TEXT, spans)[0].html
    assert marks(html) == [("7 8", "كلمات")]
    assert 'id="annotation-7"' in html and 'id="annotation-8"' in html
    assert 'aria-describedby="card-7 card-8"' in html


def test_cross_paragraph_range_is_drawn_in_each_paragraph_without_the_separator():
    spans = [Span(3, 11, 25, "claim")]
    first, second = render_paragraphs(TEXT, spans)
    assert marks(first.html) == [("3", "الفقرة")]
    assert marks(second.html) == [("3", "ثانية ")]
    # Only the first piece is the permalink target and a tab stop.
    assert 'id="annotation-3"' in first.html and "tabindex" in first.html
    assert "id=" not in second.html and "tabindex" not in second.html
    assert plain(first.html) + "\n\n" + plain(second.html) == TEXT


def test_text_is_escaped_inside_marks():
    text = 'قال "<script>alert(1)</script>" & مضى'
    spans = [Span(1, 0, len(text), "quote")]
    html = render_paragraphs(text, spans)[0].html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


def test_out_of_range_and_empty_spans_are_not_drawn():
    spans = [Span(1, 30, 99, "claim"), Span(2, 4, 4, "claim"), Span(3, -1, 2, "claim")]
    assert "<mark" not in "".join(p.html for p in render_paragraphs(TEXT, spans))


def test_many_annotations_keep_the_text_intact_and_in_order():
    text = "\n\n".join("كلمة " * 20 for _ in range(5)).replace(" \n", "\n").strip()
    spans = [Span(i, i * 7 % 400, i * 7 % 400 + 30, "highlight") for i in range(1, 60)]
    paragraphs = render_paragraphs(text, spans)
    assert "\n\n".join(plain(p.html) for p in paragraphs) == text
