"""The newsroom's models, one module per domain: claims (review, evidence, history),
speakers (and quote attribution), moderation (flags, log)."""

from .claims import (
    QUEUE_COUNTS,
    ClaimReview,
    ClaimReviewChange,
    ClaimReviewQuerySet,
    EvidenceSource,
    ReviewStatus,
    Verdict,
)
from .moderation import Flag, ModerationLog
from .speakers import (
    ALIAS_SEPARATOR,
    QuoteAttribution,
    Speaker,
    SpeakerQuerySet,
    SpeakerSearchTerm,
    split_names,
)

__all__ = [
    "ALIAS_SEPARATOR",
    "QUEUE_COUNTS",
    "ClaimReview",
    "ClaimReviewChange",
    "ClaimReviewQuerySet",
    "EvidenceSource",
    "Flag",
    "ModerationLog",
    "QuoteAttribution",
    "ReviewStatus",
    "Speaker",
    "SpeakerQuerySet",
    "SpeakerSearchTerm",
    "Verdict",
    "split_names",
]
