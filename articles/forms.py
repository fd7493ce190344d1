"""Form pieces shared by the apps' forms."""

from __future__ import annotations

import re
from datetime import date

from django import forms

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
