"""core.jsonbody: the one JSON request-body parser."""

import contextlib
import json

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from core.jsonbody import MAX_BYTES, MAX_DEPTH, JSONBodyError, parse_json_body, parse_json_bytes


def refusal(raw: bytes, **limits) -> JSONBodyError:
    with pytest.raises(JSONBodyError) as caught:
        parse_json_bytes(raw, **limits)
    return caught.value


def test_an_object_is_returned_as_decoded():
    assert parse_json_bytes('{"comment": "نص", "n": [1, {"a": null}]}'.encode()) == {
        "comment": "نص",
        "n": [1, {"a": None}],
    }


def test_a_byte_order_mark_is_ignored():
    assert parse_json_bytes(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}


@pytest.mark.parametrize("raw", [b"[1]", b'"text"', b"3", b"null"])
def test_the_top_level_must_be_an_object(raw):
    assert "object" in refusal(raw).message_en


def test_a_lone_surrogate_escape_is_refused_in_values_and_keys():
    assert "surrogate" in refusal(b'{"comment": "\\ud800"}').message_en
    assert "surrogate" in refusal(b'{"\\udfff": 1}').message_en
    # A proper pair is an astral character, not a lone half.
    assert parse_json_bytes(b'{"c": "\\ud83d\\ude00"}') == {"c": "\U0001f600"}


def test_deep_nesting_is_refused_before_decoding():
    error = refusal(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    assert error.status == 400 and "nested" in error.message_en
    assert parse_json_bytes(b'{"a": ' + b"[" * (MAX_DEPTH - 1) + b"]" * (MAX_DEPTH - 1) + b"}")


def test_brackets_inside_strings_are_text():
    assert parse_json_bytes(json.dumps({"a": "[" * 500 + '\\"{'}).encode())["a"].startswith("[[")


def test_an_unterminated_string_is_invalid_json_quickly():
    assert "valid JSON" in refusal(b'{"a": "' + b'\\"' * 100_000).message_en


@pytest.mark.parametrize("raw", [b"\xff\xfe{}", b'{"a": "\xed\xa0\x80"}', b'{"a": "\xc3"}'])
def test_invalid_utf8_is_refused(raw):
    assert "UTF-8" in refusal(raw).message_en


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b'{"a": Infinity}', b'{"a": -Infinity}'])
def test_non_finite_numbers_are_refused(raw):
    assert refusal(raw).status == 400


def test_an_integer_past_pythons_digit_limit_is_invalid_not_a_crash():
    assert refusal(b'{"start": ' + b"9" * 5000 + b"}").status == 400


def test_size_cap_is_413_with_arabic_and_english():
    error = refusal(b'{"a": "' + b"x" * 100 + b'"}', max_bytes=50)
    assert error.status == 413
    assert "الحد" in error.message and "larger" in error.message_en
    body = json.loads(error.response().content)
    assert body == {"errors": [error.message], "error": error.message_en}


def test_the_request_parser_checks_declared_length_and_charset():
    factory = RequestFactory()
    big = factory.post(
        "/", data=b"{}", content_type="application/json", CONTENT_LENGTH=str(MAX_BYTES + 1)
    )
    with pytest.raises(JSONBodyError) as caught:
        parse_json_body(big)
    assert caught.value.status == 413
    utf16 = factory.post("/", data='{"a": 1}'.encode("utf-16"), content_type="application/json")
    utf16.content_params = {"charset": "utf-16"}
    with pytest.raises(JSONBodyError) as caught:
        parse_json_body(utf16)
    assert caught.value.status == 415
    ok = factory.post("/", data=b'{"a": 1}', content_type="application/json")
    assert parse_json_body(ok) == {"a": 1}


@given(st.binary(max_size=200))
def test_any_bytes_give_an_object_or_the_one_error(raw):
    try:
        assert isinstance(parse_json_bytes(raw), dict)
    except JSONBodyError as error:
        assert error.status in (400, 413) and error.message and error.message_en


@given(
    st.recursive(
        st.none() | st.text() | st.integers(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_value_is_decoded_or_refused_without_other_errors(value):
    raw = json.dumps({"v": value}).encode("utf-8", "surrogatepass")
    with contextlib.suppress(JSONBodyError):
        assert parse_json_bytes(raw) == {"v": value}
