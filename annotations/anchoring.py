"""Anchor annotations in an article's canonical text. Pure Python, no Django.

A browser sends two W3C Web Annotation selectors measured on the canonical text:
a TextPositionSelector (start, end) and a TextQuoteSelector (exact, prefix,
suffix). :func:`anchor` checks them against the text and snaps the range outward
to whole words, because a ``<mark>`` inside an Arabic word breaks letter joining.
:func:`reanchor` finds an annotation again after the text was edited, and
rather detaches it than draws it on the wrong words (see its docstring for the
order of the searches and the documented thresholds).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

MAX_QUOTE_LENGTH = 3000
CONTEXT_LENGTH = 32

TATWEEL = "\u0640"
ZWNJ, ZWJ = "\u200c", "\u200d"


def is_word_char(char: str) -> bool:
    """Letters, digits and every combining mark (Arabic harakat U+064B–U+065F,
    superscript alef U+0670, ...) belong to words, and so do tatweel and the
    zero-width joiners that shape letters inside a word."""
    if char in (TATWEEL, ZWNJ, ZWJ):
        return True
    category = unicodedata.category(char)
    return category[0] in ("L", "N", "M")


class AnchorError(ValueError):
    """A selector that cannot be anchored. ``message`` is shown to the user (Arabic)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class AnchorState(StrEnum):
    ANCHORED = "anchored"
    REANCHORED = "reanchored"
    DETACHED = "detached"


class AnchorMethod(StrEnum):
    """How a re-anchored annotation was found (stored with each re-anchoring)."""

    EXACT = "exact"  # the same quote at the same offsets
    CONTEXT = "context"  # the quote's matching form elsewhere, chosen by its context
    FUZZY = "fuzzy"  # an approximate match of the quote, confirmed by its context


@dataclass(frozen=True, slots=True)
class Reanchored:
    state: AnchorState
    anchor: Anchor | None  # None when detached
    # The weighted score of the chosen place (0..1, see reanchor), or of the best
    # rejected candidate when detached (0.0 when nothing resembled the quote).
    score: float = 0.0
    method: AnchorMethod | None = None  # None when detached


def context(text: str, start: int, end: int) -> Anchor:
    """The anchor for text[start:end] with its W3C quote context."""
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim surrounding whitespace, then widen [start, end) to whole words.

    Like a double-click: a range never begins or ends between two word
    characters, so a diacritic or a tatweel is never separated from its letter.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < len(text) and is_word_char(text[start - 1]) and is_word_char(text[start]):
        start -= 1
    while 0 < end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        end += 1
    return start, end


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def find_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> int | None:
    """Where ``exact`` is, if it can be told unambiguously: the only occurrence,
    or else the only one whose surrounding text matches both prefix and suffix."""
    if not exact:
        return None
    candidates = _occurrences(text, exact)
    if len(candidates) == 1:
        return candidates[0]
    if not (prefix or suffix):
        return None
    with_context = [
        at
        for at in candidates
        if text[:at].endswith(prefix) and text[at + len(exact) :].startswith(suffix)
    ]
    return with_context[0] if len(with_context) == 1 else None


def anchor(
    text: str,
    *,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str = "",
    suffix: str = "",
) -> Anchor:
    """Check a selector pair against ``text`` and return the word-snapped anchor.

    Raises AnchorError (with an Arabic message) for empty, too long, out of
    range, forged or stale selectors; never guesses between two candidates.
    """
    if not isinstance(exact, str) or not exact.strip():
        raise AnchorError("empty", "النص المحدد فارغ؛ حدّد كلمة واحدة على الأقل.")
    if len(exact) > MAX_QUOTE_LENGTH:
        raise AnchorError(
            "too_long", f"النص المحدد أطول من {MAX_QUOTE_LENGTH} حرف؛ حدّد مقطعًا أقصر."
        )
    positions_valid = (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and 0 <= start < end <= len(text)
    )
    found: int | None = None
    if positions_valid and text[start:end] == exact:
        found = start
    else:
        found = find_quote(text, exact, prefix, suffix)
        if found is None:
            if exact in text:
                raise AnchorError(
                    "ambiguous",
                    "تعذّر تحديد موضع النص المحدد بدقة لأنه يتكرر في المقال؛ "
                    "أعد تحميل الصفحة وحدّده من جديد.",
                )
            raise AnchorError(
                "not_found",
                "النص المحدد غير موجود في المقال (ربما عُدّل المقال)؛ "
                "أعد تحميل الصفحة وحدّده من جديد.",
            )
    assert found is not None  # for mypy: every other path raised
    snapped_start, snapped_end = snap_to_words(text, found, found + len(exact))
    if snapped_end - snapped_start > MAX_QUOTE_LENGTH:
        raise AnchorError(
            "too_long", f"النص المحدد أطول من {MAX_QUOTE_LENGTH} حرف؛ حدّد مقطعًا أقصر."
        )
    return context(text, snapped_start, snapped_end)


