"""Form pieces shared by the apps' forms."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core import bounded

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateInput(forms.DateInput):
    """<input type="date">. HTML allows only a yyyy-mm-dd value there (browsers empty
    anything else), so a malformed date from a hand-edited URL is left out of the input;
    the field's error still says what was wrong with it."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value) -> str | None:
        value = super().format_value(value)
        if value is None or not ISO_DATE.fullmatch(value):
            return None
        try:
            date.fromisoformat(value)
        except ValueError:  # 2024-02-30
            return None
        return value


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the service named a
    field the form has, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def error_messages(form: forms.Form) -> list[str]:
    """Every message of a bound form, fields first, in the form's order."""
    return [str(message) for errors in form.errors.values() for message in errors]


# The bounds and their wording live in core.bounded (one place for every filter and URL).
EARLIEST = bounded.EARLIEST
LATEST = bounded.LATEST
DAY_RANGE_ORDER_ERROR = bounded.MESSAGES["order"]


class DayField(forms.DateField):
    """A whole day, typed yyyy-mm-dd (the only value <input type=date> sends), between
    EARLIEST and LATEST so every bound built from it is a valid datetime."""

    widget = DateInput
    default_error_messages = {
        "invalid": bounded.MESSAGES["date"],
        "out_of_range": bounded.MESSAGES["date_range"],
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None and not (EARLIEST <= value <= LATEST):
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": EARLIEST.year, "last": LATEST.year},
            )


class DayRangeForm(forms.Form):
    """``date_from`` and ``date_to``, whole local days, the second not before the first."""

    date_from = DayField(label="من تاريخ")
    date_to = DayField(label="إلى تاريخ")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", DAY_RANGE_ORDER_ERROR)
        return cleaned

    def day_bounds(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) of the valid days chosen, as aware datetimes in the current time
        zone: compared with a datetime column, they use its index."""
        data = getattr(self, "cleaned_data", {})
        first = None if "date_from" in self.errors else data.get("date_from")
        last = None if "date_to" in self.errors else data.get("date_to")
        tz = timezone.get_current_timezone()
        return (
            bounded.start_of_day(first, tz) if first else None,
            bounded.end_of_day(last, tz) if last else None,
        )


def _attrs_html(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html: False left out, True as a bare name.
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, f"{value}")
        for name, value in attrs.items()
        if value is not False
    )


class QuickSelect(forms.Select):
    """A <select> with the HTML of Django's select.html and select_option.html, built in
    Python: those templates include a template per option, and the claims queue's
    filter form draws some 35 options on every request."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            format_html('<select name="{}"', widget["name"]),
            _attrs_html(widget["attrs"]),
            ">",
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        f"{option['value']}",
                        mark_safe(_attrs_html(option["attrs"])),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
