"""Writes to the stored index of claims (keyword-only, one transaction each)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F

from assistant.similarity import candidate_keys, features, key_hash

from .models import ClaimKey, IndexedClaim, KeyFrequency


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement to index: its article, its text, and its review if it is a claim in the queue."""

    article_id: int
    text: str
    review_id: int | None = None


def _hashes(text: str) -> list[int]:
    return sorted({key_hash(key) for key in candidate_keys(features(text))})


def _add_keys(rows: Sequence[tuple[int, int]]) -> None:
    """Insert (claim id, key) rows and add them to the key frequencies.

    Raw executemany: the ORM's bulk_create spends longer building objects than
    the INSERT takes (as search.index does on the import path). The upsert is
    the same SQL on SQLite and PostgreSQL."""
    if not rows:
        return
    keys_table = connection.ops.quote_name(ClaimKey._meta.db_table)
    claim_col = connection.ops.quote_name(ClaimKey._meta.get_field("claim").column)
    key_col = connection.ops.quote_name(ClaimKey._meta.get_field("key").column)
    quote = connection.ops.quote_name
    freq_table = quote(KeyFrequency._meta.db_table)
    freq_key, freq_n = quote("key"), quote("claims")
    counts = Counter(key for _claim, key in rows)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {keys_table} ({claim_col}, {key_col}) VALUES (%s, %s)", list(rows)
        )
        cursor.executemany(
            f"INSERT INTO {freq_table} ({freq_key}, {freq_n}) VALUES (%s, %s) "
            f"ON CONFLICT ({freq_key}) DO UPDATE SET {freq_n} = {freq_table}.{freq_n} + excluded.{freq_n}",
            sorted(counts.items()),
        )


def _remove_keys(claim_ids: Sequence[int]) -> None:
    rows = list(ClaimKey.objects.filter(claim_id__in=claim_ids).values_list("key", flat=True))
    for key, n in Counter(rows).items():
        KeyFrequency.objects.filter(key=key).update(claims=F("claims") - n)
    ClaimKey.objects.filter(claim_id__in=claim_ids).delete()


@transaction.atomic
def claim_index(*, article_id: int, text: str, review_id: int | None = None) -> IndexedClaim:
    """Index one statement (or re-index a review's claim after its text changed)."""
    f = features(text).to_json()
    if review_id is not None:
        entry, created = IndexedClaim.objects.update_or_create(
            review_id=review_id, defaults={"article_id": article_id, "text": text, "features": f}
        )
        if not created:
            _remove_keys([entry.pk])
    else:
        entry = IndexedClaim.objects.create(article_id=article_id, text=text, features=f)
    _add_keys([(entry.pk, key) for key in _hashes(text)])
    return entry


@transaction.atomic
def claim_unindex(*, claim_ids: Sequence[int]) -> None:
    """Remove stored claims from the index (their keys and frequencies too)."""
    _remove_keys(claim_ids)
    IndexedClaim.objects.filter(pk__in=claim_ids).delete()


@transaction.atomic
def claims_index_many(*, statements: Iterable[Statement], batch_size: int = 2000) -> int:
    """Index many new statements at once (an import, a rebuild); returns how many were indexed."""
    done = 0
    batch: list[Statement] = []

    def flush() -> None:
        nonlocal done
        read = [features(s.text) for s in batch]
        entries = IndexedClaim.objects.bulk_create(
            IndexedClaim(
                article_id=s.article_id, review_id=s.review_id, text=s.text, features=f.to_json()
            )
            for s, f in zip(batch, read, strict=True)
        )
        _add_keys(
            [
                (entry.pk, key)
                for entry, f in zip(entries, read, strict=True)
                for key in sorted({key_hash(k) for k in candidate_keys(f)})
            ]
        )
        done += len(entries)
        batch.clear()

    for statement in statements:
        batch.append(statement)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return done
