"""Replies in the admin: staff edits and deletions go through newsroom.services so the
moderation log records who changed which reply and what it said before."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator

from annotations.models import Reply

from .. import services


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["short_body", "author", "annotation", "created", "hidden_at"]
    list_filter = ["created", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["annotation", "author"]
    list_select_related = ["author", "annotation"]
    date_hierarchy = "created"
    fields = ["annotation", "author", "body", "hidden_at", "hidden_reason"]
    readonly_fields = ["annotation", "author"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Replies are written by readers under an annotation, not made up by staff.
        return False

    @admin.display(description="الرد")
    def short_body(self, obj: Reply) -> str:
        return Truncator(obj.body).chars(60)

    def save_model(self, request: HttpRequest, obj: Reply, form, change: bool) -> None:
        services.reply_moderate(reply=obj, moderator=request.user, reason=obj.hidden_reason)

    def delete_model(self, request: HttpRequest, obj: Reply) -> None:
        services.reply_moderate_delete(reply=obj, moderator=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Reply]) -> None:
        for reply in queryset:
            services.reply_moderate_delete(reply=reply, moderator=request.user)
