"""Admin for the newsroom: annotations (moderation, review status), claim reviews
with their history, speakers with a merge action, flags and the moderation log.

Every write goes through newsroom.services so history and the moderation log are
kept whichever screen it comes from."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import Truncator

from annotations.models import Annotation

from . import services
from .models import (
    ClaimReview,
    ClaimReviewChange,
    EvidenceSource,
    Flag,
    ModerationLog,
    QuoteAttribution,
    ReviewStatus,
    Speaker,
    Verdict,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# --- Annotation ----------------------------------------------------------------


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
    fields = ["user", "reason", "created_at", "resolved_at"]
    readonly_fields = fields
    verbose_name_plural = "البلاغات"


class ModerationLogInline(ReadOnlyInline):
    model = ModerationLog
    fields = ["created_at", "actor", "action", "reason"]
    readonly_fields = fields


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
    modeladmin.message_user(request, f"صارت حالة {done} ادعاء: {label}.", messages.SUCCESS)
    if skipped:
        modeladmin.message_user(request, f"تُرك {skipped} لأنها ليست ادعاءات.", messages.WARNING)


class AnnotationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "short_exact",
        "article",
        "author",
        "visibility",
        "review_status",
        "verdict",
        "open_flags",
        "is_hidden",
    ]
    list_display_links = ["id", "short_exact"]
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
    fields = [
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
    ]
    # Moderators act through the actions (logged); the text is the author's.
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

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
        return Truncator(obj.exact).chars(80)

    @admin.display(description="حالة المراجعة")
    def review_status(self, obj: Annotation) -> str:
        review = getattr(obj, "review", None) if obj.kind == Annotation.Kind.CLAIM else None
        return review.get_status_display() if review else "—"

    @admin.display(description="الحكم")
    def verdict(self, obj: Annotation) -> str:
        review = getattr(obj, "review", None) if obj.kind == Annotation.Kind.CLAIM else None
        return review.get_verdict_display() if review and review.verdict else "—"

    @admin.display(description="بلاغات مفتوحة", ordering="open_flag_count")
    def open_flags(self, obj: Annotation) -> int:
        return obj.open_flag_count

    @admin.display(description="مخفي", boolean=True, ordering="hidden_at")
    def is_hidden(self, obj: Annotation) -> bool:
        return obj.hidden_at is not None

    @admin.action(description="إخفاء المحدد (مع سبب)")
    def hide(self, request: HttpRequest, queryset):
        _require_staff(request)
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                for annotation in queryset:
                    services.annotation_hide(
                        annotation=annotation,
                        moderator=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                self.message_user(request, f"أُخفي {queryset.count()} تعليق.", messages.SUCCESS)
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
        _require_staff(request)
        count = 0
        for annotation in queryset.filter(hidden_at__isnull=False):
            services.annotation_unhide(annotation=annotation, moderator=request.user)
            count += 1
        self.message_user(request, f"أُظهر {count} تعليق.", messages.SUCCESS)

    @admin.action(description="حالة الادعاء: لم يراجع")
    def mark_unreviewed(self, request, queryset):
        _set_status(self, request, queryset, ReviewStatus.UNREVIEWED)

    @admin.action(description="حالة الادعاء: قيد المراجعة")
    def mark_in_review(self, request, queryset):
        _set_status(self, request, queryset, ReviewStatus.IN_REVIEW)

    @admin.action(description="حالة الادعاء: تمت المراجعة")
    def mark_reviewed(self, request, queryset):
        _set_status(self, request, queryset, ReviewStatus.REVIEWED)


def _require_staff(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


# The annotations app leaves the Annotation admin to the newsroom (moderation
# and review live here); register it only once whichever app loads first.
if not admin.site.is_registered(Annotation):
    admin.site.register(Annotation, AnnotationAdmin)


# --- Claim reviews -------------------------------------------------------------


class EvidenceInline(ReadOnlyInline):
    model = EvidenceSource
    fields = ["title", "url", "added_by", "added_at"]
    readonly_fields = fields


class HistoryInline(ReadOnlyInline):
    model = ClaimReviewChange
    fields = ["changed_at", "editor", "field", "old_value", "new_value"]
    readonly_fields = fields
    ordering = ["-changed_at", "-id"]


class ClaimReviewAdminForm(forms.ModelForm):
    class Meta:
        model = ClaimReview
        fields = ["status", "verdict", "rationale", "assignee"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = services.editors_queryset()


@admin.register(ClaimReview)
class ClaimReviewAdmin(admin.ModelAdmin):
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


# --- Speakers ------------------------------------------------------------------


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label="المتحدث الذي يبقى",
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, speakers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = speakers


class QuoteInline(ReadOnlyInline):
    model = QuoteAttribution
    fields = ["annotation", "attributed_by", "attributed_at"]
    readonly_fields = fields
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
        return obj.quotes_total

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


# --- Flags and the moderation log ----------------------------------------------------


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["annotation", "user", "short_reason", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "user__username", "annotation__exact"]
    list_select_related = ["annotation", "user"]
    readonly_fields = ["annotation", "user", "reason", "created_at", "resolved_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="السبب")
    def short_reason(self, obj: Flag) -> str:
        return Truncator(obj.reason).chars(80)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "annotation_ref", "actor", "reason"]
    list_filter = ["action"]
    search_fields = ["reason", "actor__username"]
    list_select_related = ["actor"]
    readonly_fields = ["created_at", "action", "annotation", "annotation_ref", "actor", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
