"""The articles' admin: edit (through editorial.services, so annotations re-anchor),
publish, feature, and import files."""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from annotations.preview import edit_preview
from articles import services as article_services
from articles import text as article_text
from articles.diff import word_diff
from articles.importer import OUTCOME_LABELS, SUFFIXES
from articles.models import Article, ArticleRevision, Publisher, Section
from core.admin import BoundedDateHierarchyMixin, SafeAutocompleteMixin

from . import imports, services

admin.site.site_header = f"إدارة {settings.NEWSREADER_SITE_NAME}"
admin.site.site_title = str(settings.NEWSREADER_SITE_NAME)
admin.site.index_title = "لوحة التحرير"


def _articles(n: int) -> str:
    """«مقال واحد»، «مقالان»، «3 مقالات»، «11 مقالًا»: the ar catalogue's six forms."""
    return ngettext("%(n)s مقال", "%(n)s مقالات", n) % {"n": n}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in files if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for upload in files:
            if PurePosixPath(upload.name).suffix.lower() not in SUFFIXES:
                raise forms.ValidationError(
                    "الملف «%(name)s» ليس من الأنواع المقبولة: ‎.txt أو ‎.jsonl أو ‎.zip.",
                    code="invalid_extension",
                    params={"name": upload.name},
                )
        return files


