"""Direct quotations and who said them. Pure Python.

Text in quotation marks is a quotation only when something attributes it: a
reporting verb before it (with a colon, or with أن/إن for a partial quote), an
attribution after it ("…"، قال سليم / بحسب ما قاله المتحدث), or the first half
of the same quotation split around its speaker. Marks after a name-giving noun
(برنامج "…", حملة «…») and marks nothing attributes are titles and names.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon
from .resolution import Resolver
from .sentences import split_sentences
from .speakers import Mention, parse_phrase, people_in
from .text import Word, is_definite, quoted_spans, strip_article, strip_conjunction, words


@dataclass(frozen=True, slots=True)
class Quote:
    start: int
    end: int
    text: str
    speaker: str | None
    #: Which pattern attributed it: "before", "after", "split", "partial".
    pattern: str


def _verb(w: Word) -> str | None:
    """The gender of a reporting verb, or None when ``w`` is not one."""
    return lexicon.REPORTING_VERBS.get(w.form) or lexicon.REPORTING_VERBS.get(
        strip_conjunction(w.form)
    )


def _purpose_verb(w: Word) -> bool:
    # "وعاد الجوهري ليقول": the speaker stands before the verb.
    return w.form[:1] == "ل" and lexicon.REPORTING_VERBS.get(w.form[1:]) is not None


def _introducer(ws: list[Word]) -> tuple[int, str, str] | None:
    """The last reporting verb (or source word, or جاء في) in ``ws``: (index, gender, kind)."""
    for i in range(len(ws) - 1, -1, -1):
        w = ws[i]
        if _purpose_verb(w):
            return i, lexicon.REPORTING_VERBS[w.form[1:]], "purpose"
        if (g := _verb(w)) is not None:
            return i, g, "verb"
        if strip_conjunction(w.form) in lexicon.SOURCE_WORDS:
            return i, "m", "source"
        if strip_conjunction(w.form) == "جاء" and i + 1 < len(ws) and ws[i + 1].form == "في":
            return i + 1, "m", "source"
    return None


def _after(text: str, end: int, limit: int) -> tuple[Mention, int] | None:
    """An attribution right after a closing mark: (speaker, end of the clause)."""
    i = end + 1
    while i < limit and text[i] in " ،,\u00a0":
        i += 1
    ws = words(text, i, limit)
    if not ws or ws[0].start != i:
        return None
    first = ws[0]
    gender = _verb(first)
    skip = 1
    if gender is None:
        if strip_conjunction(first.form) not in lexicon.SOURCE_WORDS and not (
            first.form == "علي" and first.text.endswith("ى")
        ):
            return None
        gender = "m"
        if first.form == "علي":  # على حد قوله (never the name علي: checked above) / تعبيره
            if len(ws) < 3 or ws[1].form != "حد":
                return None
            return Mention(gender=gender, start=ws[0].start), ws[2].end
        if len(ws) > 1 and ws[1].form == "ما":
            skip = 2
            if len(ws) > 2 and (
                ws[2].form in lexicon.OBJECT_VERBS or ws[2].form in lexicon.REPORTING_VERBS
            ):
                gender = lexicon.OBJECT_VERBS.get(ws[2].form) or lexicon.REPORTING_VERBS[ws[2].form]
                skip = 3
                if len(ws) > 3 and ws[3].form == "به":
                    skip = 4
    rest = ws[skip:]
    clause_end = _clause_end(text, rest[0].start if rest else first.end, limit)
    phrase = (
        parse_phrase(text, rest[0].start, clause_end, gender) if rest else Mention(gender=gender)
    )
    return phrase, clause_end


def _clause_end(text: str, start: int, limit: int) -> int:
    for i in range(start, limit):
        if text[i] in '،,.؛:؟!"«“':
            return i
    return limit


def _titled(ws: list[Word], colon: bool) -> bool:
    """Whether the words right before a mark make it a title (برنامج "…")."""
    if not ws or colon:
        return False
    if len(ws) > 1 and is_definite(ws[-1].form) and ws[-2].form in lexicon.THAT_WORDS:
        return False  # "إن النادي "…"": the subject of a partial quote
    last = strip_article(ws[-1].form)
    if last in lexicon.TITLE_NOUNS or ws[-1].form in lexicon.TITLE_NOUNS:
        return True
    # "مسلسل الأطفال الجديد "…"": a title noun with an adjective or two.
    return any(strip_article(w.form) in lexicon.TITLE_NOUNS for w in ws[-3:-1]) and not _introducer(
        ws[-3:]
    )


def find_quotes(text: str) -> list[Quote]:
    """Every attributed quotation in ``text`` with its resolved speaker."""
    resolver = Resolver(text, people_in(text))
    found: list[Quote] = []
    for s_start, s_end in split_sentences(text):
        previous: Quote | None = None
        previous_after: tuple[Mention, int] | None = None
        cursor = s_start
        for q_start, q_end in quoted_spans(text, s_start, s_end):
            open_mark = q_start - 1
            inner = text[q_start:q_end]
            before = words(text, cursor, open_mark)
            quote = None
            if inner.strip() and not _titled(before, text[cursor:open_mark].rstrip().endswith(":")):
                quote = _attribute(
                    text,
                    resolver,
                    before,
                    cursor,
                    open_mark,
                    q_start,
                    q_end,
                    s_end,
                    previous,
                    previous_after,
                )
            if quote is not None:
                found.append(quote)
                previous = quote
                previous_after = _after(text, q_end, s_end)
            else:
                previous, previous_after = None, None
            cursor = q_end + 1
    return found


def _attribute(
    text: str,
    resolver: Resolver,
    before: list[Word],
    cursor: int,
    open_mark: int,
    q_start: int,
    q_end: int,
    s_end: int,
    previous: Quote | None,
    previous_after: tuple[Mention, int] | None,
) -> Quote | None:
    inner = text[q_start:q_end]
    # The second half of a quotation split around its speaker.
    if previous is not None and previous_after is not None:
        gap = text[previous_after[1] : open_mark]
        if gap.strip(" ،,\u00a0") == "":
            return Quote(q_start, q_end, inner, previous.speaker, "split")
    colon = text[cursor:open_mark].rstrip().endswith(":")
    intro = _introducer(before)
    if intro is not None:
        index, gender, _kind = intro
        after_verb = before[index + 1 :]
        that = next((i for i, w in enumerate(after_verb) if w.form in lexicon.THAT_WORDS), None)
        if colon or that is not None:
            phrase_end = (
                after_verb[that].start if that is not None else text.rindex(":", cursor, open_mark)
            )
            phrase_start = after_verb[0].start if after_verb else phrase_end
            if _kind == "purpose" and index >= 2:
                phrase_start, phrase_end = before[1].start, before[index - 1].end
            mention = parse_phrase(text, phrase_start, phrase_end, gender)
            entity = resolver.resolve(mention, phrase_start)
            speaker = entity.display if entity else None
            return Quote(
                q_start, q_end, inner, speaker, "before" if colon and that is None else "partial"
            )
    after = _after(text, q_end, s_end)
    if after is not None:
        mention, _end = after
        entity = resolver.resolve(mention, q_end)
        return Quote(q_start, q_end, inner, entity.display if entity else None, "after")
    return None
