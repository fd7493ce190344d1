from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from newsroom.permissions import is_editor


def roles(request: HttpRequest) -> dict[str, Any]:
    """``is_editor`` for the site header (a link to the claims queue); lazy, so pages
    that never ask cost no query."""
    return {"is_editor": SimpleLazyObject(lambda: is_editor(request.user))}