class ImportForm(forms.Form):
    # Named like Form.files: the form metaclass moves declared fields off the class, so
    # the attribute is never shadowed (mypy cannot know).
    files = MultipleFileField(  # type: ignore[assignment]
        label="ملفات المقالات",
        help_text="ملف نصي واحد أو أكثر بصيغة المقالات (‎.txt)، أو ملف تصدير ‎.jsonl، أو أرشيف ‎.zip.",
    )
    draft = forms.BooleanField(
        label="استيراد كمسودات", required=False, help_text="لا تُنشر المقالات الجديدة حتى تراجعها."
    )
    update = forms.BooleanField(
        label="تحديث المقالات الموجودة",
        required=False,
        help_text="إذا تغيّر نص مقال مستورد من قبل، يُستبدل نصه (وتزيد نسخة النص).",
    )


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "caption",
            "body",
            "section",
            "publisher",
            "published_at",
            "status",
            "featured",
        ]
        widgets = {
            # One paragraph per block, a blank line between paragraphs: the same
            # layout Article.save() normalises to, so editing keeps paragraphs intact.
            "body": forms.Textarea(attrs={"rows": 24, "cols": 90, "dir": "rtl"}),
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 90}),
        }
        help_texts = {"body": "افصل بين كل فقرتين بسطر فارغ."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Whitespace inside the text is content; save() trims each paragraph itself.
        body = self.fields["body"]
        assert isinstance(body, forms.CharField)
        body.strip = False


@admin.register(Article)
class ArticleAdmin(SafeAutocompleteMixin, BoundedDateHierarchyMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "publisher", "published_at", "status", "featured"]
    list_display_links = ["title"]
    list_filter = ["status", "featured", "section", "publisher"]
    list_select_related = ["section", "publisher"]
    date_hierarchy = "published_at"
    search_fields = ["title", "body"]
    ordering = ["-published_at", "-id"]
    list_per_page = 50
    # An exact total over 100k rows costs a COUNT(*) on every filtered page.
    show_full_result_count = False
    actions = ["publish", "unpublish", "feature", "unfeature"]
    autocomplete_fields = ["section", "publisher"]
    readonly_fields = [
        "source_sha256",
        "text_version",
        "scraped_on",
        "created_at",
        "updated_at",
        "revisions_link",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "caption", "body"]}),
        ("النسخ", {"fields": ["revisions_link"]}),
        ("النشر", {"fields": ["section", "publisher", "published_at", "status", "featured"]}),
        (
            "الاستيراد",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_sha256",
                    "scraped_on",
                    "text_version",
                    "created_at",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            path(
                "<path:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="articles_article_revisions",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="نسخ النص")
    def revisions_link(self, obj: Article) -> str:
        if not obj.pk:
            return "—"
        url = reverse("admin:articles_article_revisions", args=[obj.pk])
        return format_html('<a href="{}">النسخ والفروق بينها ({})</a>', url, obj.text_version)

    def revisions_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The article's revisions and a word-level diff between two of them (?a=&b=)."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        revisions = list(
            ArticleRevision.objects.filter(article=article)
            .select_related("editor")
            .order_by("-number")
        )
        by_number = {revision.number: revision for revision in revisions}
        pieces, old, new = [], None, None
        a, b = request.GET.get("a", ""), request.GET.get("b", "")
        if a.isdigit() and b.isdigit() and int(a) in by_number and int(b) in by_number:
            old, new = by_number[int(a)], by_number[int(b)]
            pieces = word_diff(old.body, new.body)
        return TemplateResponse(
            request,
            "admin/articles/article_revisions.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": article,
                "title": f"نسخ «{article.title}»",
                "revisions": revisions,
                "old": old,
                "new": new,
                "pieces": pieces,
            },
        )

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        note = request.POST.get("_revision_note", "").strip()
        services.article_save(article=obj, editor=request.user, note=note)

    # --- Warn before an edit breaks annotations (issue 9, part 3) ---------------
    # Saving a changed text first shows what it does to the annotations: how many
    # stay, which move to an approximate match (old and new text) and which would
    # be detached, with "save" (the same POST again, confirmed) or "back to the
    # form" (the same POST re-shown, bound, nothing saved).

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "POST" and "_back_to_edit" in request.POST:

            class NotYet(form_class):  # type: ignore[misc, valid-type]
                def clean(self):
                    super().clean()
                    raise forms.ValidationError(
                        "لم يُحفظ التعديل: راجعه ثم احفظه من جديد.", code="not_saved"
                    )

            return NotYet
        return form_class

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if (
            request.method == "POST"
            and object_id
            and "_confirm_edit" not in request.POST
            and "_back_to_edit" not in request.POST
        ):
            preview = self._edit_preview(request, object_id)
            if preview is not None:
                return preview
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _edit_preview(self, request: HttpRequest, object_id: str) -> HttpResponse | None:
        stored = self.get_object(request, object_id)
        if stored is None or not self.has_change_permission(request, stored):
            return None  # the admin answers as usual
        # Validated on a second copy: a bound form writes its data into its instance.
        bound = self.get_form(request, stored, change=True)(
            request.POST, request.FILES, instance=self.get_object(request, object_id)
        )
        body = request.POST.get("body")
        if not bound.is_valid() or body is None:
            return None  # errors are shown next to their fields by the admin
        new_body = article_text.join_paragraphs(article_text.split_paragraphs(body))
        if new_body == stored.body:
            return None
        preview = edit_preview(article=stored, body=new_body)
        if preview.harmless:
            return None
        return TemplateResponse(
            request,
            "admin/articles/article/edit_preview.html",
            {
                **self.admin_site.each_context(request),
                "title": "ماذا سيحدث للتعليقات عند حفظ هذا التعديل",
                "opts": self.model._meta,
                "original": stored,
                "preview": preview,
                "summary": preview.summary(),
                "fields": [
                    (key, value)
                    for key, values in request.POST.lists()
                    if key not in ("csrfmiddlewaretoken", "_confirm_edit", "_back_to_edit")
                    for value in values
                ],
            },
        )

    def _set(self, request: HttpRequest, queryset: QuerySet, *, field: str, value, done: str):
        # Counted first: the selection may be filtered on the very field being set.
        selected = queryset.count()
        changed = article_services.articles_curate(articles=queryset, field=field, value=value)
        unchanged = max(0, selected - changed)
        message = f"{done}: {_articles(changed)}."
        if unchanged:
            # The verb before its subject stays singular: «وكان 3 مقالات كذلك».
            message += f" وكان {_articles(unchanged)} كذلك من قبل."
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="نشر المقالات المحددة", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set(request, queryset, field="status", value=Article.Status.PUBLISHED, done="نُشر")

    @admin.action(description="إلغاء نشر المقالات المحددة (مسودة)", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set(
            request, queryset, field="status", value=Article.Status.DRAFT, done="أعيد إلى المسودات"
        )

    @admin.action(description="تمييز المقالات المحددة", permissions=["change"])
    def feature(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set(request, queryset, field="featured", value=True, done="مُيّز")

    @admin.action(description="إلغاء تمييز المقالات المحددة", permissions=["change"])
    def unfeature(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set(request, queryset, field="featured", value=False, done="أُلغي تمييز")

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        post = request.method == "POST"
        form = ImportForm(request.POST, request.FILES) if post else ImportForm()
        reports = []
        if post and form.is_valid():
            reports = [
                (
                    upload.name,
                    imports.import_upload(
                        name=upload.name,
                        data=upload.read(),
                        draft=form.cleaned_data["draft"],
                        update=form.cleaned_data["update"],
                    ),
                )
                for upload in form.cleaned_data["files"]
            ]
            self._report_import([report for _, report in reports], request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "استيراد ملفات مقالات",
            "form": form,
            "results": [
                {
                    "upload": name,
                    "name": result.name,
                    "outcome": result.outcome,
                    "label": OUTCOME_LABELS[result.outcome],
                    "line": result.line,
                    "message": result.message,
                    "article_id": result.article_id,
                }
                for name, report in reports
                for result in report.results
            ],
            "changelist_url": reverse("admin:articles_article_changelist"),
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    def _report_import(self, reports: list, request: HttpRequest) -> None:
        totals = {outcome: sum(r.counts[outcome] for r in reports) for outcome in OUTCOME_LABELS}
        summary = "، ".join(f"{label}: {totals[o]}" for o, label in OUTCOME_LABELS.items())
        level = messages.WARNING if totals["failed"] else messages.SUCCESS
        self.message_user(request, f"انتهى الاستيراد. {summary}.", level)


class ArticleCountAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="عدد المقالات", ordering="article_count")
    def article_count(self, obj) -> int:
        return obj.article_count


@admin.register(Section)
class SectionAdmin(ArticleCountAdmin):
    pass


@admin.register(Publisher)
class PublisherAdmin(ArticleCountAdmin):
    pass
