"""Admin pieces shared by the apps' admins."""

from __future__ import annotations

from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from core import bounded

_PARTS = {"year": (bounded.EARLIEST.year, bounded.LATEST.year), "month": (1, 12), "day": (1, 31)}


class BoundedDateHierarchyMixin:
    """The date hierarchy's ?published_at__year=99999999999999999999 overflowed
    datetime inside Django's changelist (a 500). An out-of-range part is treated as
    Django treats any invalid lookup: back to the list with its error flag."""

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        field = getattr(self, "date_hierarchy", None)
        if field:
            for part, (low, high) in _PARTS.items():
                value = request.GET.get(f"{field}__{part}")
                if value is None:
                    continue
                try:
                    bounded.parse_int(value, low=low, high=high)
                except bounded.OutOfBounds:
                    return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)  # type: ignore[misc]


class _ValidSelectedMixin:
    """Django's autocomplete widget looks up the submitted value again to redisplay
    it; a value that is not a valid key (NUL, text, a 20-digit number) then raises
    inside the page render (a 500). Only values the key field accepts are looked up;
    the form has already reported the invalid one."""

    def optgroups(self, name, value, attr=None):
        key = self.field.remote_field.model._meta.pk
        valid = []
        for item in value:
            try:
                python = key.to_python(item)
                if isinstance(python, int):
                    bounded.parse_int(python, low=-bounded.MAX_INT, high=bounded.MAX_INT)
            except (ValueError, TypeError, ValidationError):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_ValidSelectedMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidSelectedMixin, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """Use the widgets above for the admin's autocomplete fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                SafeAutocompleteSelectMultiple(
                    db_field,
                    self.admin_site,
                    using=kwargs.get("using"),
                ),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
