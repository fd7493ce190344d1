"""core.forms.QuickSelect draws exactly the HTML of Django's Select templates."""

from __future__ import annotations

import pytest
from django import forms

from core.forms import QuickSelect

CHOICES = [
    ("", "الكل"),
    ("a", 'أوّل <b> & "مقتبس"'),
    (3, "ثالث"),
    ("مجموعة", [("x", "س"), ("y", "ص")]),
]


@pytest.mark.parametrize("value", [None, "", "a", 3, "3", "x", ["a", "y"], "لا شيء"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_f", "required": True, "disabled": False, "data-x": 'q"<'}]
)
@pytest.mark.parametrize("multiple", [False, True])
def test_same_html_as_django(value, attrs, multiple):
    base = forms.SelectMultiple if multiple else forms.Select
    quick = (
        type("QuickMultiple", (QuickSelect, forms.SelectMultiple), {}) if multiple else QuickSelect
    )
    expected = base(choices=CHOICES).render("f", value, attrs)
    assert quick(choices=CHOICES).render("f", value, attrs) == expected


@pytest.mark.django_db
def test_queue_filter_form_fields_unchanged():
    from newsroom.forms import QueueFilterForm

    form = QueueFilterForm({"status": "reviewed", "verdict": "2", "sort": "oldest"})
    form.is_valid()
    for name in ("status", "verdict", "section", "publisher", "assignee", "sort"):
        field = form[name]
        widget = field.field.widget
        slow = forms.Select(attrs=widget.attrs, choices=widget.choices)
        assert str(field) == slow.render(
            field.html_name, field.value(), field.build_widget_attrs({"id": field.auto_id})
        )
