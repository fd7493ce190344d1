"""Writes to the stored index of claims (keyword-only, one transaction each)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from assistant.similarity import (
    THRESHOLD,
    ClaimFeatures,
    candidate_keys,
    compare,
    features,
    key_hash,
)
from newsroom import services as newsroom_services
from newsroom.models import ClaimReview, ReviewStatus
from newsroom.permissions import is_editor
from newsroom.services import ClaimMatches

from .models import CheckedBefore, ClaimKey, ClaimLink, IndexedClaim, KeyFrequency
from .queries import match_statements


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement to index: its article, its text, and its review if it is a claim in the queue."""

    article_id: int
    text: str
    review_id: int | None = None


def _hashes(text: str) -> list[int]:
    return sorted({key_hash(key) for key in candidate_keys(features(text))})


#: Rows per INSERT: at most 5 parameters each, well under SQLite's 32,766.
INSERT_ROWS = 1000


def _add_keys(rows: Sequence[tuple[int, int]]) -> None:
    """Insert (claim id, key) rows and add them to the key frequencies.

    Raw multi-row INSERTs, a thousand rows each: the ORM's bulk_create spends longer
    building objects than the INSERT takes (as search.index does on the import
    path), and executemany pays a round of the driver per row (on PostgreSQL most
    of the build). The upsert is the same SQL on SQLite and PostgreSQL; its keys are
    distinct (counted first), as PostgreSQL requires of one statement."""
    if not rows:
        return
    keys_table = connection.ops.quote_name(ClaimKey._meta.db_table)
    claim_col = connection.ops.quote_name(str(ClaimKey._meta.get_field("claim").column))
    key_col = connection.ops.quote_name(str(ClaimKey._meta.get_field("key").column))
    quote = connection.ops.quote_name
    freq_table = quote(KeyFrequency._meta.db_table)
    freq_key, freq_n = quote("key"), quote("claims")
    counts = Counter(key for _claim, key in rows)
    with connection.cursor() as cursor:
        _insert_many(cursor, f"INSERT INTO {keys_table} ({claim_col}, {key_col}) VALUES", rows)
        _insert_many(
            cursor,
            f"INSERT INTO {freq_table} ({freq_key}, {freq_n}) VALUES",
            sorted(counts.items()),
            f" ON CONFLICT ({freq_key}) DO UPDATE SET {freq_n} = {freq_table}.{freq_n} + excluded.{freq_n}",
        )


def _insert_many(
    cursor: Any, insert: str, rows: Sequence[tuple[int, int]], suffix: str = ""
) -> None:
    for at in range(0, len(rows), INSERT_ROWS):
        chunk = rows[at : at + INSERT_ROWS]
        cursor.execute(
            f"{insert} {', '.join(['(%s, %s)'] * len(chunk))}{suffix}",
            [value for row in chunk for value in row],
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


def _insert_claims(batch: Sequence[Statement], read: Sequence[ClaimFeatures]) -> list[int]:
    """Insert the statements' IndexedClaim rows; their ids, in order.

    A multi-row INSERT ... RETURNING, as bulk_create does, but built once per
    thousand rows instead of through model instances and the ORM's compiler (which
    also caps SQLite at 999 parameters a query): that was half of the index build."""
    quote = connection.ops.quote_name
    meta = IndexedClaim._meta
    columns = ", ".join(
        quote(str(column))
        for column in (
            meta.get_field("article").column,
            meta.get_field("review").column,
            meta.get_field("text").column,
            meta.get_field("features").column,
            meta.get_field("indexed_at").column,
        )
    )
    prep_features = meta.get_field("features").get_db_prep_save
    now = meta.get_field("indexed_at").get_db_prep_save(timezone.now(), connection)
    ids: list[int] = []
    with connection.cursor() as cursor:
        for at in range(0, len(batch), INSERT_ROWS):
            rows = list(zip(batch[at : at + INSERT_ROWS], read[at : at + INSERT_ROWS], strict=True))
            params: list[Any] = []
            for statement, f in rows:
                params += [
                    statement.article_id,
                    statement.review_id,
                    statement.text,
                    prep_features(f.to_json(), connection),
                    now,
                ]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values} "
                f"RETURNING {quote(str(meta.pk.column))}",
                params,
            )
            # Rows come back in the order of VALUES on SQLite and PostgreSQL (what
            # bulk_create relies on too).
            ids += [row[0] for row in cursor.fetchall()]
    return ids


