"""Arabic-aware text analysis for matching and search. Pure Python, Django-free.

Two public functions used by the whole project (the rest serve search):

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

- Clitics are stripped by our own rule, not by Snowball (which treats بال and
  وال inconsistently and strips a ب or و that belongs to the word). Proclitics
  are read in the order Arabic attaches them (و/ف, then ب/ك/ل, then ال), and a
  lexicon decides (strip_clitics): the article is always removed and nothing
  after it (الفيوم -> فيوم, never يوم); a bare letter only when the rest is a
  word and the whole is not (والوزير -> وزير, but وحدة, فكرة, بيان, كوبري stay).
  The lexicon is arramooz's (the dictionaries qalsadi analyses with) read
  offline from the pinned package, plus core/lexicon.txt. When neither
  reading is a word the index keeps the word whole and the query side asks for
  both readings (clitic_readings, prefixed_terms), so no two words of the
  lexicon ever share a term through a clitic (bench/bench_search_quality.py
  counts them).
- Query-side readings, never stored: the singular and broken plurals of a noun
  (plural_variants, from arramooz's plural column), hamza seats written bare
  (seat_variants: فواد / فؤاد), compound names (split_compound_name).
- A number with a decimal point or thousands separators is one term
  (number_term: 14.1 -> 14d1, 1,500 -> 1500).
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
import sqlite3
import sys
import unicodedata
from contextlib import closing
from functools import lru_cache
from pathlib import Path

import snowballstemmer

__all__ = [
    "analyse",
    "analyse_word",
    "bare_seats",
    "clitic_readings",
    "is_known",
    "lexicon",
    "name_terms",
    "normalise",
    "number_term",
    "plural_forms",
    "plural_variants",
    "prefixed_terms",
    "seat_variants",
    "split_compound_name",
    "warm",
    "word_spans",
]

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
_WORD_CLASS = "[\\w" + _char_class(_BMP_MARKS + TATWEEL + CONTROLS) + "]+"
# A number with a decimal point or thousands separators (14.1, ١٤٫١, 1,500,
# ١٬٥٠٠) is one word, so 14.1 does not match 14 and 1. Tried first: the word
# class alone would cut it at the point.
_NUMBER = "[\u0621-\u064a]{0,3}\\d+(?:[.,\u066b\u066c]\\d+)+(?![.,\u066b\u066c]?\\w)"
WORD_RE = re.compile(_NUMBER + "|" + _WORD_CLASS)
# Where no digit is followed by a separator and a digit, _NUMBER cannot match, and the
# word class alone finds the same words, without trying _NUMBER at every word.
_NUMBER_HINT_RE = re.compile("\\d[.,\u066b\u066c]\\d")
_WORD_ONLY_RE = re.compile(_WORD_CLASS)


def find_words(text: str) -> list[str]:
    """WORD_RE.findall(text), faster for the many texts without a decimal number."""
    return (WORD_RE if _NUMBER_HINT_RE.search(text) else _WORD_ONLY_RE).findall(text)


_NUMBER_RE = re.compile("^\\d+(?:[.,\u066b\u066c]\\d+)+$")
_THOUSANDS_RE = re.compile("^\\d{1,3}(?:,\\d{3})+$|^\\d{1,3}(?:\\.\\d{3}){2,}$")


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


_BARE_SEATS = {ord("ؤ"): "و", ord("ئ"): "ي"}


def bare_seats(text: str) -> str:
    """A further folding of the matching form: ؤ and ئ as the bare و and ي people often
    write (فؤاد -> فواد, مسؤول -> مسوول). Compare it alongside normalise(), not instead:
    it parts مسئول (مسيول) from مسؤول (مسوول), which normalise() unites."""
    return normalise(text.translate(_BARE_SEATS))


def name_terms(text: str) -> list[str]:
    """The words under which a name is found by a search-as-you-type prefix, each in the
    matching form and, where it differs, with bare seats (فؤاد -> فءاد and فواد), in order,
    without repeats. A query word is compared with normalise() and bare_seats() alike, so
    فواد, فؤاد and فئاد-style spellings meet the name whichever way it was stored."""
    words = WORD_RE.findall(normalise(text)) + WORD_RE.findall(bare_seats(text))
    terms: list[str] = []
    for word in words:
        terms.append(word)
        # The name's own words behind the article or a joined عبد (السيسي by سيسي,
        # عبدالستار by الستار and ستار), as a substring search found them.
        compound = split_compound_name(word)
        rest = compound[1] if compound else word
        if compound:
            terms.append(rest)
        if rest.startswith("ال") and len(rest) >= 5:
            terms.append(rest[2:])
    return list(dict.fromkeys(term[:MAX_TERM] for term in terms))


# --- Words -------------------------------------------------------------------


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every word in ``text``, on the text as stored.

    Words include their diacritics and tatweel, so highlighting a span never
    cuts a word (and never breaks Arabic letter joining).
    """
    return [m.span() for m in WORD_RE.finditer(_words_text(text))]


