"""Arabic dates as they appear in article files. Django-free.

Scraped files write dates the way Arabic newspapers print them:

* ``السبت 1 يونيو 2024``: an optional weekday, the day, a month name, the year;
* ``1-2-2022 | 21:14``: day-month-year and a 24-hour time;
* ``١-٢-٢٠٢٢ | ٩:١٤ م``: the same in Arabic-Indic digits with a 12-hour time.

Month names come in the Egyptian forms (يناير، فبراير، أبريل/إبريل، يونيو/يونية…), the
Levantine ones (كانون الثاني، شباط، آذار…) and the Maghrebi ones (جانفي، فيفري…), and
papers often pair two of them (``شباط/فبراير``). Everything returned is naive: the
caller decides the time zone (the site's, for publication times).
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = [
    "DATETIME_SUFFIX",
    "MONTHS",
    "WEEKDAYS",
    "DateParseError",
    "parse_date",
    "parse_datetime",
    "to_western_digits",
]


class DateParseError(ValueError):
    """A date or time that cannot be read; the message says why, in Arabic."""


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Harakat, Quranic marks, superscript alef and tatweel never change which month is meant.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Bidi marks that scrapers copy around dates together with the text.
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def to_western_digits(text: str) -> str:
    """Replace Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits by 0-9."""
    return text.translate(_DIGITS)


def _fold(text: str) -> str:
    text = _BIDI.sub("", to_western_digits(text))
    text = _MARKS.sub("", text).translate(_FOLD)
    return " ".join(text.split())


def _table(names: dict[str, int]) -> dict[str, int]:
    return {_fold(name): number for name, number in names.items()}


MONTHS: dict[str, int] = _table(
    {
        # Egyptian (and most of the Gulf); hamza and taa marbuta variants fold together.
        "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5,
        "يونيو": 6, "يونية": 6, "يوليو": 7, "يولية": 7, "أغسطس": 8, "سبتمبر": 9,
        "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
        # Levantine and Iraqi.
        "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
        "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11,
        "كانون الأول": 12,
        # Maghrebi.
        "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7,
        "أوت": 8, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    }
)  # fmt: skip

WEEKDAYS: dict[str, int] = _table(
    # Python's numbering: Monday is 0.
    {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3,
     "الجمعة": 4, "السبت": 5, "الأحد": 6}
)  # fmt: skip

_MERIDIEM = {"ص": "am", "صباحا": "am", "صباحاً": "am", "am": "am", "a.m.": "am",
             "م": "pm", "مساء": "pm", "مساءً": "pm", "pm": "pm", "p.m.": "pm"}  # fmt: skip
_MERIDIEM = {_fold(k): v for k, v in _MERIDIEM.items()}

_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_WORD = r"[^\W\d_]+"
_NUMERIC_DATE = rf"{_D}{{1,2}}\s*[-/.]\s*{_D}{{1,2}}\s*[-/.]\s*{_D}{{4}}"
_NAMED_DATE = rf"{_D}{{1,2}}\s+{_WORD}(?:\s+{_WORD})?(?:\s*/\s*{_WORD}(?:\s+{_WORD})?)?\s+{_D}{{4}}"
_TIME = rf"{_D}{{1,2}}\s*:\s*{_D}{{2}}(?:\s*:\s*{_D}{{2}})?(?:\s*{_WORD}\.?(?:{_WORD}\.)?)?"

#: A publication date and time at the end of a line, as in ``عرب وعالم1-2-2022 | 21:14``.
#: Shape only: parse_datetime() on the match checks the values.
DATETIME_SUFFIX = re.compile(
    rf"(?:{_NUMERIC_DATE}|{_NAMED_DATE})\s*(?:[|\-–—،,]\s*)?{_TIME}[\s\u200e\u200f\u061c]*$"
)

_DATE_RE = re.compile(
    r"^(?:(?:يوم\s+)?(?P<weekday>[^\W\d_]+)\s*[،,]?\s*)?"
    r"(?P<day>\d{1,2})\s*[،,]?\s*(?P<month>[^\d]+?)\s*[،,]?\s*(?P<year>\d{4})"
    r"\s*(?:م|ميلادي|ميلاديه)?$"
)
_NUMERIC_DATE_RE = re.compile(
    r"^(?P<day>\d{1,2})\s*[-/.]\s*(?P<month>\d{1,2})\s*[-/.]\s*(?P<year>\d{4})$"
)
_DATETIME_RE = re.compile(
    r"^(?P<date>.+?)\s*(?:[|\-–—،,]\s*)?"
    r"(?P<hour>\d{1,2})\s*:\s*(?P<minute>\d{2})(?:\s*:\s*(?P<second>\d{2}))?"
    r"\s*(?P<meridiem>[^\W\d_]+\.?(?:[^\W\d_]+\.)?)?$"
)

MIN_YEAR, MAX_YEAR = 1900, 2200


def _month(name: str, original: str) -> int:
    # "شباط/فبراير": every alternative must name the same month.
    numbers = {MONTHS.get(part.strip()) for part in name.split("/")}
    if len(numbers) != 1 or (number := numbers.pop()) is None:
        raise DateParseError(f"اسم شهر غير معروف في «{original}»")
    return number


def _make_date(year: int, month: int, day: int, original: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(f"سنة غير معقولة في «{original}»")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(f"تاريخ غير موجود في التقويم: «{original}»") from None


def _parse_folded_date(folded: str, original: str) -> date:
    if m := _NUMERIC_DATE_RE.match(folded):
        return _make_date(int(m["year"]), int(m["month"]), int(m["day"]), original)
    m = _DATE_RE.match(folded)
    if not m:
        raise DateParseError(f"تاريخ غير مفهوم: «{original}» (المتوقع مثل «السبت 1 يونيو 2024»)")
    weekday = m["weekday"]
    if weekday is not None and weekday not in WEEKDAYS:
        raise DateParseError(f"اسم يوم غير معروف في «{original}»")
    # The weekday is not checked against the date: it is decoration, and a
    # scraper's wrong weekday is no reason to refuse an article.
    return _make_date(int(m["year"]), _month(m["month"], original), int(m["day"]), original)


def parse_date(text: str) -> date:
    """Parse ``السبت 1 يونيو 2024`` (weekday optional) or ``1-6-2024`` (day first)."""
    return _parse_folded_date(_fold(text), text.strip())


def parse_datetime(text: str) -> datetime:
    """Parse a date followed by a time: ``1-2-2022 | 21:14``, ``١-٢-٢٠٢٢ | ٩:١٤ م``,
    ``1 شباط 2022 - 09:14 ص``. Returns a naive datetime."""
    original = text.strip()
    m = _DATETIME_RE.match(_fold(text))
    if not m:
        raise DateParseError(
            f"تاريخ ووقت غير مفهومين: «{original}» (المتوقع مثل «1-2-2022 | 21:14»)"
        )
    day = _parse_folded_date(m["date"], original)
    hour, minute = int(m["hour"]), int(m["minute"])
    second = int(m["second"] or 0)
    if m["meridiem"]:
        meridiem = _MERIDIEM.get(m["meridiem"].lower())
        if meridiem is None:
            raise DateParseError(f"لاحقة وقت غير معروفة في «{original}» (المتوقع ص أو م)")
        if not 1 <= hour <= 12:
            raise DateParseError(f"ساعة غير صالحة بنظام 12 ساعة في «{original}»")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateParseError(f"وقت غير صالح في «{original}»")
    return datetime(day.year, day.month, day.day, hour, minute, second)
