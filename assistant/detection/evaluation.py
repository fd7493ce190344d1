"""Scoring the detector against hand-labelled answers. Pure Python.

A found quotation counts when its text is exactly a labelled quotation's text;
its speaker counts when both names have the same matching form (diacritics,
hamza forms and "عبد ال" written joined or apart do not matter). A claim counts
when its sentence is a labelled sentence (surrounding spaces and the final
stop aside).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .text import fold, words


def speaker_key(name: str | None) -> str:
    if not name:
        return ""
    return " ".join(w.form for w in words(name)).replace("عبد ال", "عبدال")


def _sentence_key(text: str) -> str:
    return text.strip().rstrip(".!؟?؛").strip()


@dataclass(slots=True)
class Score:
    quote_tp: int = 0
    quote_fp: int = 0
    quote_fn: int = 0
    speaker_right: int = 0
    speaker_total: int = 0
    claim_tp: int = 0
    claim_fp: int = 0
    claim_fn: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def quote_precision(self) -> float:
        return self._ratio(self.quote_tp, self.quote_tp + self.quote_fp)

    @property
    def quote_recall(self) -> float:
        return self._ratio(self.quote_tp, self.quote_tp + self.quote_fn)

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speaker_right, self.speaker_total)

    @property
    def claim_precision(self) -> float:
        return self._ratio(self.claim_tp, self.claim_tp + self.claim_fp)

    @property
    def claim_recall(self) -> float:
        return self._ratio(self.claim_tp, self.claim_tp + self.claim_fn)


def score_file(
    score: Score,
    name: str,
    found_quotes: list[tuple[str, str | None]],
    found_claims: list[str],
    answer: dict,
) -> None:
    """Add one file's comparison to ``score`` (and its misses, described)."""
    gold = Counter(q["text"].strip() for q in answer.get("quotes", []))
    speakers: dict[str, list[str]] = {}
    for q in answer.get("quotes", []):
        speakers.setdefault(q["text"].strip(), []).append(q.get("speaker") or "")
    remaining = Counter(gold)
    for text, speaker in found_quotes:
        key = text.strip()
        if remaining[key] > 0:
            remaining[key] -= 1
            score.quote_tp += 1
            score.speaker_total += 1
            expected = speakers[key][0]
            if speaker_key(speaker) == speaker_key(expected):
                score.speaker_right += 1
            else:
                score.misses.append(
                    f"{name}: speaker {speaker!r}, expected {expected!r}: «{key[:60]}»"
                )
        else:
            score.quote_fp += 1
            score.misses.append(f"{name}: not a labelled quote: «{key[:60]}»")
    for key, n in remaining.items():
        for _ in range(n):
            score.quote_fn += 1
            score.misses.append(f"{name}: quote not found: «{key[:60]}»")
    gold_claims = Counter(_sentence_key(c) for c in answer.get("claims", []))
    left = Counter(gold_claims)
    for claim in found_claims:
        key = _sentence_key(claim)
        if left[key] > 0:
            left[key] -= 1
            score.claim_tp += 1
        else:
            score.claim_fp += 1
            score.misses.append(f"{name}: not a labelled claim: «{key[:70]}»")
    for key, n in left.items():
        for _ in range(n):
            score.claim_fn += 1
            score.misses.append(f"{name}: claim not found: «{key[:70]}»")


__all__ = ["Score", "fold", "score_file", "speaker_key"]
