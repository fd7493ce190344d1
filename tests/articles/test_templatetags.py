"""The reading template filters: Arabic dates, digits, reading time, JSON-LD escaping."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from articles.templatetags import reading


def test_arabic_datetime_uses_the_site_time_zone_and_arabic_names() -> None:
    # 19:14 UTC is 21:14 in Cairo (UTC+2 in February).
    value = datetime(2022, 2, 1, 19, 14, tzinfo=UTC)
    assert reading.arabic_datetime(value) == "الثلاثاء 1 فبراير 2022 - 21:14"
    assert reading.arabic_date(date(2024, 6, 1)) == "السبت 1 يونيو 2024"
    assert reading.month_year(date(2024, 4, 9)) in {"أبريل 2024", "إبريل 2024"}
    assert reading.arabic_datetime(None) == ""


def test_arabic_indic_digits_follow_the_setting(settings) -> None:
    settings.NEWSREADER_ARABIC_INDIC_DIGITS = False
    assert reading.digits(2024) == "2024"
    settings.NEWSREADER_ARABIC_INDIC_DIGITS = True
    assert reading.digits(2024) == "٢٠٢٤"
    assert reading.digits("صفحة 12 من 305") == "صفحة ١٢ من ٣٠٥"
    assert reading.arabic_datetime(datetime(2022, 2, 1, 19, 14, tzinfo=UTC)) == (
        "الثلاثاء ١ فبراير ٢٠٢٢ - ٢١:١٤"
    )
    assert reading.digits(None) == ""


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "دقيقة واحدة"),
        (1, "دقيقة واحدة"),
        (2, "دقيقتان"),
        (3, "3 دقائق"),
        (10, "10 دقائق"),
        (11, "11 دقيقة"),
        (25, "25 دقيقة"),
    ],
)
def test_reading_time_agrees_with_the_number(minutes, expected, settings) -> None:
    settings.NEWSREADER_ARABIC_INDIC_DIGITS = False
    assert reading.reading_time(minutes) == expected


def test_jsonld_cannot_close_its_script_block() -> None:
    data = {"headline": '</script><script>alert("x")</script> & <!--'}
    out = str(reading.jsonld(data))
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == data
    assert "عنوان" in str(reading.jsonld({"h": "عنوان"}))  # readable, not \\u escaped


def test_iso_datetime_is_local_to_the_second_with_offset() -> None:
    # HTML's datetime="" allows at most three fractional digits.
    moment = datetime(2022, 2, 1, 19, 14, 5, 930541, tzinfo=UTC)
    assert reading.iso_datetime(moment) == "2022-02-01T21:14:05+02:00"
    assert reading.iso_datetime(None) == ""
