"""The user name django-axes records a sign-in attempt under."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest

# No account has a longer name, so no two real names share a key; a 10,000-character
# "name" would otherwise overflow axes' 255-character column (a 500 on PostgreSQL).
NAME_MAX = get_user_model()._meta.get_field("username").max_length or 150


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    name = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(name).replace("\x00", "")[:NAME_MAX]
