from __future__ import annotations

from django import forms

from articles.models import Publisher, Section

from .models import Suggestion


class SuggestionFilterForm(forms.Form):
    section = forms.ModelChoiceField(
        label="القسم", queryset=Section.objects.all(), required=False, empty_label="كل الأقسام"
    )
    publisher = forms.ModelChoiceField(
        label="الناشر", queryset=Publisher.objects.all(), required=False, empty_label="كل الناشرين"
    )
    kind = forms.ChoiceField(
        label="النوع",
        choices=[("", "الاقتباسات والادعاءات"), *Suggestion.Kind.choices],
        required=False,
    )
    min_score = forms.FloatField(
        label="أدنى درجة",
        min_value=0,
        max_value=1,
        required=False,
        # A text box: a number input may not echo back what was typed when it is invalid.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "5"}),
        error_messages={
            "invalid": "أدخل رقماً بين 0 و1.",
            "min_value": "أدخل رقماً بين 0 و1.",
            "max_value": "أدخل رقماً بين 0 و1.",
        },
    )


class AcceptForm(forms.Form):
    """Optional edits before accepting: the span and, for a quotation, the speaker."""

    start = forms.IntegerField(label="بداية النطاق", min_value=0, required=False)
    end = forms.IntegerField(label="نهاية النطاق", min_value=1, required=False)
    speaker = forms.IntegerField(label="المتحدث", required=False, widget=forms.HiddenInput)
    new_speaker_name = forms.CharField(label="متحدث جديد", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start >= end:
            self.add_error("end", "يجب أن تكون النهاية بعد البداية.")
        return data
