"""Who is speaking: a speaker's phrase split into name and description, and every
later reference (surname, title alone, pronoun) resolved to the fullest form the
article gives. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .text import Word, is_definite, strip_conjunction, variants, words

#: A person's name is at most this many words ("محمد عبد الله بن سالم").
MAX_NAME_WORDS = 5


@dataclass(slots=True)
class Mention:
    """One way the text names a speaker, with the words as written."""

    name: str | None = None
    description: str | None = None
    kind: str = "person"  # person, organisation, document
    gender: str = "m"
    start: int = -1
    #: A document the speaker spoke through ("في بيان"): later "البيان" is them.
    via: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.name and not self.description


_KNOWN = lexicon.TITLE_HEADS | lexicon.ORG_HEADS | lexicon.DOC_HEADS


@lru_cache(maxsize=65536)
def _head(form: str) -> str:
    """A folded word without clitics and a possessive (مدربها -> مدرب, والوزير -> وزير)."""
    options = variants(form)
    for bare in options:
        if bare in _KNOWN:
            return bare
        for suffix in lexicon.PRONOUN_SUFFIXES:
            if bare.endswith(suffix) and bare[: -len(suffix)] in lexicon.TITLE_HEADS:
                return bare[: -len(suffix)]
    return options[-1]


@lru_cache(maxsize=65536)
def _honorific(form: str) -> bool:
    return any(v in lexicon.HONORIFICS for v in (form, strip_conjunction(form)))


def _join(text: str, ws: list[Word]) -> str:
    return text[ws[0].start : ws[-1].end] if ws else ""


def _looks_like_name_start(w: Word) -> bool:
    head = _head(w.form)
    return not (
        is_definite(w.form)
        or head in lexicon.TITLE_HEADS
        or head in lexicon.ORG_HEADS
        or head in lexicon.DOC_HEADS
        or lexicon.is_stop(w)
        or w.form.isdigit()
    )


def name_words(ws: list[Word], units: int) -> list[Word]:
    """The words of a name starting at ``ws[0]``: at most ``units`` parts, where a part
    is a word, a particle with its word (عبد الرحمن, أبو العلا, بن سالم) or a word with
    a compound ending (حسام الدين, فرج الله)."""
    out: list[Word] = []
    parts = 0
    i = 0
    while i < len(ws) and parts < units:
        w = ws[i]
        if (
            i > 0
            and (is_definite(w.form) and w.form not in lexicon.NAME_ENDINGS)
            and not _family(ws, i)
        ):
            break
        out.append(w)
        i += 1
        if w.form in lexicon.NAME_PARTICLES and i < len(ws):
            out.append(ws[i])
            i += 1
        if i < len(ws) and ws[i].form in lexicon.NAME_ENDINGS:
            out.append(ws[i])
            i += 1
        parts += 1
    return out


def _family(ws: list[Word], i: int) -> bool:
    # A definite word after a given name is a family name (مراد الشناوي) unless
    # it is a title or the name of an institution.
    head = _head(ws[i].form)
    return head not in _KNOWN and not _honorific(ws[i].form) and not lexicon.is_stop(ws[i])


def _person(text: str, name: list[Word], desc: list[Word], gender: str, start: int) -> Mention:
    return Mention(_join(text, name), _join(text, desc) or None, "person", gender, start)


def _org_words(ws: list[Word]) -> list[Word]:
    """An organisation's or document's name: its head, the idafa chain closed by the
    first definite word, then only adjectives of the name and complements (الأعلى
    للآثار، الختامي للاجتماع، والسكان), not the sentence's object (…القرار)."""
    out = [ws[0]]
    need_definite = not is_definite(ws[0].form)
    for w in ws[1:]:
        if need_definite:
            out.append(w)
            need_definite = not is_definite(w.form)
            continue
        bare = strip_conjunction(w.form)
        if (
            bare.startswith(("لل", "بال"))
            or w.form.startswith("وال")
            or (
                is_definite(w.form)
                and (
                    bare.endswith(("ي", "يه"))
                    or bare in lexicon.ORG_ADJECTIVES
                    or bare.startswith(("الم", "المت"))
                )
            )
        ):
            out.append(w)
            continue
        if w.form.startswith(("ب", "ل")) and not is_definite(w.form) and len(w.form) > 3:
            out.append(w)  # بمدينة …, لنادي الزمالك: a complement with its own idafa
            need_definite = True
            continue
        break
    return out


