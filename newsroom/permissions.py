"""Who may do what in the newsroom, checked on the server for every action.

Editors (members of the ``editors`` group) and staff review claims and attribute quotes;
staff alone moderate (hide and restore annotations) and merge speakers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from core.http import login_redirect

EDITORS_GROUP = "editors"
#: Where is_editor keeps its answer on the user (newsroom.auth loads it with the user).
EDITOR_FLAG = "_newsroom_is_editor"


#: The role is asked on nearly every page; the answer is kept in the cache under a
#: generation that every change of group membership or of a group starts anew
#: (newsroom.receivers), and never longer than this whatever happens.
ROLE_SECONDS = 300
_ROLES_GENERATION = "newsroom:roles:generation"


def roles_changed(**kwargs: Any) -> None:
    """Start a new generation of the kept editor roles: now, and again once the
    transaction commits (a page asked in between saw the old membership)."""
    _new_roles_generation()
    transaction.on_commit(_new_roles_generation)


def _new_roles_generation() -> None:
    cache.set(_ROLES_GENERATION, time.time_ns(), None)


def _in_editors_group(user: Any) -> bool:
    role_key = f"newsroom:editor:{user.pk}"
    found = cache.get_many([_ROLES_GENERATION, role_key])
    generation, kept = found.get(_ROLES_GENERATION), found.get(role_key)
    if generation is not None and kept is not None and kept[0] == generation:
        return bool(kept[1])
    if generation is None:
        cache.add(_ROLES_GENERATION, time.time_ns(), None)
        generation = cache.get(_ROLES_GENERATION)
    answer = user.groups.filter(name=EDITORS_GROUP).exists()
    cache.set(role_key, (generation, answer), ROLE_SECONDS)
    return answer


def is_editor(user: Any) -> bool:
    """Editors (the ``editors`` group) and staff review claims and attribute quotes.
    The group check is kept in the cache (above) and on the user object: templates ask
    more than once."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    cached = getattr(user, EDITOR_FLAG, None)
    if cached is None:
        cached = _in_editors_group(user)
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
