from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from articles.models import Publisher, Section
from core.forms import DayRangeForm


class SearchForm(DayRangeForm):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(
            attrs={"type": "search", "dir": "auto", "autocomplete": "off", "enterkeyhint": "search"}
        )

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
        start, end = self.day_bounds()
        if start:
            articles = articles.filter(published_at__gte=start)
        if end:
            articles = articles.filter(published_at__lt=end)
        return articles
