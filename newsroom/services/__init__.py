"""The newsroom's writes, one module per domain. Each checks permission on the server,
validates, and records what it did (claim history, moderation log) in one transaction."""

from .annotations import (
    annotation_create,
    annotation_delete,
    annotation_restore,
    annotation_update,
)
from .claims import (
    REVIEW_FIELDS,
    claim_queue_sync,
    claim_review_for,
    claim_review_update,
    claims_follow_article,
    editors_queryset,
    evidence_add,
    evidence_remove,
    validate_url,
)
from .moderation import (
    FLAG_REASON_MAX,
    annotation_hide,
    annotation_unhide,
    flag_create,
    reply_flag_create,
    reply_moderate,
    reply_moderate_delete,
)
from .repeats import (
    ClaimMatches,
    claim_matches_record,
    claim_review_copy,
    claim_review_uncopy,
)
from .speakers import (
    ATTRIBUTABLE_KINDS,
    quote_attribute,
    quote_unattribute,
    speaker_create,
    speakers_merge,
)

__all__ = [
    "ATTRIBUTABLE_KINDS",
    "FLAG_REASON_MAX",
    "REVIEW_FIELDS",
    "ClaimMatches",
    "annotation_create",
    "annotation_delete",
    "annotation_hide",
    "annotation_restore",
    "annotation_unhide",
    "annotation_update",
    "claim_matches_record",
    "claim_queue_sync",
    "claim_review_copy",
    "claim_review_for",
    "claim_review_uncopy",
    "claim_review_update",
    "claims_follow_article",
    "editors_queryset",
    "evidence_add",
    "evidence_remove",
    "flag_create",
    "quote_attribute",
    "quote_unattribute",
    "reply_flag_create",
    "reply_moderate",
    "reply_moderate_delete",
    "speaker_create",
    "speakers_merge",
    "validate_url",
]
