"""Similarity of Arabic claims: pure, Django-free.

``features(text)`` reads a statement into what a fact-checker compares (content
terms, quantities, dates, polarity, direction of change, speaker);
``compare(a, b)`` scores two statements in [0, 1] and says whether they are the
same claim (score >= THRESHOLD); ``ClaimIndex`` finds, among many stored
claims, the few worth scoring (candidate generation). See scoring.py for the
documented formula.
"""

from .candidates import ClaimIndex, candidate_keys, key_hash, rank_candidates, rarest_keys
from .features import ClaimFeatures, features
from .scoring import (
    SIMILAR_THRESHOLD,
    THRESHOLD,
    Comparison,
    compare,
    compare_features,
    score_bound,
)

__all__ = [
    "SIMILAR_THRESHOLD",
    "THRESHOLD",
    "ClaimFeatures",
    "ClaimIndex",
    "Comparison",
    "candidate_keys",
    "compare",
    "compare_features",
    "features",
    "key_hash",
    "rank_candidates",
    "rarest_keys",
    "score_bound",
]
