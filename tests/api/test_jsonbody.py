import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.jsonbody import JSONBodyError, parse_json_bytes


def code_of(raw: bytes, **kwargs) -> tuple[int, str]:
    with pytest.raises(JSONBodyError) as caught:
        parse_json_bytes(raw, object_required=False, **kwargs)
    assert caught.value.message_ar and caught.value.message_en
    return caught.value.status, caught.value.code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", (400, "empty")),
        (b"{not json", (400, "not_json")),
        (b"\xff\xfe{}", (400, "not_utf8")),
        (b'{"a": NaN}', (400, "not_json")),
        (b'{"a": "\\ud800"}', (400, "lone_surrogate")),
        (b'{"\\udfff": 1}', (400, "lone_surrogate")),
        (b"[" * 40 + b"]" * 40, (400, "too_deep")),
        (b"[" * 100_000, (400, "too_deep")),
    ],
)
def test_malformed_bodies_are_refused_with_a_reason(raw, expected):
    assert code_of(raw) == expected


def test_huge_bodies_are_413():
    assert code_of(b'"' + b"a" * 300_000 + b'"') == (413, "too_large")


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert parse_json_bytes(json.dumps({"a": "[[[[" * 50}).encode()) == {"a": "[[[[" * 50}


def test_a_paired_surrogate_escape_is_text():
    assert parse_json_bytes(b'"\\ud83d\\ude00"', object_required=False) == "\U0001f600"


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.text().filter(lambda t: "\x00" not in t),  # NUL: refused
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text().filter(lambda t: "\x00" not in t), inner, max_size=3)
        ),
        max_leaves=20,
    )
)
def test_any_json_value_within_limits_parses_back(value):
    raw = json.dumps(value, ensure_ascii=False).encode("utf-8")
    assert parse_json_bytes(raw, max_bytes=10**6, max_depth=64, object_required=False) == value
