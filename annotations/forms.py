"""Forms for annotations and replies. User text is kept exactly as typed
(no stripping): only whitespace-only text is refused, with an Arabic error."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms

from .anchoring import CONTEXT_LENGTH, MAX_QUOTE_LENGTH
from .models import Annotation

MAX_COMMENT_LENGTH = 10_000
MAX_REPLY_LENGTH = 5_000
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
TAG_SEPARATORS = re.compile(r"[,،]")


def parse_tags(raw: str) -> list[str]:
    """Tags separated by Latin or Arabic commas. Spaces around a tag are layout,
    not content; empty items between separators are not tags."""
    tags: list[str] = []
    for item in TAG_SEPARATORS.split(raw):
        tag = item.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _not_blank(value: str, message: str) -> str:
    if value and not value.strip():
        raise forms.ValidationError(message, code="blank")
    return value


class AnnotationContentForm(forms.Form):
    """What the author says about a passage: used to create and to edit."""

    kind = forms.ChoiceField(label="النوع", choices=Annotation.Kind.choices)
    visibility = forms.ChoiceField(
        label="من يراه",
        choices=Annotation.Visibility.choices,
        initial=Annotation.Visibility.PUBLIC,
    )
    comment = forms.CharField(
        label="التعليق",
        required=False,
        strip=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={
            "max_length": f"التعليق أطول من {MAX_COMMENT_LENGTH:,} حرف؛ اختصره أو قسّمه في ردود."
        },
    )
    tags = forms.CharField(
        label="الوسوم",
        required=False,
        strip=False,
        max_length=MAX_TAGS * (MAX_TAG_LENGTH + 2),
        help_text="افصل بين الوسوم بفاصلة.",
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )

    def clean_comment(self) -> str:
        return _not_blank(
            self.cleaned_data["comment"], "التعليق مكوّن من مسافات فقط؛ اكتب نصًا أو اتركه فارغًا."
        )

    def clean_tags(self) -> list[str]:
        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"الحد الأقصى {MAX_TAGS} وسمًا.", code="too_many")
        long = [tag for tag in tags if len(tag) > MAX_TAG_LENGTH]
        if long:
            raise forms.ValidationError(
                f"كل وسم {MAX_TAG_LENGTH} حرفًا على الأكثر.", code="tag_too_long"
            )
        return tags

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # One message per field: a whitespace-only comment already has its own error.
        if (
            cleaned.get("kind") == Annotation.Kind.COMMENT
            and not cleaned.get("comment")
            and "comment" not in self.errors
        ):
            self.add_error("comment", "اكتب نص التعليق؛ التعليق لا يكون فارغًا.")
        return cleaned


_OFFSET_ERRORS = {
    "invalid": "موضع النص المحدد غير صالح؛ أعد تحديد النص.",
    "min_value": "موضع النص المحدد غير صالح؛ أعد تحديد النص.",
}


class AnnotationSelectorForm(forms.Form):
    """The W3C selectors sent by the browser (checked against the text by the service).
    Without JavaScript only ``exact`` is needed: the service finds the passage."""

    start = forms.IntegerField(
        required=False, min_value=0, error_messages=_OFFSET_ERRORS, widget=forms.HiddenInput
    )
    end = forms.IntegerField(
        required=False, min_value=0, error_messages=_OFFSET_ERRORS, widget=forms.HiddenInput
    )
    exact = forms.CharField(
        label="النص الجديد كما هو في المقال",
        strip=False,
        max_length=MAX_QUOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={
            "required": "لم يُحدَّد أي نص؛ حدّد مقطعًا من المقال أولًا.",
            "max_length": f"النص المحدد أطول من {MAX_QUOTE_LENGTH} حرف؛ حدّد مقطعًا أقصر.",
        },
    )
    # A form field named like Form.prefix: the form metaclass moves declared fields off
    # the class, so the attribute is never shadowed (mypy cannot know).
    prefix = forms.CharField(  # type: ignore[assignment]
        required=False, strip=False, max_length=4 * CONTEXT_LENGTH, widget=forms.HiddenInput
    )
    suffix = forms.CharField(
        required=False, strip=False, max_length=4 * CONTEXT_LENGTH, widget=forms.HiddenInput
    )

    def clean_exact(self) -> str:
        return _not_blank(
            self.cleaned_data["exact"], "النص المحدد مسافات فقط؛ حدّد كلمة واحدة على الأقل."
        )


class AnnotationReattachForm(AnnotationSelectorForm):
    """Re-attach a detached annotation: the new passage only."""


# Selector fields after the content fields (the MRO order), as the toolbar posts them.
class AnnotationCreateForm(AnnotationSelectorForm, AnnotationContentForm):
    """Adds the selectors to what the author says about the passage."""

    client_key = forms.UUIDField(required=False)


class ReplyEditForm(forms.Form):
    """A reply's body: the author's rewrite of it, and the base of a new reply."""

    body = forms.CharField(
        label="ردّك",
        strip=False,
        max_length=MAX_REPLY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        error_messages={
            "required": "اكتب نص الرد.",
            "max_length": f"الرد أطول من {MAX_REPLY_LENGTH:,} حرف.",
        },
    )

    def clean_body(self) -> str:
        return _not_blank(self.cleaned_data["body"], "الرد مكوّن من مسافات فقط؛ اكتب نصًا.")


class ReplyForm(ReplyEditForm):
    # A fresh key per rendered form: submitting the same form twice adds one reply.
    client_key = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)


class MineFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="النوع", required=False, choices=[("", "كل الأنواع"), *Annotation.Kind.choices]
    )
    visibility = forms.ChoiceField(
        label="الظهور", required=False, choices=[("", "الكل"), *Annotation.Visibility.choices]
    )
    anchoring = forms.ChoiceField(
        label="الموضع",
        required=False,
        choices=[("", "الكل"), (Annotation.Anchoring.DETACHED, "المنفصلة عن النص فقط")],
    )
