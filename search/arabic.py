"""Arabic-aware text analysis for matching and search. Pure Python, Django-free.

Two public functions, used by the whole project:

- ``normalise(text)`` gives the *matching form* of any text: no diacritics,
  tatweel or bidi/zero-width controls, one alef, ى and ي unified, ة and ه
  unified, hamza on waw/yaa written as a bare hamza (so the common spelling
  variants مسئول / مسؤول and شئون / شؤون meet), Western digits, casefolded
  Latin. It never splits or joins words.
- ``analyse(text)`` gives the *index terms*: one term per word, in order (so
  phrases can be matched on the term sequence), with attached clitics removed
  and suffixes stemmed.

Stored text is never changed: both functions return new strings, and the
search index is the only place their output is kept.

Why the analysis is built the way it is:

- Clitics are stripped by our own rule, not by Snowball. Snowball's Arabic
  stemmer treats ``بال`` and ``وال`` inconsistently (بالأمن -> بالام,
  والناتو -> والنات) and strips a leading ب or و that belongs to the word
  (بيان -> يان). Our rule is *recursive*: a word that starts with a clitic
  letter (و ف ب ك ل) followed by at least three letters, or with ال followed
  by at least two, is analysed as its remainder. Because analyse(clitic + w)
  is by construction analyse(w), الوزير, والوزير and وزير all give the same
  term, which a grammatical one-pass stripper cannot promise (it gives وزير
  for الوزير but زير for وزير). The price is that a few words whose first
  letter merely looks like a clitic are over-stripped (بيان -> يان); that costs
  a little precision, never recall, since queries go through the same code.
- Snowball then stems suffixes only: its output is accepted only when it is
  a prefix of its input (it removed a suffix and nothing else) and leaves at
  least three letters; otherwise a small list of plural/feminine suffixes is
  removed instead.
- ة is kept while stemming (Snowball knows it is a suffix; after ة -> ه it
  does not), and a final ه is rewritten as ة first, so مدرسه and مدرسة stem
  alike. Likewise ى is rewritten as ي before stemming, because Snowball strips
  a final ي but not ى (مستشفي -> مستشف, مستشفى -> مستشفي).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import snowballstemmer

__all__ = ["analyse", "analyse_word", "normalise", "word_spans"]

# --- Character classes ------------------------------------------------------

# Bidi controls, zero-width characters and the BOM: invisible, never part of a
# word's meaning, and a way to make two spellings of one word look identical.
CONTROLS = (
    "\u061c"  # Arabic letter mark
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2060\u2066\u2067\u2068\u2069"  # word joiner, isolates
    "\ufeff"
)
TATWEEL = "\u0640"

# Every non-spacing mark (Unicode category Mn): Arabic harakat U+064B-U+065F,
# the superscript alef U+0670, Quranic annotation marks U+06D6-U+06ED, the
# hamza/madda that NFKD splits off أ إ آ ؤ ئ, and Latin accents.
_MARKS = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn")
_MARKS_RE = re.compile("[" + re.escape(_MARKS) + "]")


def _digits(zero: int) -> dict[int, str]:
    return {zero + i: str(i) for i in range(10)}


# Applied before NFKD: characters NFKD would not unify the way we want.
_PRE = {
    **{ord(c): None for c in CONTROLS + TATWEEL},
    ord("ؤ"): "ء",  # NFKD would make these و / ي and lose the hamza
    ord("ئ"): "ء",
    ord("ٱ"): "ا",  # alef wasla has no decomposition
    ord("ى"): "ي",
    ord("ی"): "ي",  # Farsi yeh
    ord("ک"): "ك",  # keheh
    **_digits(0x0660),  # Arabic-Indic digits
    **_digits(0x06F0),  # Extended (Persian/Urdu) digits
}
_TAA_MARBUTA = {ord("ة"): "ه"}


# A word on the *stored* text: letters and digits (\w), with the marks, tatweel
# and invisible controls that may sit inside an Arabic word. Punctuation
# separates words; so does the underscore, which callers replace with a space
# first (same length, so offsets hold): one character class is much faster
# than an alternation.
def _char_class(chars: str) -> str:
    """A regex class body with runs collapsed into ranges (long lists of single
    characters make the re module test them one by one)."""
    points = sorted({ord(c) for c in chars})
    parts, start = [], None
    for i, point in enumerate(points):
        if start is None:
            start = point
        if i + 1 == len(points) or points[i + 1] != point + 1:
            end = "-" + re.escape(chr(point)) if point != start else ""
            parts.append(re.escape(chr(start)) + end)
            start = None
    return "".join(parts)


# Marks outside the Basic Multilingual Plane are left out: none is Arabic.
_BMP_MARKS = "".join(c for c in _MARKS if ord(c) < 0x10000)
WORD_RE = re.compile("[\\w" + _char_class(_BMP_MARKS + TATWEEL + CONTROLS) + "]+")


def _words_text(text: str) -> str:
    return text.replace("_", " ")


_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a]")


def _fold(text: str, *, taa_marbuta: bool) -> str:
    """Matching form; keeps ة when ``taa_marbuta`` is True (for the stemmer)."""
    if text.isascii():
        return text.casefold()
    text = text.translate(_PRE)
    text = unicodedata.normalize("NFKD", text)
    text = _MARKS_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if not taa_marbuta:
        text = text.translate(_TAA_MARBUTA)
    return text.casefold()


def normalise(text: str) -> str:
    """The matching form of ``text`` (see the module docstring). Never changes word boundaries."""
    return _fold(text, taa_marbuta=False)


# --- Words -------------------------------------------------------------------


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text``, on the text as stored.

    Words include their diacritics and tatweel, so highlighting a span never
    cuts a word (and never breaks Arabic letter joining).
    """
    return [m.span() for m in WORD_RE.finditer(_words_text(text))]