# --- Re-anchoring ------------------------------------------------------------
#
# Candidates are compared on the *matching form* of the text (the same folding
# as search.arabic.normalise, re-done here because annotations sits below
# search): no diacritics, tatweel or invisible controls, one alef, hamza on
# waw/yaa as a bare hamza, ى = ي, ة = ه, Arabic punctuation as its Latin twin,
# Western digits, casefolded Latin, runs of whitespace as one space. A
# diacritic, a tatweel, a hamza spelling or «،» -> «,» therefore costs nothing.
#
# Every candidate place gets a score out of 1, weighted like Hypothesis's
# client: quote 50, prefix 20, suffix 20, position 2 (of 92).
#   quote:  Indel similarity of the two matching forms (1 = identical);
#   prefix/suffix: Indel similarity of the *word sequences* of the stored
#           context and of the words at the candidate's side. Words rather
#           than characters because two unrelated Arabic phrases share ~40% of
#           their letters in order but almost none of their words, so a wrong
#           place scores near 0 while an edit inside the context costs one word;
#   position: 1 - distance from the stored offset / text length (a tie-breaker).
# A place is accepted only when all of these hold, otherwise the annotation is
# detached (kept with its quote, never drawn):
QUOTE_THRESHOLD = 0.7  # the span's matching form is at least this similar to the quote's
SCORE_THRESHOLD = 0.75  # the weighted score: a weaker quote needs a stronger context
MARGIN = 0.1  # ahead of the best candidate elsewhere (not overlapping): never a coin toss
# and the context agrees on both sides (each side's similarity >= SIDE_THRESHOLD,
# and the word right next to it on one side is the stored one: the same word a
# few words away shares half of each side, shifted),
SIDE_THRESHOLD = 0.5
# or, for the quote's own matching form only (text inserted or deleted right
# next to it, e.g. a paragraph inserted before it), on one side with at least
# ONE_SIDE_THRESHOLD including the word next to it, when the quote occurs only
# once in the new text (a common word with one matching side proves nothing).
ONE_SIDE_THRESHOLD = 0.75
# An approximate match (a quote that was itself edited) needs both sides, and
# the words right next to it must be the stored context's on both sides: the
# words it touches place it, its own letters only confirm it.
#
# An exact occurrence whose context agrees this well is taken without a fuzzy search.
CONFIDENT_CONTEXT = 0.9
# Among overlapping spans of one place, each agreeing neighbour word adds this
# to the span's score (see _Candidate.fit).
BOUNDARY_BONUS = 0.05

WEIGHT_QUOTE, WEIGHT_PREFIX, WEIGHT_SUFFIX, WEIGHT_POSITION = 50.0, 20.0, 20.0, 2.0
_WEIGHTS = WEIGHT_QUOTE + WEIGHT_PREFIX + WEIGHT_SUFFIX + WEIGHT_POSITION

# Approximate search: the places where most of the stored passage's words
# (prefix, quote, suffix) occur in the same order are the regions in which
# RapidFuzz aligns the quote; at most this many regions,
FUZZY_REGIONS = 4
# and a word that occurs more often than this in the text says nothing about where.
COMMON_WORD = 200
# An exact occurrence list longer than this (a one-letter quote...) is cut.
MAX_OCCURRENCES = 2000