@transaction.atomic
def claims_index_many(*, statements: Iterable[Statement], batch_size: int = 2000) -> int:
    """Index many new statements at once (an import, a rebuild); returns how many were indexed."""
    done = 0
    batch: list[Statement] = []

    def flush() -> None:
        nonlocal done
        read = [features(s.text) for s in batch]
        ids = _insert_claims(batch, read)
        _add_keys(
            [
                (pk, key)
                for pk, f in zip(ids, read, strict=True)
                for key in sorted({key_hash(k) for k in candidate_keys(f)})
            ]
        )
        done += len(ids)
        batch.clear()

    for statement in statements:
        batch.append(statement)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return done


def _require_editor(user) -> None:
    if not is_editor(user):
        raise PermissionDenied("هذا الإجراء للمحررين فقط.")


@transaction.atomic
def claim_link_same(*, review: ClaimReview, earlier: ClaimReview, editor) -> ClaimLink:
    """An editor says ``review`` is the same claim as ``earlier``: the newsroom copies
    the earlier status, verdict, rationale and evidence onto it (each copied field
    with its history row, plus one saying it was copied from the earlier claim; all
    of it stays editable), and the link is kept with its score. Readers then see the
    verdict on this claim's article too, as on any reviewed claim."""
    _require_editor(editor)
    newsroom_services.claim_review_copy(review=review, earlier=earlier, editor=editor)
    score = compare(review.annotation.exact, earlier.annotation.exact).score
    link, _created = ClaimLink.objects.update_or_create(
        review=review, defaults={"earlier": earlier, "score": score, "linked_by": editor}
    )
    return link


@transaction.atomic
def claim_unlink_same(*, review: ClaimReview, editor) -> None:
    """Undo the link (the copied review stays: it is this claim's own now)."""
    _require_editor(editor)
    newsroom_services.claim_review_uncopy(review=review, editor=editor)
    ClaimLink.objects.filter(review=review).delete()


#: Similar claims listed for (and counted on) a claim of the queue, at most.
SIMILAR_LIMIT = 20


def _queue_hits(texts: Sequence[str], *, limit: int) -> list[list[tuple[int, str, bool]]]:
    """For each text, its similar claims of the queue, best first, as (review id,
    status, same claim?): stored statements without a review, and claims out of the
    queue, are left out."""
    results = match_statements(texts, limit=limit + 1)
    claim_ids = {m.claim_id for hits in results for m in hits}
    queue = {
        pk: (review_id, status)
        for pk, review_id, status in IndexedClaim.objects.filter(
            pk__in=claim_ids, review__in_queue=True
        ).values_list("pk", "review_id", "review__status")
    }
    return [
        [(*queue[m.claim_id], m.comparison.same) for m in hits if m.claim_id in queue]
        for hits in results
    ]


def _matches_of(review_id: int, hits: list[tuple[int, str, bool]]) -> ClaimMatches:
    others = [hit for hit in hits if hit[0] != review_id][:SIMILAR_LIMIT]
    same = [(pk, status) for pk, status, is_same in others if is_same]
    return ClaimMatches(
        similar_count=len(others),
        top_match_id=same[0][0] if same else None,
        earlier_match_id=next((pk for pk, st in same if st == ReviewStatus.REVIEWED), None),
    )


