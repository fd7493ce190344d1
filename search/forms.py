from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from articles.forms import DateInput
from articles.models import Publisher, Section

# Outside these the time-zone arithmetic could overflow; no news is that old or new.
EARLIEST = dt.date(1800, 1, 1)
LATEST = dt.date(2999, 12, 31)


class SearchForm(forms.Form):
    """The search box and its filters. Every field is optional; invalid ones show an error."""

    TAB_ARTICLES = "articles"
    TAB_ANNOTATIONS = "annotations"

    q = forms.CharField(label="ابحث", required=False, strip=True)
    tab = forms.ChoiceField(
        label="البحث في",
        required=False,
        choices=[(TAB_ARTICLES, "الأخبار"), (TAB_ANNOTATIONS, "التعليقات التوضيحية")],
    )
    section = forms.ModelChoiceField(
        label="القسم",
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="كل الأقسام",
        error_messages={"invalid_choice": "هذا القسم غير موجود."},
    )
    publisher = forms.ModelChoiceField(
        label="الناشر",
        queryset=Publisher.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="كل الناشرين",
        error_messages={"invalid_choice": "هذا الناشر غير موجود."},
    )
    date_from = forms.DateField(
        label="من تاريخ",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "أدخل تاريخًا صحيحًا بالشكل سنة-شهر-يوم."},
    )
    date_to = forms.DateField(
        label="إلى تاريخ",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "أدخل تاريخًا صحيحًا بالشكل سنة-شهر-يوم."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "dir": "auto", "autocomplete": "off", "enterkeyhint": "search"}
        )
        self.fields["date_from"].input_formats = ["%Y-%m-%d"]
        self.fields["date_to"].input_formats = ["%Y-%m-%d"]

    def _clean_day(self, name: str) -> dt.date | None:
        day = self.cleaned_data.get(name)
        if day and not (EARLIEST <= day <= LATEST):
            raise forms.ValidationError(
                "اختر تاريخًا بين عامي %(first)s و%(last)s.",
                params={"first": EARLIEST.year, "last": LATEST.year},
            )
        return day

    def clean_date_from(self) -> dt.date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._clean_day("date_to")

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "يجب ألا يسبق تاريخ النهاية تاريخ البداية.")
        return cleaned

    @property
    def active_tab(self) -> str:
        if self.is_valid() and self.cleaned_data.get("tab") == self.TAB_ANNOTATIONS:
            return self.TAB_ANNOTATIONS
        return self.TAB_ARTICLES

    @property
    def has_filters(self) -> bool:
        data = self.cleaned_data if self.is_valid() else {}
        return any(data.get(name) for name in ("section", "publisher", "date_from", "date_to"))

    def filter_articles(self, articles: QuerySet) -> QuerySet:
        """Apply the valid filters to an Article queryset (dates are whole days, local time)."""
        data = self.cleaned_data
        if data.get("section"):
            articles = articles.filter(section=data["section"])
        if data.get("publisher"):
            articles = articles.filter(publisher=data["publisher"])
        if data.get("date_from"):
            articles = articles.filter(published_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            articles = articles.filter(
                published_at__lt=_start_of(data["date_to"] + dt.timedelta(days=1))
            )
        return articles


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
