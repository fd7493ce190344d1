from django.contrib import admin

from .models import Reply

# The Annotation admin (moderation, claim review) is registered by the newsroom app.


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["short_body", "author", "annotation", "created", "hidden_at"]
    list_filter = ["created", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["annotation", "author"]
    list_select_related = ["author", "annotation"]
    date_hierarchy = "created"

    @admin.display(description="الرد")
    def short_body(self, obj: Reply) -> str:
        return obj.body if len(obj.body) <= 60 else obj.body[:60] + "…"
