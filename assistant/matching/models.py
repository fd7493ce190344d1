"""The stored index of claims: one IndexedClaim per claim (its features, ready
to score) and one ClaimKey row per candidate key (assistant.similarity.candidates)."""

from __future__ import annotations

from django.conf import settings
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


class ClaimLink(models.Model):
    """An editor's "same claim": this claim repeats an earlier one, whose review
    was copied onto it (and stays editable there). Only an editor makes one;
    nothing is linked automatically."""

    review = models.OneToOneField(
        "newsroom.ClaimReview",
        on_delete=models.CASCADE,
        related_name="same_claim_link",
        verbose_name="الادعاء",
    )
    earlier = models.ForeignKey(
        "newsroom.ClaimReview",
        on_delete=models.CASCADE,
        related_name="repeated_as",
        verbose_name="الادعاء السابق",
    )
    score = models.FloatField("درجة التشابه")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="ربطه",
    )
    linked_at = models.DateTimeField("تاريخ الربط", auto_now_add=True)

    class Meta:
        verbose_name = "ربط ادعاء متكرر"
        verbose_name_plural = "روابط الادعاءات المتكررة"

    def __str__(self) -> str:
        return f"{self.review_id} = {self.earlier_id}"


class CheckedBefore(models.Model):
    """A sentence of an imported article that matches a reviewed claim: shown to
    editors as "checked before", with the earlier verdict. Found in the background."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    earlier = models.ForeignKey(
        "newsroom.ClaimReview", on_delete=models.CASCADE, related_name="checked_before"
    )
    score = models.FloatField("درجة التشابه")
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "سبق التحقق منه"
        verbose_name_plural = "سبق التحقق منها"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "earlier"], name="matching_checked_once"
            )
        ]
        indexes = [models.Index(fields=["earlier"], name="matching_checked_earlier")]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.start}-{self.end} ~ {self.earlier_id}"
