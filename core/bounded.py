"""Bounded parsing of numbers, dates and day ranges for every filter and URL.

A year of 99999999999999999999 from a URL or 9999-12-31 + one day from a filter
would overflow `datetime` (OverflowError/ValueError, a 500). Everything here either
returns a value inside the bounds or raises `OutOfBounds`, a ValueError whose
message is the one Arabic wording for it; a form field reports it next to the field,
a URL view answers 404. No news is older than EARLIEST or newer than LATEST.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2999, 12, 31)
# Far beyond any listing's page count or any id, yet cheap to compare.
MAX_INT = 2**63 - 1
# Python refuses to read integers longer than 4300 digits; stop well before.
_MAX_DIGITS = 30

MESSAGES = {
    "number": "أدخل عددًا صحيحًا.",
    "number_range": "أدخل عددًا بين %(low)s و%(high)s.",
    "date": "أدخل تاريخًا صحيحًا بالشكل سنة-شهر-يوم.",
    "date_range": "اختر تاريخًا بين عامي %(first)s و%(last)s.",
    "order": "يجب ألا يسبق تاريخ النهاية تاريخ البداية.",
    "period": "لا يوجد أرشيف لهذا التاريخ.",
}


class OutOfBounds(ValueError):
    """A value outside what the site can represent; `message` is in Arabic."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = MESSAGES[code] % params if params else MESSAGES[code]
        super().__init__(self.message)


def parse_int(value: object, *, low: int = 0, high: int = MAX_INT) -> int:
    """An int in [low, high] from text (ASCII or Arabic-Indic digits) or an int."""
    if isinstance(value, bool):
        raise OutOfBounds("number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        digits = text.removeprefix("-").removeprefix("+")
        if not digits or len(digits) > _MAX_DIGITS or not digits.isdecimal():
            raise OutOfBounds("number")
        try:
            number = int(text)
        except ValueError:
            raise OutOfBounds("number") from None
    if not low <= number <= high:
        raise OutOfBounds("number_range", low=low, high=high)
    return number


def check_day(day: dt.date) -> dt.date:
    if not EARLIEST <= day <= LATEST:
        raise OutOfBounds("date_range", first=EARLIEST.year, last=LATEST.year)
    return day


def parse_date(value: object) -> dt.date:
    """A yyyy-mm-dd date inside [EARLIEST, LATEST]."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return check_day(value)
    text = str(value).strip()
    if len(text) != 10:
        raise OutOfBounds("date")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise OutOfBounds("date") from None
    return check_day(day)


def start_of_day(day: dt.date, tz: dt.tzinfo | ZoneInfo) -> dt.datetime:
    """Midnight at the start of a (bounded) day, in the given zone."""
    return dt.datetime.combine(check_day(day), dt.time.min, tzinfo=tz)


def end_of_day(day: dt.date, tz: dt.tzinfo | ZoneInfo) -> dt.datetime:
    """Midnight at the start of the next day: the exclusive upper bound of ``day``."""
    # LATEST is far from date.max, so the next day always exists.
    return dt.datetime.combine(check_day(day) + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def day_range(
    first: dt.date | None, last: dt.date | None, tz: dt.tzinfo | ZoneInfo
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """[start, end) datetimes covering whole days from ``first`` to ``last``."""
    if first and last and first > last:
        raise OutOfBounds("order")
    return (
        start_of_day(first, tz) if first else None,
        end_of_day(last, tz) if last else None,
    )


def period(
    year: object, month: object | None, tz: dt.tzinfo | ZoneInfo
) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a year, or of a month of it, from URL parts."""
    try:
        year = parse_int(year, low=EARLIEST.year, high=LATEST.year)
        month = None if month is None else parse_int(month, low=1, high=12)
    except OutOfBounds:
        raise OutOfBounds("period") from None
    if month is None:
        return (
            dt.datetime(year, 1, 1, tzinfo=tz),
            dt.datetime(year + 1, 1, 1, tzinfo=tz),
        )
    return (
        dt.datetime(year, month, 1, tzinfo=tz),
        dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz),
    )
