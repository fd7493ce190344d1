"""core.bounded: ints, dates and periods within what datetime can represent."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import bounded
from core.bounded import OutOfBounds

CAIRO = ZoneInfo("Africa/Cairo")


@pytest.mark.parametrize("raw,expected", [("12", 12), (" 7 ", 7), ("٣", 3), (5, 5)])
def test_parse_int_reads_numbers(raw, expected):
    assert bounded.parse_int(raw) == expected


@pytest.mark.parametrize("raw", ["", "x", "1.5", "9" * 5000, "1e9", True, "\x00", "\ud800"])
def test_parse_int_refuses_what_is_not_a_number(raw):
    with pytest.raises(OutOfBounds) as caught:
        bounded.parse_int(raw)
    assert caught.value.message == bounded.MESSAGES["number"]


def test_parse_int_keeps_to_its_range_with_the_arabic_message():
    with pytest.raises(OutOfBounds) as caught:
        bounded.parse_int("99999999999999999999")
    assert "أدخل عددًا بين" in caught.value.message
    with pytest.raises(OutOfBounds):
        bounded.parse_int("-1")


def test_day_range_covers_whole_days_and_the_last_day_exists():
    start, end = bounded.day_range(dt.date(2024, 1, 1), bounded.LATEST, CAIRO)
    assert start == dt.datetime(2024, 1, 1, tzinfo=CAIRO)
    assert end == dt.datetime(3000, 1, 1, tzinfo=CAIRO)
    assert bounded.day_range(None, None, CAIRO) == (None, None)


@pytest.mark.parametrize("day", [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(1799, 12, 31)])
def test_days_outside_the_bounds_are_refused(day):
    with pytest.raises(OutOfBounds) as caught:
        bounded.end_of_day(day, CAIRO)
    assert caught.value.message == "اختر تاريخًا بين عامي 1800 و2999."


def test_day_range_refuses_an_end_before_the_start():
    with pytest.raises(OutOfBounds, match="يسبق"):
        bounded.day_range(dt.date(2024, 2, 1), dt.date(2024, 1, 1), CAIRO)


@pytest.mark.parametrize("raw", ["9999-12-31", "2024-02-30", "2024-1-1", "", "x" * 10_000])
def test_parse_date_refuses_bad_dates(raw):
    with pytest.raises(OutOfBounds):
        bounded.parse_date(raw)


def test_period_of_a_year_and_a_december():
    assert bounded.period(2024, None, CAIRO) == (
        dt.datetime(2024, 1, 1, tzinfo=CAIRO),
        dt.datetime(2025, 1, 1, tzinfo=CAIRO),
    )
    assert bounded.period("2024", "12", CAIRO)[1] == dt.datetime(2025, 1, 1, tzinfo=CAIRO)


@pytest.mark.parametrize(
    "year,month", [(99999999999999999999, None), (2024, 13), (2024, 0), (0, 1)]
)
def test_period_out_of_range_is_one_error(year, month):
    with pytest.raises(OutOfBounds) as caught:
        bounded.period(year, month, CAIRO)
    assert caught.value.message == bounded.MESSAGES["period"]


@given(st.integers(), st.one_of(st.none(), st.integers()))
def test_period_never_raises_anything_else(year, month):
    try:
        start, end = bounded.period(year, month, CAIRO)
    except OutOfBounds:
        return
    assert start < end


@given(st.dates(), st.dates())
def test_day_range_never_raises_anything_else(first, last):
    try:
        start, end = bounded.day_range(first, last, CAIRO)
    except OutOfBounds:
        return
    assert start < end