# --- The lexicon ---------------------------------------------------------------

# Words of the language, in their matching form: arramooz's noun and verb
# dictionaries and its frequency list (the dictionaries qalsadi analyses with,
# shipped in the pinned arramooz-pysqlite package and read offline), plus the
# project's own short list (core/lexicon.txt) of news words and place names
# they lack (كوبري, الفيوم's فيوم). Loaded once per process, on first use.
_LEXICON_FILE = Path(__file__).with_name("lexicon.txt")


def _arramooz_db(name: str) -> Path:
    import arramooz  # an installed data package; no network, no model download

    return Path(arramooz.__file__).with_name("data") / name


def _rows(db: str, sql: str) -> list[tuple]:
    # Read-only, by URI: the package's files are never written.
    uri = _arramooz_db(db).as_uri() + "?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        return connection.execute(sql).fetchall()


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Every known word in its matching form (see normalise)."""
    words: set[str] = set()
    for (word,) in _rows("arabicdictionary.sqlite", "SELECT unvocalized FROM nouns"):
        words.add(normalise(word))
    for (word,) in _rows("arabicdictionary.sqlite", "SELECT unvocalized FROM verbs"):
        words.add(normalise(word))
    for (word,) in _rows("wordfreq.sqlite", "SELECT unvocalized FROM wordfreq"):
        words.add(normalise(word))
    for line in _LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(normalise(line))
    words.discard("")
    return frozenset(words)


# Suffixes a lexicon look-up sees through: the dictionary lists lemmas, the
# text inflects them (طاقات, وزيرها, مشروعين).
_LOOKUP_SUFFIXES = (
    "هما",
    "كما",
    "ها",
    "هم",
    "هن",
    "كم",
    "نا",
    "ات",
    "ون",
    "ين",
    "ان",
    "يه",
    "ه",
    "ي",
)


def is_known(word: str) -> bool:
    """Whether ``word`` (any spelling) is a word of the lexicon, or one inflected by a suffix."""
    form = normalise(word)
    known = lexicon()
    if form in known or any(variant in known for variant in _seat_forms(form)):
        return True
    for suffix in _LOOKUP_SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 2:
            base = form[: -len(suffix)]
            if base in known or base + "ه" in known:
                return True
    return False


def _seat_forms(form: str) -> list[str]:
    """A matching form with an inner و or ي read as the hamza seat it may stand for
    (فواد -> فءاد, مسوول -> مسءول): names and words written without their hamza."""
    positions = [i for i, char in enumerate(form) if char in "وي" and 0 < i < len(form) - 1]
    if not positions or len(positions) > 3:
        return []
    out = []
    for mask in range(1, 1 << len(positions)):
        chars = list(form)
        for bit, position in enumerate(positions):
            if mask >> bit & 1:
                chars[position] = "ء"
        out.append("".join(chars))
    return out


# --- Clitics and stemming ----------------------------------------------------

# Proclitics in the order Arabic attaches them: a conjunction (و ف), then a
# preposition (ب ك ل), then the article (ال; ل + ال is written لل).
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
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
_CLITICS_ON_NUMBER_RE = re.compile("^(?:ال|[وفبكل])+(?=\\d)")
_CLITICS_ON_OTHER_SCRIPT_RE = re.compile("^(?:ال|[وفبكل])+(?=[^\u0621-\u064a]+$)")


def _splits(word: str) -> list[tuple[str, str, bool]]:
    """Every grammatical (proclitics, rest, has_article) reading, longest proclitics first."""
    readings = []
    for conjunction in _CONJUNCTIONS:
        for preposition in _PREPOSITIONS:
            for article in ("ال", ""):
                prefix = conjunction + preposition + article
                if preposition == "ل" and article:
                    prefix = conjunction + "لل"  # ل + ال
                if not prefix or not word.startswith(prefix):
                    continue
                rest = word[len(prefix) :]
                minimum = MIN_AFTER_ARTICLE if article else MIN_AFTER_LETTER
                if len(rest) >= minimum:
                    readings.append((prefix, rest, bool(article)))
    readings.sort(key=lambda reading: -len(reading[0]))
    return readings


def strip_clitics(word: str) -> str:
    """Remove attached proclitics from a folded Arabic word, checked against the lexicon.

    The article (ال, after any و ف ب ك ل) is always removed: it is what tells a
    word's first letters from a clitic (الفيوم -> فيوم, never يوم). A bare
    letter is removed only when the rest is a word and the whole is not
    (والوزير -> وزير, بالطاقة -> طاقة, but وحدة, فكرة, بيان, كوبري stay whole).
    When neither is a word (a name, a dialect word) the word stays whole and
    ``clitic_readings`` gives the query side the other reading.
    """
    readings = _splits(word)
    for prefix, rest, has_article in readings:
        if has_article:
            if prefix.endswith("لل") and is_known("ل" + rest):
                # لل is ل + ال or ل + a word starting with ل: للجنة -> لجنة, للبنان -> لبنان.
                return "ل" + rest
            return rest
    if not readings or is_known(word):
        return word
    # Shortest clitics first: ولبنان is و + لبنان, not ول + بنان.
    for _prefix, rest, _article in reversed(readings):
        if is_known(rest):
            return rest
    return word


def clitic_readings(word: str) -> list[str]:
    """Other readings of a word the lexicon cannot decide (neither the whole nor the rest is
    known): the rest without its letter clitics. Empty when the analysis was certain."""
    folded = _fold(word, taa_marbuta=True)
    if not _ARABIC_LETTER_RE.search(folded) or is_known(folded):
        return []
    readings = _splits(folded)
    if any(article for _p, _r, article in readings):
        return []
    if any(is_known(rest) for _p, rest, _a in readings):
        return []
    return [rest for _prefix, rest, _article in readings]


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
    if not folded.isalnum() and _NUMBER_RE.match(number := _CLITICS_ON_NUMBER_RE.sub("", folded)):
        return number_term(number)
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
    terms = map(analyse_word, find_words(_words_text(text)))
    return [term for term in terms if term]


# --- Numbers -------------------------------------------------------------------


def number_term(number: str) -> str:
    """One term for a written number: thousands separators dropped (1,500 -> 1500), a decimal
    point written as the letter d (14.1 -> 14d1), since both FTS5's ascii tokenizer and
    PostgreSQL's parser cut a term at punctuation."""
    number = number.translate(_PRE).replace("\u066c", ",").replace("\u066b", ".")
    if _THOUSANDS_RE.match(number) or ("," in number and "." in number):
        # 1,500 and 1,500.5 (a comma with a point is a thousands separator).
        number = number.replace(",", "") if "." not in number or "," in number else number
    if "," in number and "." not in number:
        number = number.replace(",", ".")  # 14,1: a decimal comma
    if _THOUSANDS_RE.match(number):
        number = number.replace(".", "")  # 1.500.000
    whole, _, fraction = number.partition(".")
    if "." in fraction:
        # Dotted groups that are not thousands (a date such as 1.2.2022): keep each.
        return number.replace(".", "d")
    return f"{whole}d{fraction}" if fraction else whole