def claims_match_refresh(*, review_ids: Iterable[int]) -> set[int]:
    """Recompute what the queue shows of these claims' similar claims (how many, the
    best same claim, the best reviewed one: "checked before"); returns the ids of
    the claims found similar to them (whose own counts may have moved too)."""
    ids = set(review_ids)
    reviews = list(
        ClaimReview.objects.filter(pk__in=ids, in_queue=True)
        .select_related("annotation")
        .only("pk", "annotation__exact")
    )
    found = {pk: ClaimMatches() for pk in ids}  # out of the queue: nothing shown
    neighbours: set[int] = set()
    if reviews:
        for review, hits in zip(
            reviews,
            _queue_hits([r.annotation.exact for r in reviews], limit=SIMILAR_LIMIT),
            strict=True,
        ):
            found[review.pk] = _matches_of(review.pk, hits)
            neighbours |= {pk for pk, _status, _same in hits}
    newsroom_services.claim_matches_record(found=found)
    return neighbours - ids


def claim_matches_follow(*, review_id: int) -> None:
    """After a claim was indexed, or its status or place in the queue changed: its
    own similar claims, and theirs (their counts and "checked before" follow it).
    Its neighbours are found by its text, in the queue or not."""
    text = (
        ClaimReview.objects.filter(pk=review_id).values_list("annotation__exact", flat=True).first()
    )
    if text is None:
        return
    (hits,) = _queue_hits([text], limit=SIMILAR_LIMIT)
    pointing = set(
        ClaimReview.objects.filter(earlier_match_id=review_id).values_list("pk", flat=True)
    )
    claims_match_refresh(review_ids={review_id} | {pk for pk, _status, _same in hits} | pointing)


# Sentences end at . ؟ ! ؛ or a line break; the end mark stays with its sentence.
_SENTENCE_RE = re.compile(r"[^.؟!؛\n]+[.؟!؛]?")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, spaces trimmed."""
    spans = []
    for match in _SENTENCE_RE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


@transaction.atomic
def articles_flag_checked_before(*, article_ids: Sequence[int]) -> int:
    """Flag the sentences of these articles that repeat a reviewed claim; returns how
    many were flagged. With no reviewed claim in the queue none can be: the sentences
    are not read at all (an import into a fresh newsroom pays one query a chunk)."""
    if not ClaimReview.objects.in_queue().filter(status=ReviewStatus.REVIEWED).exists():
        CheckedBefore.objects.filter(article_id__in=article_ids).delete()
        return 0
    articles = Article.objects.filter(pk__in=article_ids).only("pk", "body").order_by("pk")
    return sum(article_flag_checked_before(article=a) for a in articles)


@transaction.atomic
def article_flag_checked_before(*, article: Article) -> int:
    """Flag the article's sentences that are the same claim as a reviewed one
    (replacing earlier flags of the article); returns how many were flagged."""
    CheckedBefore.objects.filter(article=article).delete()
    spans = sentences(article.body)
    if not spans:
        return 0
    own = list(IndexedClaim.objects.filter(article=article).values_list("pk", flat=True))
    results = match_statements(
        [article.body[s:e] for s, e in spans], threshold=THRESHOLD, exclude=own
    )
    claim_ids = {m.claim_id for hits in results for m in hits}
    reviewed = dict(
        IndexedClaim.objects.filter(
            pk__in=claim_ids, review__status=ReviewStatus.REVIEWED, review__in_queue=True
        ).values_list("pk", "review_id")
    )
    flags = []
    for (start, end), hits in zip(spans, results, strict=True):
        best = next((m for m in hits if m.claim_id in reviewed and m.comparison.same), None)
        if best is not None:
            flags.append(
                CheckedBefore(
                    article=article,
                    start=start,
                    end=end,
                    earlier_id=reviewed[best.claim_id],
                    score=best.comparison.score,
                )
            )
    CheckedBefore.objects.bulk_create(flags, ignore_conflicts=True)
    return len(flags)
