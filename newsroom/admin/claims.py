"""Claim reviews with their evidence and history."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.text import Truncator

from core.admin import BoundedDateHierarchyMixin

from .. import services
from ..models import (
    ClaimReview,
    ClaimReviewChange,
    EvidenceSource,
)
from .base import ReadOnlyInline


class EvidenceInline(ReadOnlyInline):
    model = EvidenceSource
    fields = readonly_fields = ("title", "url", "added_by", "added_at")


class HistoryInline(ReadOnlyInline):
    model = ClaimReviewChange
    fields = readonly_fields = ("changed_at", "editor", "field", "old_value", "new_value")
    ordering = ["-changed_at", "-id"]


class ClaimReviewAdminForm(forms.ModelForm):
    class Meta:
        model = ClaimReview
        fields = ["status", "verdict", "rationale", "assignee"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = services.editors_queryset()


@admin.register(ClaimReview)
class ClaimReviewAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    form = ClaimReviewAdminForm
    list_display = ["pk", "claim", "article", "status", "verdict", "assignee", "claimed_at"]
    list_filter = ["status", "verdict", ("assignee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["annotation__exact", "article__title"]
    list_select_related = ["annotation", "article", "assignee"]
    readonly_fields = ["claim", "article", "claimed_at", "reviewed_at"]
    fields = [
        "claim",
        "article",
        "claimed_at",
        "status",
        "verdict",
        "rationale",
        "assignee",
        "reviewed_at",
    ]
    inlines = [EvidenceInline, HistoryInline]
    date_hierarchy = "claimed_at"

    def has_add_permission(self, request) -> bool:
        return False  # Reviews come with claim annotations.

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    @admin.display(description="الادعاء")
    def claim(self, obj: ClaimReview) -> str:
        return Truncator(obj.annotation.exact).chars(80)

    def save_model(self, request, obj: ClaimReview, form, change: bool) -> None:
        # Through the service, so the admin leaves the same history as the claim page.
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.claim_review_update(annotation=obj.annotation, editor=request.user, **changes)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