# --- Variants: broken plurals, hamza seats, names ------------------------------------

_DIACRITICS_RE = _MARKS_RE


_WEAK = frozenset("اويء")


def _has_root(word: str, root: str) -> bool:
    """The root's strong letters appear in ``word`` in order (filters the dictionary's
    notes that sit in its plural column, such as جمع or مؤنث)."""
    letters = iter(word)
    return all(letter in letters for letter in root if letter not in _WEAK)


_NOTE_RE = re.compile(r"\([^)]*\)?")


def _written(vocalized: str) -> str:
    """The dictionary's form without its diacritics, hamza and ة kept (for display)."""
    return _MARKS_RE.sub("", unicodedata.normalize("NFC", vocalized.strip()))


@lru_cache(maxsize=1)
def _plural_families() -> dict[str, frozenset[str]]:
    """Matching form of a singular or broken plural -> index terms of its whole family,
    from arramooz's nouns (مشاريع, مشروع; قوانين, قانون; آلاف, ألف; أعشاش, عش; مدن, مدينة)."""
    families: dict[str, set[str]] = {}
    rows = _rows(
        "arabicdictionary.sqlite",
        "SELECT unvocalized, root, broken_plural FROM nouns WHERE broken_plural != ''",
    )
    for singular, root, plurals in rows:
        root = normalise(root or "")
        written = {_written(singular)}
        for plural in plurals.split(";"):
            # Entries may carry a note in brackets: أطفال (وقد يستوي فيه ...).
            plural = _written(_NOTE_RE.sub(" ", plural).split(" ", 1)[0] if plural.strip() else "")
            if plural and " " not in plural and (not root or _has_root(normalise(plural), root)):
                written.add(plural)
        forms = {normalise(form) for form in written}
        if len(forms) < 2:
            continue
        terms = {analyse_word(form) for form in forms} - {""}
        if len(terms) < 2:
            continue
        for form in forms:
            families.setdefault(form, set()).update(terms)
            _FAMILY_FORMS.setdefault(form, set()).update(written)
    return {form: frozenset(terms) for form, terms in families.items()}


