"""The stored index of claims: one IndexedClaim per claim (its features, ready
to score) and one ClaimKey row per candidate key (assistant.similarity.candidates)."""

from __future__ import annotations

from django.db import models


class IndexedClaim(models.Model):
    # A claim in the newsroom's queue; statements without a review (claim
    # candidates of imported articles) have none.
    review = models.OneToOneField(
        "newsroom.ClaimReview",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="similarity_entry",
        verbose_name="مراجعة الادعاء",
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="المقال",
    )
    text = models.TextField("النص")
    # ClaimFeatures.to_json(): candidates are scored without re-reading their text.
    features = models.JSONField("السمات")
    indexed_at = models.DateTimeField("تاريخ الفهرسة", auto_now=True)

    class Meta:
        verbose_name = "ادعاء مفهرس"
        verbose_name_plural = "ادعاءات مفهرسة"

    def __str__(self) -> str:
        return self.text[:80]


class ClaimKey(models.Model):
    claim = models.ForeignKey(IndexedClaim, on_delete=models.CASCADE, related_name="keys")
    key = models.BigIntegerField()  # candidates.key_hash of the key string

    class Meta:
        # Both queries read this index alone: the count of claims per key, and
        # the postings (claim ids) of the rarest keys.
        indexes = [models.Index(fields=["key", "claim"], name="matching_key_claim")]

    def __str__(self) -> str:
        return f"{self.key} -> {self.claim_id}"


class KeyFrequency(models.Model):
    """How many stored claims hold each key, kept by the index writes: a query
    picks its rarest keys from here without counting postings."""

    key = models.BigIntegerField(primary_key=True)
    claims = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.claims}"
