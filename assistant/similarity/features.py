"""What a fact-checker compares in a statement, read from its text.

Every word goes through the search analysis (``search.arabic``: normalised
letters, hamza forms, clitics, suffixes), so a claim matches its rewording the
way a search would. On top of the terms, the parts that decide whether two
statements are *the same claim* are read separately, because a shared
vocabulary is not enough: "ارتفع التضخم إلى 7%" and "ارتفع التضخم إلى 70%"
share every word.

- quantities: digits (Western or Arabic-Indic, decimals, thousands separators),
  number words (ثلاثة، عشرين، مئة …), multipliers (ألف، مليون، مليار) and
  percentages (``%``, ``٪``, في المئة, بالمائة …), each as one value;
- dates: years (a four-digit number between 1900 and 2100, or any number after
  عام/سنة) and day + month names (Gregorian and Levantine);
- polarity: an odd number of negations (لم، لن، لا، ليس، غير، عدم، نفى …);
- direction: rose/grew/more versus fell/shrank/less;
- speaker: the words after a reporting verb (قال، أكد، أعلن …) up to إن/أن or
  a colon, or after بحسب/وفق, or before the verb when the sentence opens with it.

Everything else that is not a function word is a content term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from search.arabic import analyse_word, normalise, word_spans

__all__ = ["ClaimFeatures", "features"]


def _terms(words: str) -> frozenset[str]:
    """The analysed terms of a space-separated word list (so every list here
    follows the search analysis, whatever it becomes)."""
    return frozenset(analyse_word(w) for w in words.split())


# Function words: particles, pronouns, auxiliaries. Compared after analysis.
_STOP_WORDS = (
    "في من إلى الى على عن مع منذ حتى خلال بين أن إن ان أنه أنها إنه إنها بأن وأن وإن "
    "هذا هذه ذلك تلك هو هي هم هن التي الذي الذين اللذين كان كانت يكون تكون كانوا "
    "قد لقد ثم أو أي كل بعض عند لدى بعد قبل نحو حوالي قرابة ما مما عما "
    "وقد فقد حيث كما إذ إذا لكن لكنه بل أيضا اليوم أمس يوم "
    "عام سنة العام السنة نسبة بنسبة معدل بمعدل مستوى"
)
STOP_TERMS = _terms(_STOP_WORDS)
# The same list by spelling, for names the stemmer maps onto a function word
# (أنتوني -> انت, as كانت).
STOP_SPELLINGS = frozenset(normalise(w) for w in _STOP_WORDS.split())
# Reporting verbs: who said it is the speaker feature, not the claim's content.
REPORTING = _terms(
    "قال قالت يقول تقول أكد أكدت يؤكد تؤكد أعلن أعلنت يعلن تعلن أوضح أوضحت أضاف أضافت "
    "أشار أشارت شدد شددت ذكر ذكرت صرح صرحت كشف كشفت كتبت زعم زعمت ادعى ادعت "
    "اعتبر اعتبرت رأى رأت أفاد أفادت بينت تابعت لفت لفتت نفى نفت ينفي تنفي"
    # Not كتب (also "books"), بين ("between") or تابع ("followed"): too ambiguous.
)
# Negations; نفى is both a reporting verb and a negation of what follows.
NEGATION = _terms("لم لن لا ليس ليست ليسوا لسنا غير عدم نفى نفت ينفي تنفي نفي")
# Short particles keep an attached و/ف through the search analysis (ولا, فلم):
# matched on their spelling with it.
NEGATION_SPELLINGS = frozenset(
    normalise(prefix + word)
    for prefix in ("و", "ف")
    for word in ["لم", "لن", "لا", "ليس", "ليست", "غير"]
)
# The direction of a change or a comparison.
UP = _terms(
    "ارتفع ارتفعت يرتفع ترتفع ارتفاع زاد زادت يزيد تزيد زيادة صعد صعدت قفز قفزت تضاعف "
    "نما نمت نمو تجاوز تجاوزت"
)
DOWN = _terms(
    "انخفض انخفضت ينخفض تنخفض انخفاض تراجع تراجعت يتراجع هبط هبطت هبوط نقص نقصت "
    "تقلص تقلصت انكمش انكمشت"
)
# Comparatives by spelling: their stems meet other words' (أعلى and أعلن -> اعل).
UP_SPELLINGS = frozenset(normalise(w) for w in ["أكثر", "أعلى", "أكبر", "أسرع"])
DOWN_SPELLINGS = frozenset(normalise(w) for w in ["أقل", "أدنى", "أصغر", "أبطأ"])
# Words that only say "amounted to" or "compared with": neither content nor direction.
LINKING = _terms("بلغ بلغت يبلغ تبلغ وصل وصلت سجل سجلت ليصل لتصل ليبلغ لتبلغ مقارنة مقابل")
# Inside a speaker: titles shared by many people say nothing about who spoke.
SPEAKER_GENERIC = _terms(
    "وزير الوزير وزيرة رئيس الرئيس رئيسة المتحدث متحدث باسم الناطق مدير المدير مديرة "
    "السيد السيدة الدكتور الدكتورة الرسمي المسؤول مسؤول عام العام نائب "
    # A statement's "بيان" or "تقرير" is its author's: the author is named elsewhere.
    "بيان بيانها بيانه البيان تقرير التقرير تقريرها بيانات البيانات"
)
# Matched on the spelling: the stemmer makes some names look like أن (أنتوني).
SPEAKER_END = frozenset(
    normalise(w)
    for w in ["إن", "أن", "بأن", "وأن", "وإن", "أنه", "أنها", "إنه", "إنها", "أنهم", "لأن"]
)
ATTRIBUTION = _terms("بحسب حسب وفق وفقا طبقا")

MONTHS = {
    **dict.fromkeys(_terms("يناير كانون_الثاني"), 1),
    **dict.fromkeys(_terms("فبراير شباط"), 2),
    **dict.fromkeys(_terms("مارس آذار"), 3),
    **dict.fromkeys(_terms("أبريل إبريل نيسان"), 4),
    **dict.fromkeys(_terms("مايو أيار"), 5),
    **dict.fromkeys(_terms("يونيو حزيران"), 6),
    **dict.fromkeys(_terms("يوليو تموز"), 7),
    **dict.fromkeys(_terms("أغسطس آب"), 8),
    **dict.fromkeys(_terms("سبتمبر أيلول"), 9),
    **dict.fromkeys(_terms("أكتوبر تشرين_الأول"), 10),
    **dict.fromkeys(_terms("نوفمبر تشرين_الثاني"), 11),
    **dict.fromkeys(_terms("ديسمبر كانون_الأول"), 12),
}
# كانون and تشرين name two months each; the word after them decides.
_TWO_MONTH = {
    analyse_word("كانون"): {analyse_word("الثاني"): 1, analyse_word("الأول"): 12},
    analyse_word("تشرين"): {analyse_word("الأول"): 10, analyse_word("الثاني"): 11},
}


def _spellings(words: str) -> frozenset[str]:
    """Number words are matched on their normalised spelling: the stemmer would
    make عشرين (20) and عشر (10) one term."""
    return frozenset(normalise(w) for w in words.split())


_UNITS = {
    **dict.fromkeys(_spellings("واحد واحدة"), 1),
    **dict.fromkeys(_spellings("اثنان اثنين اثنتان اثنتين اثنا اثنتا اثني"), 2),
    **dict.fromkeys(_spellings("ثلاث ثلاثة ثلاثا"), 3),
    **dict.fromkeys(_spellings("أربع أربعة أربعا"), 4),
    **dict.fromkeys(_spellings("خمس خمسة خمسا"), 5),
    **dict.fromkeys(_spellings("ست ستة ستا"), 6),
    **dict.fromkeys(_spellings("سبع سبعة سبعا"), 7),
    **dict.fromkeys(_spellings("ثماني ثمانية ثمان ثمانيا"), 8),
    **dict.fromkeys(_spellings("تسع تسعة تسعا"), 9),
    **dict.fromkeys(_spellings("عشر عشرة عشرا"), 10),
}
_TENS = {
    **dict.fromkeys(_spellings("عشرون عشرين"), 20),
    **dict.fromkeys(_spellings("ثلاثون ثلاثين"), 30),
    **dict.fromkeys(_spellings("أربعون أربعين"), 40),
    **dict.fromkeys(_spellings("خمسون خمسين"), 50),
    **dict.fromkeys(_spellings("ستون ستين"), 60),
    **dict.fromkeys(_spellings("سبعون سبعين"), 70),
    **dict.fromkeys(_spellings("ثمانون ثمانين"), 80),
    **dict.fromkeys(_spellings("تسعون تسعين"), 90),
    **dict.fromkeys(_spellings("مئة مائة"), 100),
    **dict.fromkeys(_spellings("مئتان مئتين مائتان مائتين"), 200),
    **{
        normalise(unit + hundred): n * 100
        for n, unit in enumerate(["", "", "", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع"])
        if n >= 3
        for hundred in ("مئة", "مائة")
    },
}
# Ordinals (الرابع، الخامسة عشرة): "للمرة الرابعة" and "الثالثة" are other facts.
# الأول is left out: it names quarters and halves (الربع الأول) as often as ranks.
_ORDINALS = {
    normalise(article + word + ending): n
    for n, word in enumerate(
        ["", "", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر"]
    )
    if n >= 2
    for article in ("", "ال", "لل", "بال")
    for ending in ("", "ة")
}
_ORDINALS[normalise("ثان")] = 2
del _ORDINALS[normalise("ثانية")]  # also "a second" (3 دقائق و31 ثانية)
_MULTIPLIERS = {
    **dict.fromkeys(_spellings("ألف آلاف ألفا"), 1_000),
    **dict.fromkeys(_spellings("مليون ملايين مليونا"), 1_000_000),
    **dict.fromkeys(_spellings("مليار مليارات مليارا بليون"), 1_000_000_000),
}
# Duals are a number by themselves: مليوني زائر = 2,000,000 visitors.
_DUALS = {
    **dict.fromkeys(_spellings("ألفان ألفين ألفي"), 2_000),
    **dict.fromkeys(_spellings("مليونان مليونين مليوني"), 2_000_000),
    **dict.fromkeys(_spellings("ملياران مليارين ملياري"), 2_000_000_000),
}
_HALF = _spellings("نصف")
_PERCENT_WORD = _terms("المئة المائة بالمئة بالمائة")
_YEAR_WORDS = _terms("عام العام سنة السنة")
_NUMBER_WORDS = (
    frozenset(_UNITS) | frozenset(_TENS) | frozenset(_MULTIPLIERS) | frozenset(_DUALS) | _HALF
)

# Tokens on the *normalised* text: a number (with its separators), a percent
# sign, a colon or comma that may end a speaker, or a word.
_TOKEN_RE = re.compile(r"(\d+(?:[.,٫٬]\d+)*)|([%٪])|([:،,؛;.!؟?\"«»“”])|([^\W\d_]+)")


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """A statement as compared. ``quantities`` are (value, is_percent); ``dates``
    are ("y", year) or ("md", month*100 + day) or ("m", month)."""

    terms: frozenset[str]
    quantities: frozenset[tuple[float, bool]]
    years: frozenset[int]
    days: frozenset[int]
    negated: bool
    direction: int  # +1 up, -1 down, 0 none or both
    speaker: frozenset[str]

    def to_json(self) -> list:
        """A compact JSON-able form, for the stored index (scored without re-reading the text)."""
        return [
            sorted(self.terms),
            sorted([value, int(pct)] for value, pct in self.quantities),
            sorted(self.years),
            sorted(self.days),
            int(self.negated),
            self.direction,
            sorted(self.speaker),
        ]

    @classmethod
    def from_json(cls, data: list) -> ClaimFeatures:
        terms, quantities, years, days, negated, direction, speaker = data
        return cls(
            terms=frozenset(terms),
            quantities=frozenset((float(v), bool(p)) for v, p in quantities),
            years=frozenset(years),
            days=frozenset(days),
            negated=bool(negated),
            direction=direction,
            speaker=frozenset(speaker),
        )


@dataclass(slots=True)
class _Token:
    kind: str  # "num", "pct", "punct", "word"
    text: str  # number as written (normalised) or the analysed term
    raw: str = ""
    end: int = -1  # end offset of the stored word it came from (to join 1,500)


@lru_cache(maxsize=100_000)
def _word_tokens(word: str) -> tuple[tuple[str, str, str], ...]:
    """Tokens of one word as stored (normalised once per distinct word: the
    normalisation of a whole statement costs more than all the rest)."""
    out = []
    for number, _percent, _punct, letters in _TOKEN_RE.findall(normalise(word)):
        if number:
            out.append(("num", number, ""))
        elif letters:
            term = analyse_word(letters)
            if term:
                out.append(("word", term, letters))  # letters: the normalised spelling
    return tuple(out)


_SEPARATORS = frozenset(".,٫٬")
_PUNCT = frozenset(':،,؛;.!؟?"«»“”')


def _tokens(text: str) -> list[_Token]:
    """Numbers, percent signs, punctuation and words, in order. Words are found
    by the search analysis (search.arabic.word_spans); what lies between them
    is read for %, punctuation and the separators inside 1,500 or ٦٫٥."""
    out: list[_Token] = []
    text = text.replace("_", " ")
    previous_end = 0
    for start, end in word_spans(text):
        gap = text[previous_end:start]
        word_tokens = _word_tokens(text[start:end])
        if (
            len(gap) == 1
            and gap in _SEPARATORS
            and out
            and out[-1].kind == "num"
            and word_tokens
            and word_tokens[0][0] == "num"
            and previous_end == out[-1].end
        ):
            out[-1].text += gap + word_tokens[0][1]
            out[-1].end = end
            word_tokens = word_tokens[1:]
        else:
            for char in gap:
                if char in "%٪":
                    out.append(_Token("pct", char))
                elif char in _PUNCT:
                    out.append(_Token("punct", char))
        for kind, token_text, raw in word_tokens:
            out.append(_Token(kind, token_text, raw, end))
        previous_end = end
    for char in text[previous_end:]:
        if char in "%٪":
            out.append(_Token("pct", char))
        elif char in _PUNCT:
            out.append(_Token("punct", char))
    return out


def _number_value(written: str) -> float:
    """1,500 and ١٬٥٠٠ are thousands; 2.5, 2,5 and ٢٫٥ are decimals."""
    parts = re.split(r"[.,٫٬]", written)
    separators = re.findall(r"[.,٫٬]", written)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]) and set(separators) <= {",", "٬"}:
        return float("".join(parts))
    if len(parts) == 2:
        return float(parts[0] + "." + parts[1])
    return float("".join(parts))


_NUMBER_PREFIXES = ("وب", "و", "ب", "ل", "ف")


@lru_cache(maxsize=50_000)
def _number_word(raw: str) -> str:
    """The number word a normalised word spells, clitics (و ب ل ف) aside, or ""."""
    if raw in _NUMBER_WORDS:
        return raw
    for prefix in _NUMBER_PREFIXES:
        if raw.startswith(prefix) and raw[len(prefix) :] in _NUMBER_WORDS:
            return raw[len(prefix) :]
    return ""


@lru_cache(maxsize=20_000)
def features(text: str) -> ClaimFeatures:
    """Read ``text`` (one statement, as written) into its comparable features."""
    tokens = _tokens(text)
    used = [False] * len(tokens)
    quantities: set[tuple[float, bool]] = set()
    years: set[int] = set()
    days: set[int] = set()

    def word(i: int) -> str:
        return tokens[i].text if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""

    def number(i: int) -> str:
        return (
            _number_word(tokens[i].raw) if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""
        )

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        start = i
        if i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].text in _TWO_MONTH:
            i += 1  # the الثاني of كانون الثاني is a month, not an ordinal
            continue
        read = _read_number(tokens, i)
        if read is None:
            i += 1
            continue
        value, i = read
        # الخامس عشر من يونيو: an ordinal day, "من" before the month.
        if word(i) == _MIN and (word(i + 1) in MONTHS or word(i + 1) in _TWO_MONTH):
            i += 1
        percent = False
        if i < len(tokens) and tokens[i].kind == "pct":
            percent, i = True, i + 1
        elif word(i) == analyse_word("في") and word(i + 1) in _PERCENT_WORD:
            percent, i = True, i + 2
        elif word(i) in _PERCENT_WORD:
            percent, i = True, i + 1
        for k in range(start, i):
            used[k] = True
        month = word(i) in MONTHS or word(i) in _TWO_MONTH
        after_year_word = word(start - 1) in _YEAR_WORDS
        if month and not percent and value == int(value) and 1 <= value <= 31:
            days.add(_month(tokens, i) * 100 + int(value))
            used[i] = True
            if word(i) in _TWO_MONTH and i + 1 < len(tokens):
                used[i + 1] = True
        elif (
            not percent
            and value == int(value)
            and (after_year_word or 1900 <= value <= 2100)
            and tokens[start].kind == "num"
        ):
            years.add(int(value))
        else:
            quantities.add((round(value, 6), percent))

    negations = 0
    direction = 0
    terms: set[str] = set()
    speaker_at = _speaker_span(tokens)
    speaker: set[str] = set()
    for k, tok in enumerate(tokens):
        if tok.kind != "word" or used[k]:
            continue
        term = tok.text
        if term in NEGATION or tok.raw in NEGATION_SPELLINGS:
            negations += 1
            continue
        if speaker_at[0] <= k < speaker_at[1]:
            if term not in SPEAKER_GENERIC and tok.raw not in STOP_SPELLINGS and len(term) > 1:
                speaker.add(term)
            continue
        if term in MONTHS or term in _TWO_MONTH:
            # A month without a day ("في مارس"): the month alone, as month * 100.
            days.add(_month(tokens, k) * 100)
            if term in _TWO_MONTH and k + 1 < len(tokens):
                used[k + 1] = True  # the الأول / الثاني of كانون الثاني
            continue
        if tok.raw in UP_SPELLINGS:
            direction |= 1
            continue
        if tok.raw in DOWN_SPELLINGS:
            direction |= 2
            continue
        if term in REPORTING:
            continue
        if term in UP:
            direction |= 1
        elif term in DOWN:
            direction |= 2
        if (
            term in STOP_TERMS
            or term in REPORTING
            or term in NEGATION
            or term in UP
            or term in DOWN
            or term in LINKING
        ):
            continue
        if term in _PERCENT_WORD or term in _YEAR_WORDS:
            continue
        if len(term) > 1:  # a lone و or ب left by "و31" or "بـ"
            terms.add(term)
    return ClaimFeatures(
        terms=frozenset(terms),
        quantities=frozenset(quantities),
        years=frozenset(years),
        days=frozenset(days),
        negated=negations % 2 == 1,
        direction={0: 0, 1: 1, 2: -1, 3: 0}[direction],
        speaker=frozenset(speaker),
    )


_MIN = analyse_word("من")


def _number_at(tokens: list[_Token], i: int) -> str:
    return _number_word(tokens[i].raw) if 0 <= i < len(tokens) and tokens[i].kind == "word" else ""


def _simple_number(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """A number without multiplier: digits, or number words joined by و
    (خمسة وعشرون، مئة وعشرون، تسعة وتسعين), or an ordinal (الخامس عشر)."""
    if i >= len(tokens) or tokens[i].kind == "pct" or tokens[i].kind == "punct":
        return None
    if tokens[i].kind == "num":
        return _number_value(tokens[i].text), i + 1
    word = _number_word(tokens[i].raw)
    if not word and tokens[i].raw not in _ORDINALS:
        return None  # the common case: a word that is no number
    ordinal = _ORDINALS.get(tokens[i].raw) if i < len(tokens) and tokens[i].kind == "word" else None
    if ordinal is not None:
        value, i = float(ordinal), i + 1
    elif word in _UNITS or word in _TENS:
        value, i = float(_UNITS.get(word) or _TENS[word]), i + 1
    elif word in _HALF:
        return 0.5, i + 1
    elif word in _DUALS:
        value, i = float(_DUALS[word]), i + 1
        if i < len(tokens) and tokens[i].kind == "word" and tokens[i].raw.startswith("و"):
            rest = _read_number(tokens, i)
            if rest is not None and rest[0] < value / 2:
                return value + rest[0], rest[1]  # ملياران وثلاثمئة مليون
        return value, i
    elif word in _MULTIPLIERS:
        return 1.0, i  # مليون دولار: the multiplier follows
    else:
        return None
    # أربع عشرة, اثنا عشر, الخامس عشر: a unit then ten.
    if (
        value < 10
        and _number_at(tokens, i) in _UNITS
        and _UNITS[_number_at(tokens, i)] == 10
        and not tokens[i].raw.startswith("و")
    ):
        value, i = value + 10, i + 1
    while i < len(tokens) and tokens[i].kind == "word" and tokens[i].raw.startswith("و"):
        more = _number_at(tokens, i)
        if more in _UNITS or more in _TENS:
            value, i = value + (_UNITS.get(more) or _TENS[more]), i + 1
        else:
            break
    return value, i


def _read_number(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """A whole quantity from token i: 2.5 مليار, ثلاثة ملايين, مليون ونصف,
    مليارا وثلاثمئة مليون; None if no number starts there."""
    simple = _simple_number(tokens, i)
    if simple is None:
        return None
    value, i = simple
    multiplier = 1
    while _number_at(tokens, i) in _MULTIPLIERS:
        multiplier *= _MULTIPLIERS[_number_at(tokens, i)]
        i += 1
    value *= multiplier
    if (
        multiplier > 1
        and i < len(tokens)
        and tokens[i].kind == "word"
        and tokens[i].raw.startswith("و")
    ):
        if _number_at(tokens, i) in _HALF:
            return value + multiplier / 2, i + 1  # مليون ونصف
        rest = _read_number(tokens, i)
        if rest is not None and rest[0] < multiplier:
            return value + rest[0], rest[1]  # مليار وثلاثمئة مليون
    return value, i


def _month(tokens: list[_Token], i: int) -> int:
    term = tokens[i].text
    if term in _TWO_MONTH and i + 1 < len(tokens):
        return _TWO_MONTH[term].get(tokens[i + 1].text, 0) or MONTHS.get(term, 0)
    return MONTHS.get(term, 0)


def _speaker_span(tokens: list[_Token]) -> tuple[int, int]:
    """Token range of the speaker, or (0, 0). The first reporting verb or
    attribution word decides:

    - "الوزير أحمد سليم قال إن …", "المتحدث ينفي ارتفاع …": up to five words
      open the sentence before the verb: they are the speaker;
    - "قال وزير المالية إن …", "…، بحسب الوزارة.": the words after it, up to
      إن/أن, punctuation or the end; a run of more than six words is the
      statement itself, not a speaker.
    """
    for k, tok in enumerate(tokens):
        if tok.kind != "word" or not (tok.text in REPORTING or tok.text in ATTRIBUTION):
            continue
        words_before = k > 0 and all(t.kind == "word" for t in tokens[:k])
        if tok.text in REPORTING and words_before and k <= 5 and not tokens[0].raw.startswith("و"):
            return (0, k)
        end = k + 1
        while (
            end < len(tokens) and tokens[end].kind == "word" and tokens[end].raw not in SPEAKER_END
        ):
            end += 1
        if end - k - 1 <= 6:
            return (k + 1, end)
        return (0, 0)
    return (0, 0)


def _ends_clause(tokens: list[_Token], i: int) -> bool:
    return i < len(tokens) and (
        tokens[i].kind == "punct" or (tokens[i].kind == "word" and tokens[i].raw in SPEAKER_END)
    )
