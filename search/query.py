"""Parsing what a reader types into the search box. Pure Python, Django-free.

Syntax, deliberately small: words; "a quoted phrase" (also «» and “”) whose
words must appear in order; -word or -"phrase" to exclude. Everything else
(FTS syntax such as * : ( ) NEAR AND OR NOT, SQL, punctuation, diacritics,
bidi controls) is ordinary text: it goes through analyse() like the
articles do, and only analysed terms ever reach the database, each quoted by
the backend. A query longer than MAX_CHARS characters or MAX_TERMS terms is
cut, and ``truncated`` says so, so the page can tell the reader.

Each thing asked for is a Group: the phrase as typed and its other readings,
any of which matches: the singular and broken plurals of a word (arabic.plural_variants),
its hamza written on another seat (seat_variants), the other reading of a word
the lexicon cannot split (clitic_readings, prefixed_terms), a compound name
joined or apart (عبد الستار / عبدالستار), and, through ``expand``, the other
names of a synonym set or of a speaker (الناتو / حلف شمال الأطلسي).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from core.arabic import (
    NAME_HEADS,
    analyse,
    analyse_word,
    clitic_readings,
    normalise,
    plural_forms,
    plural_variants,
    prefixed_terms,
    seat_variants,
    split_compound_name,
)

MAX_CHARS = 200
MAX_TERMS = 12
# Alternatives per group: enough for a word's plurals and spellings and a
# synonym set, few enough that a query stays a handful of index look-ups.
MAX_ALTERNATIVES = 24

# A quoted phrase, an optionally negated chunk, or a lone quote mark.
_PIECE_RE = re.compile(
    r"""(?P<neg>-)?(?:"(?P<p1>[^"]*)"|«(?P<p2>[^»]*)»|“(?P<p3>[^”]*)”)"""
    r"""|(?P<chunk>\S+)"""
)

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """One thing the reader asked for: any of ``phrases`` matches (the first as typed)."""

    phrases: tuple[Phrase, ...]
    # Other forms searched, as a reader writes them (shown under the results).
    labels: tuple[str, ...] = ()
    typed: str = ""

    @property
    def phrase(self) -> Phrase:
        return self.phrases[0]

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(term for phrase in self.phrases for term in phrase)


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    required: tuple[Group, ...] = ()
    excluded: tuple[Group, ...] = ()
    truncated: bool = False
    # Typed words that were read as one group with their neighbour (names, synonyms).
    merged: tuple[str, ...] = field(default=(), compare=False)

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        """Each required group's phrase as typed."""
        return tuple(group.phrase for group in self.required)

    @property
    def excluded_phrases(self) -> tuple[Phrase, ...]:
        return tuple(group.phrase for group in self.excluded)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (exclusions alone cannot be searched)."""
        return not self.required

    @property
    def highlight_terms(self) -> frozenset[str]:
        """Analysed terms to mark in titles and snippets: every alternative searched."""
        return frozenset(term for group in self.required for term in group.terms)

    @property
    def variants(self) -> list[tuple[str, tuple[str, ...]]]:
        """(as typed, other forms searched) for each group that has other forms."""
        return [(group.typed, group.labels) for group in self.required if group.labels]


def word_group(typed: str) -> Group:
    """A single typed word with its other readings."""
    term = analyse_word(typed)
    phrases: list[Phrase] = [(term,)]
    labels: list[str] = []
    seen = {term}

    def add(phrase: Phrase, label: str | None = None) -> None:
        if phrase and all(phrase) and phrase not in phrases and len(phrases) < MAX_ALTERNATIVES:
            phrases.append(phrase)
            if label and label not in labels:
                labels.append(label)

    compound = split_compound_name(typed)
    if compound:
        head, rest = compound
        add((analyse_word(head), analyse_word(rest)), f"{head} {rest}")
    for form in plural_forms(typed):
        add((analyse_word(form),), form)
    for other in sorted(plural_variants(typed) - seen):
        add((other,))
    for other in sorted(seat_variants(typed)):
        # Shown only when it reads as a word (فؤاد -> فواد); a bare ء is the matching form.
        add((other,), None if "ء" in other else other)
    for reading in clitic_readings(typed):
        add((analyse_word(reading),), reading)
    for other in sorted(prefixed_terms(typed)):
        add((other,))
    return Group(phrases=tuple(phrases), labels=tuple(labels), typed=typed)


def _name_group(head: str, name: str) -> Group:
    """عبد + X typed apart: the two words in order, or written joined."""
    phrase = (analyse_word(head), analyse_word(name))
    joined = analyse_word(head + name)
    return Group(phrases=(phrase, (joined,)), labels=(head + name,), typed=f"{head} {name}")


def parse(raw: str | None) -> ParsedQuery:
    raw = raw or ""
    text = raw.strip()
    truncated = len(text) > MAX_CHARS
    if truncated:
        text = _cut(text, MAX_CHARS)

    # (negated, quoted, phrase-or-word, typed)
    items: list[tuple[bool, bool, Phrase, str]] = []
    budget = MAX_TERMS
    for match in _PIECE_RE.finditer(text):
        negated = bool(match.group("neg"))
        quoted = next((g for g in match.group("p1", "p2", "p3") if g is not None), None)
        if quoted is not None:
            pieces = [(True, tuple(analyse(quoted)), quoted)]
        else:
            chunk = match.group("chunk")
            if chunk.startswith("-") and len(chunk) > 1:
                negated, chunk = True, chunk[1:]
            # Outside quotes every word stands alone, whatever joins them (al-Sisi, a:b).
            pieces = [(False, (analyse_word(word),), word) for word in _words(chunk)]
        for is_quoted, phrase, typed in pieces:
            if not phrase or not all(phrase):
                continue
            if budget <= 0 or len(phrase) > budget:
                truncated = True
                phrase = phrase[:budget]
                if not phrase:
                    break
            items.append((negated, is_quoted, phrase, typed))
            budget -= len(phrase)

    required: list[Group] = []
    excluded: list[Group] = []
    index = 0
    while index < len(items):
        negated, is_quoted, phrase, typed = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if (
            not is_quoted
            and normalise(typed) in NAME_HEADS
            and following is not None
            and not following[1]
            and following[0] == negated
        ):
            group = _name_group(normalise(typed), following[3])
            index += 2
        elif is_quoted:
            group = Group(phrases=(phrase,), typed=typed)
            index += 1
        else:
            group = word_group(typed)
            index += 1
        target = excluded if negated else required
        if all(existing.phrases != group.phrases for existing in target):
            target.append(group)

    # A word both wanted and excluded: the exclusion wins (it was asked for explicitly).
    excluded_phrases = {group.phrase for group in excluded}
    required = [group for group in required if group.phrase not in excluded_phrases]
    return ParsedQuery(
        raw=raw, required=tuple(required), excluded=tuple(excluded), truncated=truncated
    )


def _words(chunk: str) -> list[str]:
    from core.arabic import WORD_RE, _words_text

    return WORD_RE.findall(_words_text(chunk))


def expand(query: ParsedQuery, synonym_sets: Iterable[Sequence[str]]) -> ParsedQuery:
    """Add the other names of every synonym set the query names (as a run of its words
    or as a quoted phrase): الناتو finds حلف شمال الأطلسي, and the reverse. Each set is a
    list of expressions as written; the same sets serve the synonym list and speakers'
    other spellings. Pure: the caller loads the sets."""
    analysed: list[list[tuple[Phrase, str]]] = []
    for expressions in synonym_sets:
        entries = [(tuple(analyse(text)), text) for text in expressions]
        entries = [(phrase, text) for phrase, text in entries if phrase]
        if len(entries) > 1:
            analysed.append(entries)
    if not analysed or query.is_empty:
        return query

    groups = list(query.required)
    out: list[Group] = []
    index = 0
    while index < len(groups):
        best: tuple[int, list[tuple[Phrase, str]], Phrase] | None = None
        for entries in analysed:
            for phrase, _text in entries:
                run = _run_length(groups, index, phrase)
                if run and (best is None or len(phrase) > len(best[2])):
                    best = (run, entries, phrase)
        if best is None:
            out.append(groups[index])
            index += 1
            continue
        run, entries, phrase = best
        covered = groups[index : index + run]
        phrases = [phrase]
        labels: list[str] = []
        for group in covered if run == 1 else ():
            phrases.extend(p for p in group.phrases if p not in phrases)
            labels.extend(label for label in group.labels if label not in labels)
        for other, text in entries:
            if other not in phrases and len(phrases) < MAX_ALTERNATIVES:
                phrases.append(other)
                labels.append(text)
        typed = " ".join(group.typed for group in covered)
        out.append(Group(phrases=tuple(phrases), labels=tuple(labels), typed=typed))
        index += run
    return replace(query, required=tuple(out))


def _run_length(groups: Sequence[Group], start: int, phrase: Phrase) -> int:
    """How many groups from ``start`` spell ``phrase`` (0 if they do not)."""
    group = groups[start]
    if group.phrase == phrase:
        return 1
    if len(phrase) < 2 or start + len(phrase) > len(groups):
        return 0
    run = groups[start : start + len(phrase)]
    if all(len(g.phrase) == 1 and g.phrase[0] == term for g, term in zip(run, phrase, strict=True)):
        return len(phrase)
    return 0


def _cut(text: str, limit: int) -> str:
    """Cut at the last space before ``limit`` so no word is split, if there is one."""
    head = text[:limit]
    if len(text) > limit and not text[limit].isspace():
        space = head.rfind(" ")
        if space > 0:
            head = head[:space]
    return head.rstrip()