# Matching form -> the written (undiacritised) forms of its family, for showing
# the reader which variants were searched. Filled by _plural_families().
_FAMILY_FORMS: dict[str, set[str]] = {}


# Regular suffixes seen through when looking a word up (مشروعات -> مشروع).
_FAMILY_SUFFIXES = ("ات", "ون", "ين", "ان")


def plural_variants(word: str) -> frozenset[str]:
    """Index terms of the singular and broken plurals of a written word, its own term
    excepted (مشاريع -> مشروع; مدينة -> مدن, مداءن). Only a word that is itself a listed
    singular or plural (after its clitics and a regular plural suffix) has a family, so a
    stem that merely looks like a noun (الفعلي -> فعل) borrows none."""
    folded = _fold(word, taa_marbuta=True)
    if not _ARABIC_LETTER_RE.search(folded) or len(folded) > MAX_TERM:
        return frozenset()
    rest = normalise(strip_clitics(folded))
    families = _plural_families()
    found = families.get(rest)
    if found is None:
        for suffix in _FAMILY_SUFFIXES:
            if rest.endswith(suffix) and (base := rest[: -len(suffix)]) in families:
                found = families[base]
                break
    if not found:
        return frozenset()
    return found - {analyse_word(word)}


def plural_forms(word: str) -> list[str]:
    """The singular and broken plurals of ``word`` as the dictionary writes them (for display)."""
    if not plural_variants(word):
        return []
    rest = normalise(strip_clitics(_fold(word, taa_marbuta=True)))
    forms = _FAMILY_FORMS.get(rest)
    if forms is None:
        for suffix in _FAMILY_SUFFIXES:
            if rest.endswith(suffix) and (forms := _FAMILY_FORMS.get(rest[: -len(suffix)])):
                rest = rest[: -len(suffix)]
                break
    return sorted(form for form in forms or () if normalise(form) != rest)


