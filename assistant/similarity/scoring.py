"""The score of two statements, and the threshold of "same claim".

    score = content x quantities x dates x polarity x direction x speaker

- content: soft Dice over content terms. A term of one statement counts as
  found in the other when the same term is there, or a term that differs by
  little (RapidFuzz ratio >= FUZZY_RATIO on terms of four letters or more:
  stems the search analysis leaves apart, e.g. ارتفع / ارتفاع).
  content = (found in b of a's terms + found in a of b's terms) / (|a| + |b|).
- every other factor is 1 when the two statements agree or one is silent on it
  (a reworded claim may leave out the speaker or the month), and a penalty when
  they disagree. A different figure, date, polarity, direction or speaker
  makes a different claim however many words are shared, so a conflict
  multiplies the score by CONFLICT (0.3): with a threshold of 0.5 no conflict
  can pass. One side giving figures and the other none is a milder
  MISSING (0.8): "the deficit grew" is vaguer than "the deficit grew by 4%" but
  checked by the same evidence only sometimes.
  Quantities and dates that partly agree (one of two figures shared) count
  PARTIAL (0.6).
- same claim when score >= THRESHOLD; SIMILAR_THRESHOLD is the lower bar of
  the "similar claims" list shown to editors (same topic, maybe other figures).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extractOne

from .features import ClaimFeatures, features

__all__ = [
    "SIMILAR_THRESHOLD",
    "THRESHOLD",
    "Comparison",
    "compare",
    "compare_features",
    "score_bound",
]

THRESHOLD = 0.5
SIMILAR_THRESHOLD = 0.3
FUZZY_RATIO = 85.0
CONFLICT = 0.3
PARTIAL = 0.6
MISSING = 0.8
FIGURE_LIFT = 0.5
DATE_LIFT = 0.25


@dataclass(frozen=True, slots=True)
class Comparison:
    same: bool
    score: float
    content: float
    conflicts: tuple[str, ...]  # which features disagree, for editors and tests


def _found(term: str, others: frozenset[str]) -> bool:
    if term in others:
        return True
    if len(term) < 4:
        return False
    # One call into RapidFuzz's C loop; a 4-letter term and a 3-letter one can
    # reach 85 only if one is in the other, which the stems avoid anyway.
    return extractOne(term, others, scorer=ratio, score_cutoff=FUZZY_RATIO) is not None


def content_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    found = sum(_found(t, b) for t in a) + sum(_found(t, a) for t in b)
    return found / (len(a) + len(b))


def _sets(a: frozenset, b: frozenset) -> float:
    """Agreement of two sets of figures or years: 1 equal (or both empty),
    MISSING if one side is silent, PARTIAL if one side only adds figures
    (the other's are all in it), else CONFLICT (each side has a figure the
    other lacks: 3 killed and 12 hurt is not 5 killed and 12 hurt)."""
    if a == b:
        return 1.0
    if not a or not b:
        return MISSING
    return PARTIAL if a <= b or b <= a else CONFLICT


def _days(a: frozenset[int], b: frozenset[int]) -> float:
    """Dates as month*100+day (or month*100 alone): a month alone agrees with any day of it."""
    if not a or not b or a == b:
        return 1.0
    months_a = {d // 100 for d in a}
    months_b = {d // 100 for d in b}
    if not months_a & months_b:
        return CONFLICT
    full_a = {d for d in a if d % 100}
    full_b = {d for d in b if d % 100}
    if full_a and full_b and not full_a & full_b:
        return CONFLICT
    return 1.0


def _factors(a: ClaimFeatures, b: ClaimFeatures) -> dict[str, float]:
    return {
        "quantities": _sets(a.quantities, b.quantities),
        "years": _sets(a.years, b.years),
        "days": _days(a.days, b.days),
        "polarity": CONFLICT if a.negated != b.negated else 1.0,
        "direction": CONFLICT
        if a.direction and b.direction and a.direction != b.direction
        else 1.0,
        "speaker": CONFLICT
        if a.speaker and b.speaker and not _speakers_meet(a.speaker, b.speaker)
        else 1.0,
    }


def _content_bound(a: frozenset[str], b: frozenset[str]) -> float:
    """content_similarity(a, b) at most: a term is found in the other set if it
    is in it, or fuzzily only when it has four letters or more (_found)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    fuzzy = sum(1 for t in a if len(t) >= 4 and t not in b)
    fuzzy += sum(1 for t in b if len(t) >= 4 and t not in a)
    return (2 * shared + fuzzy) / (len(a) + len(b))


def _score(content: float, a: ClaimFeatures, b: ClaimFeatures, factors: dict[str, float]) -> float:
    # Shared figures and dates are the most specific evidence two statements
    # make one claim: they lift a reworded claim whose words differ.
    shared_figures = min(len(a.quantities & b.quantities), 2)
    shared_dates = min(len(a.years & b.years) + len(a.days & b.days), 2)
    lift = FIGURE_LIFT * shared_figures + DATE_LIFT * shared_dates
    score = (content + lift) / (1 + lift) if content else 0.0
    for value in factors.values():
        score *= value
    return round(score, 4)


def score_bound(a: ClaimFeatures, b: ClaimFeatures) -> float:
    """The highest score the pair can reach without the fuzzy comparison of terms:
    the score with the content part at its bound (the score grows with the
    content, and round() keeps the order). A pair whose bound is below a
    threshold is below it: the matcher skips it."""
    return _score(_content_bound(a.terms, b.terms), a, b, _factors(a, b))


def compare_features(a: ClaimFeatures, b: ClaimFeatures) -> Comparison:
    content = content_similarity(a.terms, b.terms)
    factors = _factors(a, b)
    score = _score(content, a, b, factors)
    conflicts = tuple(name for name, value in factors.items() if value <= PARTIAL)
    return Comparison(
        same=score >= THRESHOLD, score=score, content=round(content, 4), conflicts=conflicts
    )


def _speakers_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    # "سليم" and "وزير المالية أحمد سليم" are one person (the shorter is in the
    # longer); "وزير المالية" and "وزير الصحة" are not (titles are left out of
    # the speaker terms), nor "وزير الخارجية لافروف" and "وزير الخارجية بلينكن"
    # (half of the shorter name is not found in the other).
    shorter, longer = sorted((a, b), key=len)
    return sum(_found(t, longer) for t in shorter) * 2 >= len(shorter)


def compare(a: str, b: str) -> Comparison:
    """Compare two statements as written."""
    return compare_features(features(a), features(b))