_CONTROLS = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff" + TATWEEL
)
_FOLD_TABLE = {
    "ؤ": "ء",  # NFKD would make these و / ي and lose the hamza
    "ئ": "ء",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ک": "ك",
    "ة": "ه",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _CONTROLS:
        return ""
    if char.isspace():
        return " "
    if char in _FOLD_TABLE:
        return _FOLD_TABLE[char]
    if char.isascii():
        return char.casefold()
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", kept).casefold()


_WORD_RE = re.compile(r"\w+")


def _is_word(char: str) -> bool:
    """A character of a word in the matching form (what \\w matches)."""
    return char.isalnum() or char == "_"


# Stands for a stored context word that the new text does not contain at all.
_UNKNOWN_WORD = "\U0010ffff"


@dataclass(frozen=True, slots=True)
class _Form:
    """A text's matching form, its words, and the maps back to the stored text."""

    folded: str
    to_folded: list[int]  # stored offset -> offset in ``folded`` (len(text) + 1 entries)
    to_stored: list[int]  # offset in ``folded`` -> the stored character it came from
    word_starts: list[int]  # offsets in ``folded`` of each word (a run of \w)
    word_ends: list[int]
    # One character per word, the same for the same matching form: context word
    # sequences are compared as short strings (fast in RapidFuzz).
    word_ids: str
    vocabulary: dict[str, str]
    positions: dict[str, list[int]]  # word id -> the indexes of the words with it
    breaks: list[int]  # offsets in ``folded`` of the spaces that stand for a line break


def _build_form(text: str) -> _Form:
    pieces = [_fold_char(c) for c in text]
    out: list[str] = []
    to_stored: list[int] = []
    to_folded = [0] * (len(text) + 1)
    breaks: list[int] = []
    space = True  # leading whitespace folds to nothing
    for i, piece in enumerate(pieces):
        to_folded[i] = len(to_stored)
        if not piece:
            continue
        if piece == " " and space:
            if text[i] == "\n" and to_stored and (not breaks or breaks[-1] != len(to_stored) - 1):
                breaks.append(len(to_stored) - 1)
            continue
        space = piece == " "
        if space and text[i] == "\n":
            breaks.append(len(to_stored))
        out.append(piece)
        to_stored.extend([i] * len(piece))
    to_folded[len(text)] = len(to_stored)
    folded = "".join(out)
    vocabulary: dict[str, str] = {}
    word_starts: list[int] = []
    word_ends: list[int] = []
    ids: list[str] = []
    positions: dict[str, list[int]] = {}
    for index, match in enumerate(_WORD_RE.finditer(folded)):
        word_starts.append(match.start())
        word_ends.append(match.end())
        word = match.group()
        if word not in vocabulary:
            vocabulary[word] = chr(0x10000 + len(vocabulary))
            positions[vocabulary[word]] = []
        ids.append(vocabulary[word])
        positions[vocabulary[word]].append(index)
    return _Form(
        folded,
        to_folded,
        to_stored,
        word_starts,
        word_ends,
        "".join(ids),
        vocabulary,
        positions,
        breaks,
    )


@lru_cache(maxsize=8)
def _form(text: str) -> _Form:
    # An article's annotations are re-anchored one call at a time against the
    # same text: fold it once.
    return _build_form(text)


def matching_form(text: str) -> str:
    """The form quotes are compared in (see above); never used for display."""
    return _build_form(text).folded.rstrip(" ")


def quote_similarity(a: str, b: str) -> float:
    """How alike two passages are, 0..1, on their matching forms."""
    return Indel.normalized_similarity(matching_form(a), matching_form(b))


def _context_words(side: str, *, is_prefix: bool, complete: bool) -> list[str]:
    """The words of a stored context, without the one it may have cut in half."""
    words = _WORD_RE.findall(matching_form(side))
    if words and not complete:
        cut = is_word_char(side[0]) if is_prefix else is_word_char(side[-1])
        if cut:
            words = words[1:] if is_prefix else words[:-1]
    return words


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # offsets in the matching form
    end: int
    quote: float
    prefix: float
    suffix: float
    # The word right next to the span on that side is the stored context's.
    prefix_adjacent: bool
    suffix_adjacent: bool
    score: float

    @property
    def context(self) -> float:
        return (self.prefix + self.suffix) / 2

    @property
    def fit(self) -> float:
        """Chooses the boundaries among overlapping spans of one place: the
        score, and the words next to the span. Without the second, dropping the
        quote's first word after an insertion («إلى الرئيسي الأمطار») can win,
        because the inserted word shares letters with the dropped one."""
        return self.score + BOUNDARY_BONUS * (self.prefix_adjacent + self.suffix_adjacent)


class _Scorer:
    """Scores spans of one text's matching form against one annotation's selectors."""

    def __init__(
        self, text: str, form: _Form, *, start: int, exact: str, prefix: str, suffix: str
    ) -> None:
        self.text = text
        self.form = form
        self.start = start
        quote_form = _build_form(exact)
        self.quote = quote_form.folded.rstrip(" ")
        self.quote_breaks = len(quote_form.breaks)
        # context() keeps CONTEXT_LENGTH characters unless the text begins or
        # ends sooner: a shorter prefix reached the beginning, a shorter suffix the end.
        self.prefix_at_text_start = start == len(prefix)
        self.suffix_at_text_end = len(suffix) < CONTEXT_LENGTH
        self.prefix_words = _context_words(
            prefix, is_prefix=True, complete=self.prefix_at_text_start
        )
        self.suffix_words = _context_words(
            suffix, is_prefix=False, complete=self.suffix_at_text_end
        )
        self.quote_words = _WORD_RE.findall(self.quote)
        vocabulary = form.vocabulary
        self.prefix_ids = "".join(vocabulary.get(w, _UNKNOWN_WORD) for w in self.prefix_words)
        self.suffix_ids = "".join(vocabulary.get(w, _UNKNOWN_WORD) for w in self.suffix_words)
        self.seen: dict[tuple[int, int], _Candidate] = {}

    def score(self, start: int, end: int) -> _Candidate:
        key = (start, end)
        known = self.seen.get(key)
        if known is not None:
            return known
        form = self.form
        quote = Indel.normalized_similarity(self.quote, form.folded[start:end])
        before = bisect_left(form.word_starts, start)  # words that begin before the span
        after = bisect_left(form.word_starts, end)  # the first word after it
        if self.prefix_ids:
            new = form.word_ids[max(0, before - len(self.prefix_ids)) : before]
            prefix = Indel.normalized_similarity(self.prefix_ids, new)
            prefix_adjacent = new[-1:] == self.prefix_ids[-1:]
        else:
            # Nothing to compare: the stored side was the edge of the text (then
            # being at the edge again agrees), or no context was given (unknown).
            prefix_adjacent = self.prefix_at_text_start and before == 0
            prefix = 1.0 if prefix_adjacent else 0.0
        if self.suffix_ids:
            new = form.word_ids[after : after + len(self.suffix_ids)]
            suffix = Indel.normalized_similarity(self.suffix_ids, new)
            suffix_adjacent = new[:1] == self.suffix_ids[:1]
        else:
            suffix_adjacent = self.suffix_at_text_end and after == len(form.word_starts)
            suffix = 1.0 if suffix_adjacent else 0.0
        stored_start = form.to_stored[start] if start < len(form.to_stored) else len(self.text)
        position = 1.0 - min(1.0, abs(stored_start - self.start) / max(1, len(self.text)))
        total = (
            WEIGHT_QUOTE * quote
            + WEIGHT_PREFIX * prefix
            + WEIGHT_SUFFIX * suffix
            + WEIGHT_POSITION * position
        ) / _WEIGHTS
        candidate = _Candidate(
            start, end, quote, prefix, suffix, prefix_adjacent, suffix_adjacent, total
        )
        self.seen[key] = candidate
        return candidate

    def exact_occurrences(self) -> list[_Candidate]:
        """Every occurrence of the quote's matching form that is not part of a longer word."""
        folded, quote = self.form.folded, self.quote
        check_start, check_end = _is_word(quote[0]), _is_word(quote[-1])
        found: list[_Candidate] = []
        at = folded.find(quote)
        while at != -1 and len(found) < MAX_OCCURRENCES:
            end = at + len(quote)
            inside_a_word = (check_start and at > 0 and _is_word(folded[at - 1])) or (
                check_end and end < len(folded) and _is_word(folded[end])
            )
            if not inside_a_word:
                found.append(self.score(at, end))
            at = folded.find(quote, at + 1)
        return found

    def _crosses_paragraphs(self, start: int, end: int) -> bool:
        breaks = self.form.breaks
        return bisect_left(breaks, end) - bisect_left(breaks, start) > self.quote_breaks

    def refine(self, start: int, end: int) -> _Candidate | None:
        """The best whole-word span near an approximate alignment [start, end)."""
        form = self.form
        if not form.word_starts:
            return None
        first = max(0, bisect_right(form.word_starts, start) - 3)
        last = max(0, bisect_left(form.word_ends, end) - 3)
        starts = set(form.word_starts[first : first + 5])
        ends = set(form.word_ends[last : last + 6])
        # A quote that began or ended with punctuation may take it again.
        if not _is_word(self.quote[0]):
            starts |= {self._widen(s, -1) for s in starts}
        if not _is_word(self.quote[-1]):
            ends |= {self._widen(e, 1) for e in ends}
        limit = 2 * len(self.quote) + 2 * CONTEXT_LENGTH
        best: _Candidate | None = None
        for s in starts:
            for e in ends:
                if s < e <= s + limit and not self._crosses_paragraphs(s, e):
                    candidate = self.score(s, e)
                    if best is None or candidate.fit > best.fit:
                        best = candidate
        return best

    def _widen(self, at: int, step: int) -> int:
        folded = self.form.folded
        if step < 0:
            while at > 0 and folded[at - 1] != " " and not _is_word(folded[at - 1]):
                at -= 1
        else:
            while at < len(folded) and folded[at] != " " and not _is_word(folded[at]):
                at += 1
        return at

    def regions(self) -> list[tuple[int, int]]:
        """Spans of the matching form where the quote probably was: each word of
        the stored passage votes, at every occurrence of it in the text, for
        where the passage would begin; the best-supported offsets win (an edit
        shifts the words after it by a word or two, so neighbours add up)."""
        form = self.form
        passage = self.prefix_words + self.quote_words + self.suffix_words
        votes: dict[int, int] = {}
        for i, word in enumerate(passage):
            word_id = form.vocabulary.get(word)
            if word_id is None:
                continue
            positions = form.positions[word_id]
            if len(positions) > COMMON_WORD:
                continue
            for j in positions:
                votes[j - i] = votes.get(j - i, 0) + 1
        support = {
            offset: sum(votes.get(offset + d, 0) for d in (-2, -1, 0, 1, 2)) for offset in votes
        }
        chosen: list[int] = []
        for offset in sorted(support, key=lambda o: (-support[o], o)):
            if support[offset] < 2 or len(chosen) == FUZZY_REGIONS:
                break
            if all(abs(offset - other) > 2 for other in chosen):
                chosen.append(offset)
        spans = []
        last = len(form.word_starts) - 1
        for offset in chosen:
            first_word = offset + len(self.prefix_words)
            lo = min(last, max(0, first_word - 2))
            hi = min(last, max(0, first_word + len(self.quote_words) + 2))
            spans.append((form.word_starts[lo], form.word_ends[hi]))
        return spans

    def approximate_within(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the quote aligns inside the span [start, end) of the matching form."""
        region = self.form.folded[start:end]
        if len(region) <= len(self.quote):
            return (start, end) if region else None
        alignment = fuzz.partial_ratio_alignment(self.quote, region)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return None
        return start + alignment.dest_start, start + alignment.dest_end

    def stored_span(self, candidate: _Candidate) -> tuple[int, int]:
        to_stored = self.form.to_stored
        start, end = to_stored[candidate.start], to_stored[candidate.end - 1] + 1
        return snap_to_words(self.text, start, end)


def _decide(candidates: list[_Candidate]) -> tuple[_Candidate | None, _Candidate | None]:
    """The best candidate and the best one elsewhere (not overlapping it)."""
    if not candidates:
        return None, None
    ranked = sorted(candidates, key=lambda c: c.score, reverse=True)
    best = ranked[0]
    runner_up = next((c for c in ranked[1:] if c.end <= best.start or c.start >= best.end), None)
    return best, runner_up


def _acceptable(best: _Candidate, runner_up: _Candidate | None, *, occurrences: int) -> bool:
    """The documented thresholds (see the top of this section)."""
    if best.quote < QUOTE_THRESHOLD or best.score < SCORE_THRESHOLD:
        return False
    if runner_up is not None and best.score - runner_up.score < MARGIN:
        return False
    both_sides = best.prefix >= SIDE_THRESHOLD and best.suffix >= SIDE_THRESHOLD
    if best.quote < 1.0:
        return both_sides and best.prefix_adjacent and best.suffix_adjacent
    if both_sides:
        return best.prefix_adjacent or best.suffix_adjacent
    one_side = (best.prefix >= ONE_SIDE_THRESHOLD and best.prefix_adjacent) or (
        best.suffix >= ONE_SIDE_THRESHOLD and best.suffix_adjacent
    )
    return one_side and occurrences == 1


def reanchor(
    text: str, *, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
) -> Reanchored:
    """Find an annotation again in an edited text; detach it rather than guess.

    In this order:
    1. the same quote at the same offsets with the same prefix and suffix ->
       anchored (method exact);
    2. the quote's matching form elsewhere (not inside a longer word), accepted
       when its context agrees (>= CONFIDENT_CONTEXT) and its score beats every
       other occurrence's by MARGIN -> re-anchored (method context);
    3. otherwise an approximate search: in the regions where the stored
       passage's words occur in order, RapidFuzz aligns the quote; each
       alignment is fitted to whole words (never across more paragraph breaks
       than the quote had) and scored with the exact occurrences; the best is
       accepted only under the thresholds documented above -> re-anchored
       (fuzzy, or context when its matching form is the quote's);
    4. otherwise detached: kept, listed with its quote, never drawn.
    A returned range always begins and ends on whole words (or on the
    punctuation the quote itself began or ended with).
    """
    if (
        0 <= start < end <= len(text)
        and text[start:end] == exact
        and text[max(0, start - len(prefix)) : start] == prefix
        and text[end : end + len(suffix)] == suffix
        # Letters glued on at either end make the quote part of a longer word now.
        and snap_to_words(text, start, end) == (start, end)
    ):
        return Reanchored(AnchorState.ANCHORED, context(text, start, end), 1.0, AnchorMethod.EXACT)
    scorer = _Scorer(text, _form(text), start=start, exact=exact, prefix=prefix, suffix=suffix)
    if not scorer.quote:
        return Reanchored(AnchorState.DETACHED, None)

    exact_found = scorer.exact_occurrences()
    occurrences = len(exact_found)
    best, runner_up = _decide(exact_found)
    if (
        best is None
        or best.context < CONFIDENT_CONTEXT
        or not _acceptable(best, runner_up, occurrences=occurrences)
    ):
        fuzzy: list[_Candidate] = []
        for region_start, region_end in scorer.regions():
            span = scorer.approximate_within(region_start, region_end)
            refined = None if span is None else scorer.refine(*span)
            if refined is not None:
                fuzzy.append(refined)
        best, runner_up = _decide(exact_found + fuzzy)
        if best is None or not _acceptable(best, runner_up, occurrences=occurrences):
            return Reanchored(AnchorState.DETACHED, None, best.score if best else 0.0)

    new_start, new_end = scorer.stored_span(best)
    found = context(text, new_start, new_end)
    # Snapping to the stored text's words may take a character the matching
    # form split differently (a ligature such as ﷺ unfolds to words): check again.
    if Indel.normalized_similarity(scorer.quote, matching_form(found.exact)) < QUOTE_THRESHOLD:
        return Reanchored(AnchorState.DETACHED, None, best.score)
    if (new_start, new_end) == (start, end) and found.exact == exact:
        return Reanchored(AnchorState.ANCHORED, found, best.score, AnchorMethod.EXACT)
    method = AnchorMethod.CONTEXT if best.quote == 1.0 else AnchorMethod.FUZZY
    return Reanchored(AnchorState.REANCHORED, found, best.score, method)
