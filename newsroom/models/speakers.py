"""Speakers and the quotes attributed to them."""

from __future__ import annotations

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Count, Q
from django.urls import reverse

from annotations.models import shown_to_everyone
from core.arabic import MAX_TERM, WORD_RE, bare_seats, name_terms, normalise

ALIAS_SEPARATOR = "\n"
# Words of a query compared at most: a name is a handful of words.
MAX_QUERY_WORDS = 8


def split_names(text: str) -> list[str]:
    """Other spellings are typed one per line; blank lines carry nothing."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class SpeakerQuerySet(models.QuerySet):
    def matching(self, query: str) -> SpeakerQuerySet:
        """Speakers with, for every word of the query, a word of their name or of another
        spelling that starts with it (SpeakerSearchTerm, an indexed prefix look-up, never
        a scan). Compared in the matching form and with bare seats, so hamza forms, taa
        marbuta, diacritics agree and فواد finds فؤاد, مسوول finds مسؤول."""
        typed = WORD_RE.findall(normalise(query))[:MAX_QUERY_WORDS]
        bare = WORD_RE.findall(bare_seats(query))[:MAX_QUERY_WORDS]
        if not typed:
            return self.none()
        sqlite = connections[self.db].vendor == "sqlite"
        matched = self
        for word, bare_word in zip(typed, bare, strict=False):
            condition = Q()
            for form in dict.fromkeys((word[:MAX_TERM], bare_word[:MAX_TERM])):
                if sqlite:
                    # SQLite's LIKE uses no index on a BINARY column; a range does, and in
                    # BINARY (code point) order it holds exactly the words with the prefix.
                    condition |= Q(term__gte=form, term__lt=form + "\U0010ffff")
                else:
                    # PostgreSQL: LIKE 'form%' on the column's pattern_ops index.
                    condition |= Q(term__startswith=form)
            terms = SpeakerSearchTerm.objects.filter(condition).values("speaker_id")
            matched = matched.filter(pk__in=terms)
        return matched

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
        names_written = update_fields is None or bool({"name", "other_names"} & set(update_fields))
        using = kwargs.get("using") or self._state.db or "default"
        if not names_written:
            super().save(*args, **kwargs)
            return
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            self._write_search_terms(using)

    def _write_search_terms(self, using: str) -> None:
        """Replace the words the speaker list's search looks up (SpeakerSearchTerm)."""
        terms = name_terms("\n".join([self.name, *split_names(self.other_names)]))
        SpeakerSearchTerm.objects.using(using).filter(speaker=self).delete()
        SpeakerSearchTerm.objects.using(using).bulk_create(
            SpeakerSearchTerm(speaker=self, term=term) for term in terms
        )

    def get_absolute_url(self) -> str:
        return reverse("newsroom:speaker_detail", kwargs={"pk": self.pk})

    @property
    def other_names_list(self) -> list[str]:
        return split_names(self.other_names)


class SpeakerSearchTerm(models.Model):
    """One word of a speaker's name or other spellings in a matching form
    (core.arabic.name_terms), written by Speaker.save(): Speaker.objects.matching()
    finds speakers by the prefix of these words through the index on ``term``."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=MAX_TERM, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["speaker", "term"], name="speaker_term_once")
        ]

    def __str__(self) -> str:
        return self.term


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
