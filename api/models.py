"""Personal API tokens and the canonical IRI a client gave an annotation (preserved, as
the W3C protocol requires). Tombstones of deleted annotations (410 Gone) live with the
annotations (annotations.models.AnnotationTombstone): every delete records one."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

TOKEN_PREFIX = "nr_"


def hash_token(raw: str) -> str:
    """Tokens carry 256 random bits: one SHA-256 is enough (no salt or stretching needed)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="المستخدم",
    )
    name = models.CharField("الاسم", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, shown on the tokens page so the owner can tell tokens apart.
    hint = models.CharField("بداية الرمز", max_length=12, editable=False)
    created_at = models.DateTimeField("أنشئ في", auto_now_add=True)
    last_used_at = models.DateTimeField("آخر استخدام", null=True, blank=True)
    revoked_at = models.DateTimeField("أُلغي في", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "رمز وصول"
        verbose_name_plural = "رموز الوصول"
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                condition=Q(revoked_at__isnull=True),
                name="api_token_user_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"


class CanonicalIri(models.Model):
    annotation = models.OneToOneField(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="canonical_iri",
    )
    iri = models.CharField(max_length=2000, db_index=True)
