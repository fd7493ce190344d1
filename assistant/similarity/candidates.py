"""Candidate generation: among many stored claims, the few worth scoring.

Every claim is indexed under its keys: its content terms, its figures and its
years (``candidate_keys``). A query looks up only its RAREST keys (lowest
document frequency; figures and names are rare, "الحكومة" is not), so the
work per query is bounded by the rare keys' posting lists, not by the size of
the store; stored claims are ranked by how many keys they share and the top
ones are scored in full. The same scheme runs in memory (``ClaimIndex``,
for the command line and tests) and in the database (the assistant's
ClaimKey table, one row per key with an index on the key).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping

from .features import ClaimFeatures
from .scoring import SIMILAR_THRESHOLD, Comparison, compare_features

__all__ = [
    "MAX_CANDIDATES",
    "QUERY_KEYS",
    "ClaimIndex",
    "candidate_keys",
    "key_hash",
    "rank_candidates",
    "rarest_keys",
]

QUERY_KEYS = 6  # rarest keys looked up per query claim
MAX_CANDIDATES = 12  # stored claims scored in full per query claim


def candidate_keys(f: ClaimFeatures) -> set[str]:
    keys = {"t:" + t for t in f.terms}
    keys.update(f"n:{value:g}{'%' if pct else ''}" for value, pct in f.quantities)
    keys.update(f"y:{year}" for year in f.years)
    return keys


def key_hash(key: str) -> int:
    """A stable signed 64-bit number for a key (the stored index keeps numbers:
    smaller rows and index than the strings; Python's hash() changes per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def rarest_keys[K: (str, int)](  # key strings in memory, their hashes in the database
    keys: Iterable[K], frequency: Mapping[K, int], *, count: int = QUERY_KEYS
) -> list[K]:
    """The ``count`` keys found in fewest stored claims; keys no claim has are
    left out (they cannot find anything)."""
    present = [key for key in keys if frequency.get(key, 0)]
    return sorted(present, key=lambda key: (frequency[key], key))[:count]


def rank_candidates(
    postings: Iterable[tuple[Hashable, str]], *, limit: int = MAX_CANDIDATES
) -> list[Hashable]:
    """Ids of stored claims by the number of query keys they share (most first)."""
    shared = Counter(claim for claim, _key in postings)
    return [claim for claim, _count in shared.most_common(limit)]


class ClaimIndex:
    """An in-memory index of claims: add(id, features), then search(features)."""

    def __init__(self) -> None:
        self._postings: dict[str, list[Hashable]] = defaultdict(list)
        self._features: dict[Hashable, ClaimFeatures] = {}

    def __len__(self) -> int:
        return len(self._features)

    def add(self, claim_id: Hashable, f: ClaimFeatures) -> None:
        self._features[claim_id] = f
        for key in candidate_keys(f):
            self._postings[key].append(claim_id)

    def search(
        self, f: ClaimFeatures, *, threshold: float = SIMILAR_THRESHOLD, limit: int = 10
    ) -> list[tuple[Hashable, Comparison]]:
        frequency = {key: len(self._postings.get(key, ())) for key in candidate_keys(f)}
        keys = rarest_keys(frequency, frequency)
        postings = ((claim, key) for key in keys for claim in self._postings.get(key, ()))
        scored = [
            (claim, compare_features(f, self._features[claim]))
            for claim in rank_candidates(postings)
        ]
        hits = [(claim, c) for claim, c in scored if c.score >= threshold]
        hits.sort(key=lambda hit: -hit[1].score)
        return hits[:limit]
