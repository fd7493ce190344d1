from datetime import date

import pytest
from django import forms

from core.forms import DateInput


class RangeForm(forms.Form):
    day = forms.DateField(required=False, widget=DateInput())


@pytest.mark.parametrize(
    ("submitted", "shown"),
    [
        ("2024-03-05", 'value="2024-03-05"'),
        ("2024-02-30", None),  # no such day
        ("x", None),
        ("5/3/2024", None),
        ("20240305", None),  # ISO basic format: not an HTML date
        ("", None),
    ],
)
def test_date_input_shows_only_html_dates(submitted, shown):
    form = RangeForm({"day": submitted})
    html = str(form["day"])
    assert 'type="date"' in html
    if shown:
        assert shown in html
    else:
        assert "value=" not in html
    if submitted in ("2024-02-30", "x"):
        assert form.errors["day"]  # the error still tells what was wrong


def test_date_input_formats_an_initial_date():
    html = str(RangeForm(initial={"day": date(2024, 3, 5)})["day"])
    assert 'value="2024-03-05"' in html
