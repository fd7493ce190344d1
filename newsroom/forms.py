from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from articles.models import Publisher, Section
from core.forms import DayRangeForm, QuickSelect

from .models import ClaimReview, Flag, ReviewStatus, Speaker, Verdict
from .services import FLAG_REASON_MAX, editors_queryset

UNASSIGNED = "none"


def verdict_field(
    *, label: str = "الحكم", empty_label: str = "بلا حكم بعد", widget: type | None = None
) -> forms.Field:
    """A verdict choice (or none); the value is the schema.org ratingValue."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("", empty_label), *Verdict.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=widget,
    )


class EditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ClaimReviewForm(forms.Form):
    """What an editor sets on a claim; the service records each change."""

    status = forms.ChoiceField(label="حالة المراجعة", choices=ReviewStatus.choices)
    verdict = verdict_field()
    rationale = forms.CharField(
        label="التعليل", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    assignee = EditorChoiceField(
        label="المكلّف", queryset=editors_queryset(), required=False, empty_label="غير مكلَّف"
    )

    @classmethod
    def for_review(cls, review: ClaimReview, data=None) -> ClaimReviewForm:
        initial = {
            "status": review.status,
            "verdict": review.verdict,
            "rationale": review.rationale,
            "assignee": review.assignee_id,
        }
        return cls(data, initial=initial, prefix="review")


class InlineReviewForm(forms.Form):
    """What the queue row changes. Only the fields present in the request are applied,
    so a form that sends fewer fields never clears the others."""

    status = forms.ChoiceField(label="الحالة", choices=ReviewStatus.choices)
    verdict = verdict_field()
    assignee = EditorChoiceField(
        label="المكلّف", queryset=editors_queryset(), required=False, empty_label="غير مكلَّف"
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label="عنوان المصدر", max_length=300)
    url = forms.URLField(
        label="رابط المصدر",
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )


class QueueFilterForm(DayRangeForm):
    SORTS = [("date", "الأحدث أولًا"), ("oldest", "الأقدم أولًا"), ("article", "حسب المقال")]

    status = forms.ChoiceField(
        label="الحالة",
        choices=[("", "كل الحالات"), *ReviewStatus.choices],
        required=False,
        widget=QuickSelect,
    )
    verdict = verdict_field(empty_label="كل الأحكام", widget=QuickSelect)
    section = forms.ModelChoiceField(
        label="القسم",
        queryset=Section.objects.all(),
        required=False,
        empty_label="كل الأقسام",
        widget=QuickSelect,
    )
    publisher = forms.ModelChoiceField(
        label="الناشر",
        queryset=Publisher.objects.all(),
        required=False,
        empty_label="كل الناشرين",
        widget=QuickSelect,
    )
    assignee = forms.ChoiceField(label="المكلّف", required=False, widget=QuickSelect)
    # What the similarity found (unconfirmed): the claim seems the same as a reviewed one.
    checked_before = forms.BooleanField(
        label="سبق التحقق منه (يشبه ادعاءً تمت مراجعته)", required=False
    )
    sort = forms.ChoiceField(label="الترتيب", choices=SORTS, required=False, widget=QuickSelect)

    def __init__(self, *args: Any, editors: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        assignee.choices = [
            ("", "الجميع"),
            (UNASSIGNED, "غير مكلَّف"),
            *((str(u.pk), u.get_full_name() or u.get_username()) for u in editors),
        ]

    def filters(self) -> dict:
        """The valid filters; an invalid field is reported on the form and ignored."""
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "") and value is not False
        }

    def apply(self, reviews, *, with_status: bool = True):
        f = self.filters()
        if with_status and "status" in f:
            reviews = reviews.filter(status=f["status"])
        if "verdict" in f:
            reviews = reviews.filter(verdict=f["verdict"])
        if "section" in f:
            reviews = reviews.filter(section=f["section"])
        if "publisher" in f:
            reviews = reviews.filter(publisher=f["publisher"])
        if "assignee" in f:
            if f["assignee"] == UNASSIGNED:
                reviews = reviews.filter(assignee__isnull=True)
            else:
                reviews = reviews.filter(assignee_id=f["assignee"])
        if f.get("checked_before"):
            # The partial index claim_queue_checked_before holds exactly these rows.
            reviews = reviews.filter(earlier_match__isnull=False)
        start, end = self.day_bounds()
        if start:
            reviews = reviews.filter(claimed_at__gte=start)
        if end:
            reviews = reviews.filter(claimed_at__lt=end)
        sort = f.get("sort", "date")
        if sort == "oldest":
            return reviews.order_by("claimed_at", "pk")
        if sort == "article":
            # Newest article first (by id: the order articles arrived), its claims in
            # the order they were made: the reverse of the (in_queue, article,
            # -claimed_at, -annotation) index, so no sort.
            return reviews.order_by("-article_id", "claimed_at", "pk")
        return reviews.order_by("-claimed_at", "-pk")


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "kind", "other_names", "description"]
        widgets = {"other_names": forms.Textarea(attrs={"rows": 3})}


class SpeakerSearchForm(forms.Form):
    q = forms.CharField(label="ابحث عن متحدث", max_length=200, required=False)


class AttributionForm(forms.Form):
    speaker = forms.ModelChoiceField(
        label="المتحدث", queryset=Speaker.objects.all(), widget=forms.HiddenInput
    )


class FlagForm(forms.Form):
    """A reason from a short list, and the reader's own words (needed for «أخرى»)."""

    category = forms.ChoiceField(
        label="سبب البلاغ",
        choices=Flag.Category.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "اختر سبب البلاغ.",
            "invalid_choice": "اختر سبب البلاغ من القائمة.",
        },
    )
    reason = forms.CharField(
        label="تفاصيل (اختيارية، ومطلوبة مع «أخرى»)",
        max_length=FLAG_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("category") == Flag.Category.OTHER and not cleaned.get("reason"):
            self.add_error("reason", "اكتب سبب البلاغ حين تختار «أخرى».")
        return cleaned
