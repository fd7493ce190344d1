"""Speakers and the quotes attributed to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.urls import reverse

from annotations.models import shown_to_everyone
from core.arabic import normalise

ALIAS_SEPARATOR = "\n"


def split_names(text: str) -> list[str]:
    """Other spellings are typed one per line; blank lines carry nothing."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class SpeakerQuerySet(models.QuerySet):
    def matching(self, query: str) -> SpeakerQuerySet:
        """Speakers whose name or any other spelling contains the query, compared in
        the project's matching form so hamza forms, taa marbuta and diacritics agree."""
        needle = normalise(query).strip()
        if not needle:
            return self.none()
        return self.filter(search_names__contains=needle)

    def with_quote_counts(self, user=None) -> SpeakerQuerySet:
        """Annotate ``quote_count``: quotes a ``user`` may see (public, not hidden) – one query."""
        visible = shown_to_everyone("quotes__annotation__")
        return self.annotate(quote_count=Count("quotes", filter=visible))


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "شخص"
        ORGANISATION = "organisation", "مؤسسة"

    name = models.CharField("الاسم", max_length=200)
    kind = models.CharField("النوع", max_length=20, choices=Kind.choices, default=Kind.PERSON)
    other_names = models.TextField(
        "تهجئات أخرى", blank=True, help_text="اكتب كل تهجئة في سطر مستقل."
    )
    description = models.CharField("وصف قصير", max_length=300, blank=True)
    # Matching forms (core.arabic.normalise), kept in step by save(): the name
    # alone for exact look-ups and duplicate warnings, and the name with every
    # other spelling for search-as-you-type.
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    search_names = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField("أنشئ في", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="أنشأه",
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "متحدث"
        verbose_name_plural = "المتحدثون"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = self.name.strip()
        self.normalised_name = normalise(self.name)
        names = [self.name, *split_names(self.other_names)]
        self.search_names = ALIAS_SEPARATOR.join(dict.fromkeys(normalise(n) for n in names))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "normalised_name", "search_names"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("newsroom:speaker_detail", kwargs={"pk": self.pk})

    @property
    def other_names_list(self) -> list[str]:
        return split_names(self.other_names)


class QuoteAttribution(models.Model):
    """A quote annotation said by a speaker."""

    annotation = models.OneToOneField(
        "annotations.Annotation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="attribution",
        verbose_name="الاقتباس",
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="quotes", verbose_name="المتحدث"
    )
    attributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="نسبه",
    )
    attributed_at = models.DateTimeField("تاريخ النسبة", auto_now=True)

    class Meta:
        verbose_name = "نسبة اقتباس"
        verbose_name_plural = "نسب الاقتباسات"

    def __str__(self) -> str:
        return f"{self.speaker} ← {self.annotation_id}"
