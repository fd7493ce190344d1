"""Annotation forms: text kept exactly, whitespace-only refused, tags parsed, errors in Arabic."""

import pytest

from annotations.forms import (
    MAX_TAG_LENGTH,
    MAX_TAGS,
    AnnotationContentForm,
    AnnotationCreateForm,
    ReplyForm,
    parse_tags,
)


def test_parse_tags_splits_on_latin_and_arabic_commas_keeping_order():
    assert parse_tags(" اقتصاد، أرقام ,  , اقتصاد,\u202eمقلوب ") == [
        "اقتصاد",
        "أرقام",
        "\u202eمقلوب",
    ]
    assert parse_tags("") == []


def content(**fields):
    return AnnotationContentForm(
        {"kind": "highlight", "visibility": "public", "comment": "", "tags": "", **fields}
    )


def test_comment_is_kept_exactly_with_its_spaces_and_controls():
    text = "  سطر\r\nوسطر \u200b\u2067معزول\u2069  "
    form = content(comment=text)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["comment"] == text


def test_whitespace_only_comment_is_refused_in_arabic():
    form = content(comment=" \u3000\n ")
    assert not form.is_valid()
    assert "مسافات فقط" in form.errors["comment"][0]


def test_a_comment_needs_text_other_kinds_do_not():
    assert not content(kind="comment").is_valid()
    assert "اكتب نص التعليق" in content(kind="comment").errors["comment"][0]
    for kind in ("highlight", "quote", "claim"):
        assert content(kind=kind).is_valid()


def test_nul_characters_are_refused_not_stored():
    assert not content(comment="قبل\x00بعد").is_valid()


def test_tag_limits():
    assert not content(tags="،".join(f"وسم{i}" for i in range(MAX_TAGS + 1))).is_valid()
    assert not content(tags="ب" * (MAX_TAG_LENGTH + 1)).is_valid()
    assert content(tags="ب" * MAX_TAG_LENGTH).is_valid()


def test_unknown_kind_and_visibility_are_refused():
    assert not content(kind="poem").is_valid()
    assert not content(visibility="friends").is_valid()


@pytest.mark.parametrize("exact", ["", "   "])
def test_create_form_needs_a_passage(exact):
    form = AnnotationCreateForm({"kind": "highlight", "visibility": "public", "exact": exact})
    assert not form.is_valid()
    assert "exact" in form.errors


def test_reply_form_renders_a_fresh_client_key_each_time():
    first, second = ReplyForm(), ReplyForm()
    assert first["client_key"].value() != second["client_key"].value()
    assert 'type="hidden"' in str(first["client_key"])
