from datetime import date, datetime

import pytest

from articles.dates import (
    DATETIME_SUFFIX,
    DateParseError,
    parse_date,
    parse_datetime,
    to_western_digits,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("السبت 1 يونيو 2024", date(2024, 6, 1)),
        ("1 يونيو 2024", date(2024, 6, 1)),
        ("الأحد، 2 يونية 2024", date(2024, 6, 2)),
        ("الخميس 4 أبريل 2024", date(2024, 4, 4)),
        ("الخميس 4 إبريل 2024", date(2024, 4, 4)),
        ("الخميس 4 ابريل 2024", date(2024, 4, 4)),
        ("الأربعاء 17 يولية 2024", date(2024, 7, 17)),
        ("الاثنين 13 مايو 2024", date(2024, 5, 13)),
        ("الإثنين 13 مايو 2024", date(2024, 5, 13)),
        ("يوم الجمعة 9 فبراير 2024", date(2024, 2, 9)),
        ("3 كانون الثاني 2022", date(2022, 1, 3)),
        ("الثلاثاء 1 شباط 2022", date(2022, 2, 1)),
        ("5 آذار 2023", date(2023, 3, 5)),
        ("5 اذار 2023", date(2023, 3, 5)),
        ("9 آب 2023", date(2023, 8, 9)),
        ("14 تشرين الأول 2023", date(2023, 10, 14)),
        ("30 تشرين الثاني 2023", date(2023, 11, 30)),
        ("25 كانون الأول 2023", date(2023, 12, 25)),
        ("1 شباط/فبراير 2022", date(2022, 2, 1)),
        ("1 شباط / فبراير 2022م", date(2022, 2, 1)),
        ("1 جانفي 2022", date(2022, 1, 1)),
        ("السبت ١ يونيو ٢٠٢٤", date(2024, 6, 1)),
        ("الأحد ۲ يونيو ۲۰۲۴", date(2024, 6, 2)),
        ("السّبت 1 يُونيُو 2024", date(2024, 6, 1)),
        ("السبت 1 يـــونيو 2024", date(2024, 6, 1)),
        ("\u200fالسبت 1 يونيو 2024\u200f", date(2024, 6, 1)),
        ("1-6-2024", date(2024, 6, 1)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "السبت",
        "السبت 1 يونيوز 2024",  # unknown month
        "السبوت 1 يونيو 2024",  # unknown weekday
        "31 فبراير 2024",  # no such day
        "30 شباط/مارس 2024",  # the two names disagree
        "1 يونيو 24",  # two-digit year
        "1 يونيو 1066",  # absurd year
        "عنوان خبر عادي",
    ],
)
def test_parse_date_rejects(text):
    with pytest.raises(DateParseError):
        parse_date(text)


def test_parse_date_error_quotes_the_text_in_arabic():
    with pytest.raises(DateParseError, match="شهر غير معروف.*يونيوز"):
        parse_date("السبت 1 يونيوز 2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-2-2022 | 21:14", datetime(2022, 2, 1, 21, 14)),
        ("1-2-2022 21:14", datetime(2022, 2, 1, 21, 14)),
        ("01/02/2022 - 21:14:30", datetime(2022, 2, 1, 21, 14, 30)),
        ("١-٢-٢٠٢٢ | ٢١:١٤", datetime(2022, 2, 1, 21, 14)),
        ("١-٢-٢٠٢٢ | ٩:١٤ م", datetime(2022, 2, 1, 21, 14)),
        ("1-2-2022 | 9:14 ص", datetime(2022, 2, 1, 9, 14)),
        ("1-2-2022 | 12:05 ص", datetime(2022, 2, 1, 0, 5)),
        ("1-2-2022 | 12:05 م", datetime(2022, 2, 1, 12, 5)),
        ("1-2-2022 | 7:30 مساءً", datetime(2022, 2, 1, 19, 30)),
        ("1-2-2022 | 7:30 صباحا", datetime(2022, 2, 1, 7, 30)),
        ("1-2-2022 | 7:30 PM", datetime(2022, 2, 1, 19, 30)),
        ("1 شباط 2022 | 09:14", datetime(2022, 2, 1, 9, 14)),
        ("1 فبراير 2022 - 9:14 م", datetime(2022, 2, 1, 21, 14)),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1-2-2022",  # no time
        "31-2-2022 | 21:14",  # no such day
        "1-13-2022 | 21:14",  # day-month-year: there is no 13th month
        "1-2-2022 | 24:00",
        "1-2-2022 | 21:60",
        "1-2-2022 | 13:14 م",  # 13 o'clock does not exist on a 12-hour clock
        "1-2-2022 | 0:14 ص",
        "1-2-2022 | 9:14 ظهرا",  # unknown suffix
    ],
)
def test_parse_datetime_rejects(text):
    with pytest.raises(DateParseError):
        parse_datetime(text)


def test_day_comes_before_month():
    assert parse_datetime("3-4-2022 | 10:00") == datetime(2022, 4, 3, 10, 0)


def test_western_digits():
    assert to_western_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"


@pytest.mark.parametrize(
    ("line", "prefix"),
    [
        ("عرب وعالم1-2-2022 | 21:14", "عرب وعالم"),
        ("اقتصاد ١-٢-٢٠٢٢ | ٩:١٤ م", "اقتصاد "),
        ("رياضة1 شباط 2022 | 09:14", "رياضة"),
    ],
)
def test_datetime_suffix_splits_the_section_line(line, prefix):
    m = DATETIME_SUFFIX.search(line)
    assert m is not None
    assert line[: m.start()] == prefix


def test_datetime_suffix_ignores_plain_text():
    assert DATETIME_SUFFIX.search("وزير الخارجية يلتقي نظيره في عام 2022") is None
