"""Speakers, their quotes, and merging duplicates."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html

from .. import services
from ..models import (
    QuoteAttribution,
    Speaker,
)
from .base import ReadOnlyInline


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label="المتحدث الذي يبقى",
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, speakers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["keep"]).queryset = speakers


class QuoteInline(ReadOnlyInline):
    model = QuoteAttribution
    fields = readonly_fields = ("annotation", "attributed_by", "attributed_at")
    verbose_name_plural = "الاقتباسات المنسوبة"


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "description", "quotes_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    fields = [
        "name",
        "kind",
        "other_names",
        "description",
        "normalised_name",
        "created_by",
        "created_at",
    ]
    readonly_fields = ["normalised_name", "created_by", "created_at"]
    actions = ["merge"]
    inlines = [QuoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quotes_total=Count("quotes"))

    def get_search_results(self, request, queryset, search_term):
        # The same Arabic matching as the rest of the site: أحمد finds احمد.
        if not search_term:
            return queryset, False
        return queryset.matching(search_term), False

    @admin.display(description="الاقتباسات", ordering="quotes_total")
    def quotes_count(self, obj: Speaker) -> int:
        return int(getattr(obj, "quotes_total", 0))

    def save_model(self, request, obj: Speaker, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="دمج المتحدثين المحددين")
    def merge(self, request: HttpRequest, queryset):
        if queryset.count() < 2:
            self.message_user(request, "اختر متحدثَين أو أكثر للدمج.", messages.WARNING)
            return None
        speakers = queryset.order_by("name", "pk")
        if "apply" in request.POST:
            form = MergeForm(request.POST, speakers=speakers)
            if form.is_valid():
                keep = form.cleaned_data["keep"]
                others = [s for s in speakers if s.pk != keep.pk]
                moved = services.speakers_merge(keep=keep, others=others, editor=request.user)
                self.message_user(
                    request,
                    format_html(
                        "دُمج {} متحدث في «{}» ونُقل {} اقتباس.", len(others), keep.name, moved
                    ),
                    messages.SUCCESS,
                )
                return None
        else:
            form = MergeForm(speakers=speakers, initial={"keep": speakers[0].pk})
        return TemplateResponse(
            request,
            "newsroom/admin/merge_speakers.html",
            {
                **self.admin_site.each_context(request),
                "title": "دمج المتحدثين",
                "form": form,
                "queryset": speakers,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