# --- Clitics and stemming ----------------------------------------------------

CLITIC_LETTERS = frozenset("وفبكل")
# A clitic is only removed when at least this many letters remain, so short
# words keep their first letters (ولد, بلد, لكن, آلاف -> الاف, الآن stay whole).
MIN_AFTER_LETTER = 3
MIN_AFTER_ARTICLE = 3
MIN_STEM = 3
# PostgreSQL drops words over 2,047 bytes from a tsvector (FTS5 would keep them);
# cutting every term to this length keeps the two backends identical.
MAX_TERM = 100
# Removed when Snowball's output is rejected (see module docstring).
_FALLBACK_SUFFIXES = ("ات", "ون", "ين", "ة")

_stemmer = snowballstemmer.stemmer("arabic")
_CLITICS_ON_OTHER_SCRIPT_RE = re.compile("^(?:ال|[وفبكل])+(?=[^\u0621-\u064a]+$)")


def strip_clitics(word: str) -> str:
    """Remove attached proclitics from a folded Arabic word (recursively; see module docstring)."""
    while True:
        if word.startswith("ال") and len(word) - 2 >= MIN_AFTER_ARTICLE:
            word = word[2:]
        elif word[:1] in CLITIC_LETTERS and len(word) - 1 >= MIN_AFTER_LETTER:
            word = word[1:]
        else:
            return word


def stem_suffixes(word: str) -> str:
    """Remove inflectional suffixes from a folded, clitic-free Arabic word (ة still present)."""
    if word.endswith("ه"):
        # Written ه for ة (or the pronoun "his"): stem both alike.
        word = word[:-1] + "ة"
    stem = word
    # Snowball removes one layer of suffixes per call: مصريين -> مصري -> مصر.
    for _ in range(3):
        candidate = _stemmer.stemWord(stem)
        if candidate == stem or len(candidate) < MIN_STEM or not stem.startswith(candidate):
            break
        stem = candidate
    if stem != word:
        if word.endswith("ات") and stem == word[:-1] and len(word) - 2 >= MIN_STEM:
            # Snowball leaves the alef of the feminine plural: حكومات -> حكوما.
            stem = word[:-2]
        return stem
    for suffix in _FALLBACK_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=200_000)
def analyse_word(word: str) -> str:
    """The index term of one word as written (may be "" for a word of marks/controls only)."""
    folded = _fold(word, taa_marbuta=True)
    if not folded.isalnum():
        # Compatibility forms can decompose into punctuation (⑴ -> "(1)", ℅ -> "c/o");
        # a term of letters and digits only is one token for FTS5 and PostgreSQL alike.
        folded = "".join(char for char in folded if char.isalnum())
    if len(folded) > MAX_TERM:
        # Not a word of any language; also keeps clitic stripping linear.
        return folded[:MAX_TERM].translate(_TAA_MARBUTA)
    if _ARABIC_LETTER_RE.search(folded):
        # Clitics written onto a Latin word or a number (لـNATO, والـAI, بـ2024):
        # the script change marks the boundary, however short the rest is.
        folded = _CLITICS_ON_OTHER_SCRIPT_RE.sub("", folded)
    if _ARABIC_LETTER_RE.search(folded):
        folded = stem_suffixes(strip_clitics(folded))
    return folded.translate(_TAA_MARBUTA)


def analyse(text: str) -> list[str]:
    """Index terms of ``text``, one per word, in order."""
    terms = map(analyse_word, WORD_RE.findall(_words_text(text)))
    return [term for term in terms if term]
