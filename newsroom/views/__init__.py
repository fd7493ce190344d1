"""The newsroom's pages, one module per domain."""

from .claims import (
    claim_detail,
    claim_inline_update,
    claim_queue,
    evidence_delete,
    queue_page,
)
from .moderation import annotation_flag
from .queue_export import claim_queue_csv
from .speakers import quote_attribute, speaker_detail, speaker_list

__all__ = [
    "annotation_flag",
    "claim_detail",
    "claim_inline_update",
    "claim_queue",
    "claim_queue_csv",
    "evidence_delete",
    "queue_page",
    "quote_attribute",
    "speaker_detail",
    "speaker_list",
]
