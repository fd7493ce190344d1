"""Reading the stored index: the stored claims most like some statements.

Three queries whatever the store's size (assistant.similarity.candidates
explains the scheme): how many claims hold each key, the postings of each
statement's rarest keys, the features of the best-ranked candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection

from assistant.similarity import (
    SIMILAR_THRESHOLD,
    ClaimFeatures,
    Comparison,
    candidate_keys,
    compare_features,
    features,
    key_hash,
    rarest_keys,
    score_bound,
)
from assistant.similarity.candidates import MAX_CANDIDATES

from .models import ClaimKey, IndexedClaim, KeyFrequency

# Postings read per statement, at most: the rarest keys are looked up while
# their claims add up to no more than this (the rarest one always, unless it
# alone exceeds MAX_POSTINGS: a word every article uses finds nothing useful).
POSTINGS_BUDGET = 3000
MAX_POSTINGS = 5000


def _best_candidates(looked_up: list[list[int]], *, exclude: set[int]) -> list[list[int]]:
    """For each statement's keys, the MAX_CANDIDATES stored claims sharing most
    of them, ranked by the database (a grouped read of the key index) in ONE
    query for the whole article: a UNION ALL of one grouped SELECT per statement.
    Raw SQL because the ORM cannot express a union of limited, grouped subqueries."""
    quote = connection.ops.quote_name
    table = quote(ClaimKey._meta.db_table)
    claim = quote(str(ClaimKey._meta.get_field("claim").column))
    key = quote(str(ClaimKey._meta.get_field("key").column))
    parts: list[str] = []
    params: list[int] = []
    for number, keys in enumerate(looked_up):
        if not keys:
            continue
        marks = ", ".join(["%s"] * len(keys))
        parts.append(
            f"SELECT * FROM (SELECT %s AS q, {claim} AS c FROM {table} WHERE {key} IN ({marks}) "
            f"GROUP BY {claim} ORDER BY COUNT(*) DESC, {claim} LIMIT %s) AS s{number}"
        )
        params += [number, *keys, MAX_CANDIDATES + len(exclude)]
    ranked: list[list[int]] = [[] for _ in looked_up]
    if not parts:
        return ranked
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    for number, claim_id in rows:  # each part's rows come in its own rank order
        if claim_id not in exclude and len(ranked[number]) < MAX_CANDIDATES:
            ranked[number].append(claim_id)
    return ranked


def _budget(keys: list[int], frequency: dict[int, int]) -> list[int]:
    chosen: list[int] = []
    total = 0
    for key in keys:
        n = frequency[key]
        if n > MAX_POSTINGS or (chosen and total + n > POSTINGS_BUDGET):
            break
        chosen.append(key)
        total += n
    return chosen


@dataclass(frozen=True, slots=True)
class Match:
    claim_id: int
    comparison: Comparison


def match_statements(
    texts: Sequence[str],
    *,
    threshold: float = SIMILAR_THRESHOLD,
    limit: int = 10,
    exclude: Sequence[int] = (),
) -> list[list[Match]]:
    """For each text, the stored claims scoring at least ``threshold``, best first."""
    wanted = [features(text) for text in texts]
    keys = [{key_hash(k) for k in candidate_keys(f)} for f in wanted]
    every_key = set().union(*keys)
    if not every_key:
        return [[] for _ in texts]
    frequency = dict(
        KeyFrequency.objects.filter(key__in=every_key, claims__gt=0).values_list("key", "claims")
    )
    looked_up = [_budget(rarest_keys(ks, frequency), frequency) for ks in keys]
    ranked = _best_candidates(looked_up, exclude=set(exclude))
    stored = dict(
        IndexedClaim.objects.filter(pk__in=set().union(*map(set, ranked))).values_list(
            "pk", "features"
        )
    )
    cache: dict[int, ClaimFeatures] = {}
    results = []
    for f, ids in zip(wanted, ranked, strict=True):
        hits = []
        for claim_id in ids:
            other = cache.get(claim_id) or cache.setdefault(
                claim_id, ClaimFeatures.from_json(stored[claim_id])
            )
            if score_bound(f, other) < threshold:
                continue  # other figures, dates, speaker...: it cannot reach the threshold
            comparison = compare_features(f, other)
            if comparison.score >= threshold:
                hits.append(Match(claim_id, comparison))
        hits.sort(key=lambda m: (-m.comparison.score, m.claim_id))
        results.append(hits[:limit])
    return results
