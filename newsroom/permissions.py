"""Who may do what in the newsroom, checked on the server for every action.

Editors (members of the ``editors`` group) and staff review claims and attribute quotes;
staff alone moderate (hide and restore annotations) and merge speakers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from core.http import login_redirect

EDITORS_GROUP = "editors"
#: Where is_editor keeps its answer on the user (newsroom.auth loads it with the user).
EDITOR_FLAG = "_newsroom_is_editor"


def is_editor(user: Any) -> bool:
    """Editors (the ``editors`` group) and staff review claims and attribute quotes.
    The group check is cached on the user object: templates ask more than once."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, EDITOR_FLAG, None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS_GROUP).exists()
        setattr(user, EDITOR_FLAG, cached)
    return bool(cached)


def is_moderator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


# Kinds whose passage the newsroom answers for: editors may re-attach them, not only the author.
EDITOR_REATTACH_KINDS = frozenset({"quote", "claim"})


def may_reattach(user: Any, annotation: Any) -> bool:
    """Who may choose a new passage for a detached annotation: its author, and
    editors for quotes and claims (a quote must not stay unattributed to text)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if annotation.author_id == user.pk:
        return True
    return annotation.kind in EDITOR_REATTACH_KINDS and is_editor(user)


def require_editor(user: Any) -> None:
    if not is_editor(user):
        raise PermissionDenied("هذا الإجراء للمحررين فقط.")


def require_staff(user: Any) -> None:
    if not is_moderator(user):
        raise PermissionDenied("هذا الإجراء للمشرفين فقط.")


def editor_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous users are sent to sign in (htmx: a client redirect); signed-in
    readers get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not is_editor(request.user):
            raise PermissionDenied("هذه الصفحة للمحررين فقط.")
        return view(request, *args, **kwargs)

    return wrapped