def parse_segment(text: str, ws: list[Word], gender: str, units: int = 3) -> Mention:
    """Name and description in one comma-free stretch of a speaker's phrase."""
    if not ws:
        return Mention()
    start = ws[0].start
    # The name follows the last honorific (…المهندس طارق بدوي, المستشار البنا).
    last = max((i for i, w in enumerate(ws) if _honorific(w.form)), default=-1)
    if last >= 0:
        rest = ws[last + 1 :]
        if rest and (_looks_like_name_start(rest[0]) or (len(rest) == 1 and _family(rest, 0))):
            return _person(text, name_words(rest, units), ws[: last + 1], gender, start)
        if not rest:
            return Mention(None, _join(text, ws), "person", gender, start)
    head = _head(ws[0].form)
    if head in lexicon.ORG_HEADS or head in lexicon.DOC_HEADS:
        kind = "document" if head in lexicon.DOC_HEADS else "organisation"
        return Mention(None, _join(text, _org_words(ws)), kind, gender, start)
    if head in lexicon.TITLE_HEADS:
        # Skip the description: an idafa chain (indefinite words) closed by a
        # definite one, then adjectives and prepositional complements; the
        # first indefinite word after that starts the name.
        need_definite = not is_definite(ws[0].form) and head in variants(ws[0].form)[:2]
        for i in range(1, len(ws)):
            w = ws[i]
            if need_definite:
                need_definite = not is_definite(w.form)
                continue
            if is_definite(w.form):
                continue
            if w.form.startswith(("ب", "ل")) and _head(w.form[1:]) in (_KNOWN | {"اسم"}):
                need_definite = True
                continue
            if _looks_like_name_start(w):
                return _person(text, name_words(ws[i:], units), ws[:i], gender, start)
            need_definite = True
        return Mention(None, _join(text, ws), "person", gender, start)
    if is_definite(ws[0].form):
        # "الحوراني" (a surname) or "المتحدث" (a title): the resolver decides.
        return Mention(
            None,
            _join(text, ws[:1] if len(ws) > 1 and _looks_like_name_start(ws[1]) else ws),
            "person",
            gender,
            start,
        )
    if _looks_like_name_start(ws[0]):
        return _person(text, name_words(ws, units), [], gender, start)
    return Mention(None, _join(text, ws), "person", gender, start)


def parse_phrase(text: str, start: int, end: int, gender: str) -> Mention:
    """The speaker named in ``text[start:end]`` (the words after a reporting verb)."""
    segments: list[list[Word]] = [[]]
    via = None
    ws = words(text, start, end)
    for n, w in enumerate(ws):
        between = text[(segments[-1][-1].end if segments[-1] else start) : w.start]
        if "،" in between or "," in between:
            if not segments[-1]:
                continue
            segments.append([])
        if lexicon.is_stop(w) or w.form in lexicon.THAT_WORDS:
            # "وقال الاتحاد في بيان": the statement speaks for the speaker later.
            if w.form == "في" and n + 1 < len(ws) and _head(ws[n + 1].form) in lexicon.DOC_HEADS:
                via = _head(ws[n + 1].form)
            break
        segments[-1].append(w)
    segments = [s for s in segments if s][:2]
    if not segments:
        return Mention(gender=gender, start=start)
    first = parse_segment(text, segments[0], gender)
    if len(segments) == 2 and not first.name:
        # "المسؤول، ماركو ليندستروم،" — a name in apposition.
        second = parse_segment(text, segments[1], gender)
        if second.name and not second.description:
            first = Mention(second.name, first.description, "person", gender, first.start)
    first.via = via
    return first


def _nisba(form: str) -> bool:
    # "الكيني", "المغربية": a nationality or origin before a name.
    bare = strip_conjunction(form)
    return bare.startswith("ال") and bare.endswith(("ي", "يه")) and len(bare) > 5


def people_in(text: str) -> list[Mention]:
    """Persons and organisations introduced anywhere: with a title or honorific
    ("العداءة جنى الحوراني"), an origin ("الكيني دانيال كيبيتو") or an
    organisation's name ("اللجنة المنظمة")."""
    found: list[Mention] = []
    ws = words(text)
    covered = -1  # the end of the last mention: its words start no other
    for i, w in enumerate(ws):
        if w.start < covered:
            continue
        head = _head(w.form)
        nisba = _nisba(w.form) and i + 1 < len(ws) and _looks_like_name_start(ws[i + 1])
        if _honorific(w.form) or head in lexicon.TITLE_HEADS or head in lexicon.ORG_HEADS or nisba:
            window: list[Word] = []
            via = None
            for n, x in enumerate(ws[i : i + 10], start=i):
                gap = text[(window[-1].end if window else x.start) : x.start]
                if any(c in gap for c in '،,.:؛"«»“”()\n') or x.form in lexicon.THAT_WORDS:
                    break
                if lexicon.is_stop(x) or x.form in lexicon.REPORTING_VERBS:
                    if (
                        x.form == "في"
                        and n + 1 < len(ws)
                        and _head(ws[n + 1].form) in lexicon.DOC_HEADS
                    ):
                        via = _head(ws[n + 1].form)
                    break
                window.append(x)
            if nisba:
                m = _person(text, name_words(window[1:], 2), window[:1], "m", w.start)
            else:
                m = parse_segment(text, window, "m", units=2)
            m.via = via
            if m.name or m.kind != "person":
                found.append(m)
                covered = window[-1].end if window else covered
    return found