_PREFIXED = ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")


def prefixed_terms(word: str) -> frozenset[str]:
    """Index terms of ``word`` with a letter clitic in front, for a word the lexicon does
    not know (a name, a dialect word): the index keeps such a word whole when it carries
    a clitic (ومرزوق stays ومرزوق, since مرزوق is unknown too), so the query asks for it."""
    folded = _fold(word, taa_marbuta=True)
    if not _ARABIC_LETTER_RE.search(folded) or len(folded) > MAX_TERM - 2:
        return frozenset()
    if is_known(folded) or any(article for _p, _r, article in _splits(folded)):
        return frozenset()
    own = analyse_word(word)
    out = {analyse_word(prefix + folded) for prefix in _PREFIXED}
    return frozenset(out - {own, ""})


_SEATS = {"ؤ": "و", "ئ": "ي"}
_SEAT_TABLE = {ord(seat): bare for seat, bare in _SEATS.items()}
_MAX_SEAT_VARIANTS = 8


def seat_variants(word: str) -> frozenset[str]:
    """Index terms of the word with the hamza seat written otherwise: ؤ/ئ as bare و/ي
    (فؤاد -> فواد, مسؤول -> مسوول) and the reverse (فواد, مسوول -> فؤاد, مسؤول).
    A further folding for the query side only: the index keeps every spelling as written."""
    out: set[str] = set()
    folded = _fold(word, taa_marbuta=True)
    if not _ARABIC_LETTER_RE.search(folded) or len(folded) > MAX_TERM:
        return frozenset()
    if any(seat in word for seat in _SEATS):
        # Written with its seat: the bare spelling is always a variant (فؤاد -> فواد).
        out.add(analyse_word(word.translate(_SEAT_TABLE)))
    elif normalise(strip_clitics(folded)) in lexicon():
        return frozenset()  # a word of the lexicon as written: its spelling is not in doubt
    # و or ي inside the word (never first or last) may stand for ؤ/ئ.
    positions = [i for i, char in enumerate(word) if char in "وي" and 0 < i < len(word) - 1]
    if positions and len(positions) <= 3:
        for mask in range(1, 1 << len(positions)):
            chars = list(word)
            for bit, position in enumerate(positions):
                if mask >> bit & 1:
                    chars[position] = "ؤ" if chars[position] == "و" else "ئ"
            out.add(analyse_word("".join(chars)))
            if len(out) >= _MAX_SEAT_VARIANTS:
                break
    out.discard(analyse_word(word))
    out.discard("")
    return frozenset(out)


# Compound names written joined or apart: عبد + X (عبدالستار, عبد الستار).
NAME_HEADS = ("عبد",)


def split_compound_name(word: str) -> tuple[str, str] | None:
    """(head, rest) of a name written joined (عبدالستار -> عبد, الستار), else None."""
    form = normalise(word)
    for head in NAME_HEADS:
        if form.startswith(head + "ال") and len(form) >= len(head) + 4:
            return head, form[len(head) :]
    return None


def warm() -> None:
    """Load now what the first analysis would load (the lexicon and the plural families,
    about 2 CPU-s), so no reader's first search pays for it. Idempotent."""
    lexicon()
    _plural_families()
    analyse("ذهب الوزراء إلى المشاريع")
