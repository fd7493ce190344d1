"""Annotations in the admin (moderation, review status), flags and the moderation log.

Moderators act through logged actions (newsroom.services.moderation); the text is the author's."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import ngettext

from annotations.models import Annotation
from core.admin import BoundedDateHierarchyMixin

from .. import services
from ..models import (
    Flag,
    ModerationLog,
    ReviewStatus,
    Verdict,
)
from ..permissions import require_staff
from .base import ReadOnlyInline


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "حالة المراجعة"
    parameter_name = "review_status"

    def lookups(self, request, model_admin):
        return ReviewStatus.choices

    def queryset(self, request, queryset):
        if self.value() in ReviewStatus.values:
            return queryset.filter(kind=Annotation.Kind.CLAIM, review__status=self.value())
        return queryset


class VerdictFilter(admin.SimpleListFilter):
    title = "الحكم"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [(str(v), label) for v, label in Verdict.choices]

    def queryset(self, request, queryset):
        if self.value() in {str(v) for v in Verdict.values}:
            return queryset.filter(review__verdict=int(self.value()))
        return queryset


class FlaggedFilter(admin.SimpleListFilter):
    title = "البلاغات"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("open", "بلاغات لم تُعالج"), ("any", "أُبلغ عنه"), ("none", "بلا بلاغات")]

    def queryset(self, request, queryset):
        flags = Flag.objects.filter(annotation=OuterRef("pk"))
        if self.value() == "open":
            return queryset.filter(Exists(flags.filter(resolved_at=None)))
        if self.value() == "any":
            return queryset.filter(Exists(flags))
        if self.value() == "none":
            return queryset.exclude(Exists(flags))
        return queryset


class HiddenFilter(admin.SimpleListFilter):
    title = "الإخفاء"
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("yes", "مخفي"), ("no", "ظاهر")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True)
        return queryset


class FlagInline(ReadOnlyInline):
    model = Flag
    fields = readonly_fields = ("user", "category", "reason", "created_at", "resolved_at")
    verbose_name_plural = "البلاغات"


class ModerationLogInline(ReadOnlyInline):
    model = ModerationLog
    fields = readonly_fields = ("created_at", "actor", "action", "reason")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="سبب الإخفاء (يراه كاتب التعليق)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


def _set_status(modeladmin, request, queryset, status: str) -> None:
    done = skipped = 0
    for annotation in queryset:
        if annotation.kind != Annotation.Kind.CLAIM:
            skipped += 1
            continue
        services.claim_review_update(annotation=annotation, editor=request.user, status=status)
        done += 1
    label = ReviewStatus(status).label
    modeladmin.message_user(
        request,
        ngettext("صارت حالة %(n)s ادعاء: %(label)s.", "صارت حالة %(n)s ادعاءات: %(label)s.", done)
        % {"n": done, "label": label},
        messages.SUCCESS if done else messages.WARNING,
    )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "تُرك %(n)s تعليق لأنه ليس ادعاءً.", "تُركت %(n)s تعليقات لأنها ليست ادعاءات.", skipped
            )
            % {"n": skipped},
            messages.WARNING,
        )


class AnnotationAdmin(BoundedDateHierarchyMixin, admin.ModelAdmin):
    # Few, short columns so the list reads at 1366 px next to the sidebars (the nav and
    # the filters): the kind with its visibility, the review with its verdict.
    list_display = [
        "number",
        "short_exact",
        "kind_and_visibility",
        "article_title",
        "author",
        "review_summary",
        "open_flags",
        "is_hidden",
    ]
    list_display_links = ["number", "short_exact"]
    list_filter = [
        "kind",
        ReviewStatusFilter,
        VerdictFilter,
        FlaggedFilter,
        HiddenFilter,
        "visibility",
        ("article__section", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["exact", "comment", "author__username", "article__title"]
    list_select_related = ["article", "author", "review"]
    list_per_page = 50
    date_hierarchy = "created"
    actions = ["hide", "unhide", "mark_unreviewed", "mark_in_review", "mark_reviewed"]
    inlines = [FlagInline, ModerationLogInline]
    fields = readonly_fields = (
        "article",
        "author",
        "kind",
        "visibility",
        "exact",
        "comment",
        "tags",
        "start",
        "end",
        "created",
        "modified",
        "hidden_at",
        "hidden_reason",
    )
    # Moderators act through the actions (logged); the text is the author's: every
    # field above is read-only.

    def has_add_permission(self, request) -> bool:
        return False

    # Deleting goes through the site's service (the page cache forgets it, a tombstone
    # makes the annotation's API IRI answer 410 Gone), one annotation at a time.
    def delete_model(self, request: HttpRequest, obj: Annotation) -> None:
        services.annotation_delete(annotation=obj)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        for annotation in queryset:
            services.annotation_delete(annotation=annotation)

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .defer("article__body")
            # A correlated count per listed row: a JOIN + GROUP BY would aggregate the
            # whole table before the page is cut, and weigh on the changelist's count.
            .annotate(
                open_flag_count=Coalesce(
                    Subquery(
                        Flag.objects.filter(annotation=OuterRef("pk"), resolved_at=None)
                        .order_by()
                        .values("annotation")
                        .annotate(n=Count("*"))
                        .values("n")
                    ),
                    0,
                )
            )
        )

    @admin.display(description="النص")
    def short_exact(self, obj: Annotation) -> str:
        return Truncator(obj.exact).chars(120)

    class Media:
        css = {"all": ["css/admin-annotations.css"]}

    @admin.display(description="الرقم", ordering="id")
    def number(self, obj: Annotation) -> int:
        return obj.pk

    @admin.display(description="النوع", ordering="kind")
    def kind_and_visibility(self, obj: Annotation) -> str:
        return f"{obj.get_kind_display()} · {obj.get_visibility_display()}"

    @admin.display(description="المقال", ordering="article__title")
    def article_title(self, obj: Annotation) -> str:
        return Truncator(obj.article.title).chars(60)

    @admin.display(description="المراجعة")
    def review_summary(self, obj: Annotation) -> str:
        """«تمت المراجعة · مضلل», or a dash for what is not a claim."""
        status, verdict = self.review_status(obj), self.verdict(obj)
        return status if verdict == "—" else f"{status} · {verdict}"

    @admin.display(description="حالة المراجعة")
    def review_status(self, obj: Annotation) -> str:
        review = getattr(obj, "review", None) if obj.kind == Annotation.Kind.CLAIM else None
        return review.get_status_display() if review else "—"

    @admin.display(description="الحكم")
    def verdict(self, obj: Annotation) -> str:
        review = getattr(obj, "review", None) if obj.kind == Annotation.Kind.CLAIM else None
        return review.get_verdict_display() if review and review.verdict else "—"

    @admin.display(description="بلاغات", ordering="open_flag_count")
    def open_flags(self, obj: Annotation) -> int:
        return int(getattr(obj, "open_flag_count", 0))

    @admin.display(description="مخفي", boolean=True, ordering="hidden_at")
    def is_hidden(self, obj: Annotation) -> bool:
        return obj.hidden_at is not None

    @admin.action(description="إخفاء المحدد (مع سبب)")
    def hide(self, request: HttpRequest, queryset):
        require_staff(request.user)
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                count = 0
                for annotation in queryset:
                    services.annotation_hide(
                        annotation=annotation,
                        moderator=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    count += 1
                self.message_user(
                    request,
                    ngettext("أُخفي %(n)s تعليق.", "أُخفيت %(n)s تعليقات.", count) % {"n": count},
                    messages.SUCCESS,
                )
                return None
        else:
            form = ReasonForm()
        return TemplateResponse(
            request,
            "newsroom/admin/hide_annotations.html",
            {
                **self.admin_site.each_context(request),
                "title": "إخفاء تعليقات",
                "form": form,
                "queryset": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="إظهار المحدد")
    def unhide(self, request: HttpRequest, queryset):
        require_staff(request.user)
        count = 0
        for annotation in queryset.filter(hidden_at__isnull=False):
            services.annotation_unhide(annotation=annotation, moderator=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("أُظهر %(n)s تعليق.", "أُظهرت %(n)s تعليقات.", count) % {"n": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description="حالة الادعاء: لم يراجع")
    def mark_unreviewed(self, request, queryset):
        _set_status(self, request, queryset, ReviewStatus.UNREVIEWED)

    @admin.action(description="حالة الادعاء: قيد المراجعة")
    def mark_in_review(self, request, queryset):
        _set_status(self, request, queryset, ReviewStatus.IN_REVIEW)

    @admin.action(description="حالة الادعاء: تمت المراجعة")
    def mark_reviewed(self, request, queryset):
        _set_status(self, request, queryset, ReviewStatus.REVIEWED)


# The annotations app leaves the Annotation admin to the newsroom (moderation
# and review live here); register it only once whichever app loads first.
if not admin.site.is_registered(Annotation):
    admin.site.register(Annotation, AnnotationAdmin)
