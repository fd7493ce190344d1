"""Readers' flags and the moderation log, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.utils.text import Truncator

from ..models import (
    Flag,
    ModerationLog,
)


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = [
        "annotation",
        "reply",
        "user",
        "category",
        "short_reason",
        "created_at",
        "resolved_at",
    ]
    list_filter = ["category", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "user__username", "annotation__exact"]
    list_select_related = ["annotation", "reply", "user"]
    readonly_fields = [
        "annotation",
        "reply",
        "user",
        "category",
        "reason",
        "created_at",
        "resolved_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="التفاصيل")
    def short_reason(self, obj: Flag) -> str:
        return Truncator(obj.reason).chars(80)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "annotation_ref", "reply_ref", "actor", "reason"]
    list_filter = ["action"]
    search_fields = ["reason", "actor__username"]
    list_select_related = ["actor"]
    readonly_fields = [
        "created_at",
        "action",
        "annotation",
        "annotation_ref",
        "reply_ref",
        "actor",
        "reason",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
