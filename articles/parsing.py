"""Read one article file in the newsreader layout. Django-free.

The layout is a sequence of blocks separated by blank lines::

    السبت 1 يونيو 2024                 (1) scrape date
    <headline>                          (2)
    <image caption>                     (3) optional
    <section><d-m-yyyy | hh:mm>         (4) section name glued to publication date/time
    <publisher>                         (5)
    <paragraph>                         (6+) body, one block per paragraph

Real files arrive as UTF-8 (with or without a BOM) or Windows-1256, with CRLF line
ends, trailing blanks, runs of blank lines and lines holding only whitespace. The text
itself is returned exactly as written (diacritics, tatweel, punctuation); only layout
whitespace is dropped. Anything that cannot be read for certain raises ParseError naming
the line, so an importer can refuse the whole file instead of storing a guess.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from . import dates
from .text import normalise_newlines

__all__ = ["ParseError", "ParsedArticle", "decode", "parse_bytes", "parse_text"]


class ParseError(ValueError):
    """A file that cannot be imported: ``line`` (1-based, or None) and a human ``reason``."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(line, reason)
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    scraped_on: date
    title: str
    caption: str | None
    section: str
    #: Naive, in the publisher's (the site's) time zone: the caller makes it aware.
    published_at: datetime
    publisher: str
    paragraphs: list[str]
    #: First line of each field in the file, for error messages about their values.
    lines: dict[str, int] = field(default_factory=dict)


# C0 controls other than tab/newline/CR/FF/VT, DEL, U+FFFD (a character some
# earlier step already failed to decode) and lone surrogates (a JSON "\ud800" escape,
# which no database can store) mean the text is not what was written. One rule for
# .txt files and for every string of a .jsonl record.
BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd\ud800-\udfff]")


def bad_character_reason(char: str) -> str:
    return f"محرف غير صالح U+{ord(char):04X} (ملف ثنائي أو نص تالف)"


_ARABIC_LETTER = re.compile("[\u0621-\u065f\u0660-\u0669\u060c\u061b\u061f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
_ANY_ARABIC = re.compile("[\u0600-\u06ff]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


#: Publisher names are a few words ("دار الهلال"); a longer block is a paragraph.
MAX_PUBLISHER_WORDS = 8


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_like_cp1256_arabic(text: str) -> bool:
    # Windows-1256 maps every byte, so decoding always "works"; accept it only when
    # nearly every non-ASCII character is Arabic. UTF-8 Arabic read as cp1256
    # (mojibake like "ط§ظ„") is half symbols such as § „ … and fails this test.
    non_ascii = len(_NON_ASCII.findall(text))
    return non_ascii > 0 and len(_ARABIC_LETTER.findall(text)) / non_ascii >= 0.9


def _mojibake_line(text: str) -> int | None:
    """The first line that is UTF-8 bytes once wrongly decoded as Windows-1256, if any."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not _ANY_ARABIC.search(line):
            continue
        try:
            repaired = line.encode("cp1256").decode("utf-8")
        except UnicodeError:
            continue
        if repaired != line:
            return number
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode an article file; return ``(text, encoding)``.

    UTF-8 (BOM optional) is tried first, then Windows-1256 if the result reads as
    Arabic. Anything else is refused with the line of the first undecodable byte.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ParseError(None, "ملف UTF-16 تالف لا يمكن فك ترميزه") from None
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        bad_line = _line_of_offset(data, error.start)
        # A file that is mostly valid UTF-8 with a few broken bytes is damaged
        # UTF-8, not Windows-1256: reading it as cp1256 would store mojibake.
        high = len(data) - len(data.translate(None, _HIGH_BYTES))
        multibyte = sum(len(m) for m in _UTF8_MULTIBYTE.findall(data))
        if encoding == "utf-8" and high and multibyte / high < 0.5:
            candidate = data.decode("cp1256")
            if _looks_like_cp1256_arabic(candidate):
                text, encoding = candidate, "cp1256"
            else:
                raise ParseError(
                    bad_line, "بايتات لا يمكن فك ترميزها (الملف ليس UTF-8 ولا Windows-1256 عربياً)"
                ) from None
        else:
            raise ParseError(bad_line, "بايتات UTF-8 تالفة لا يمكن فك ترميزها") from None
    if m := BAD_CHARS.search(text):
        line = text.count("\n", 0, m.start()) + 1
        raise ParseError(line, bad_character_reason(m.group()))
    if encoding != "cp1256" and (bad := _mojibake_line(normalise_newlines(text))):
        raise ParseError(
            bad, "نص مشوّه (mojibake): نص UTF-8 قُرئ سابقاً بترميز Windows-1256 ثم حُفظ كذلك"
        )
    return text, encoding


@dataclass(slots=True)
class _Block:
    line: int
    lines: list[str]

    @property
    def one_line(self) -> str:
        # Header fields are one line each; a wrapped header is joined with a space.
        return " ".join(part.strip() for part in self.lines)

    @property
    def paragraph(self) -> str:
        return "\n".join(self.lines).strip()


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(normalise_newlines(text).split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            current = None
            continue
        if current is None:
            current = _Block(number, [])
            blocks.append(current)
        current.lines.append(line)
    return blocks


def _section_match(block: _Block | None) -> re.Match[str] | None:
    """The date and time ending a section line, or None when the block has not that shape."""
    if block is None or len(block.lines) != 1:
        return None
    return dates.DATETIME_SUFFIX.search(block.lines[0].strip())


def _section_and_time(block: _Block, m: re.Match[str]) -> tuple[str, datetime]:
    """Split ``عرب وعالم1-2-2022 | 21:14`` into the section and the (naive) time."""
    line = block.lines[0].strip()
    try:
        published_at = dates.parse_datetime(m.group())
    except dates.DateParseError as error:
        raise ParseError(block.line, f"تاريخ نشر غير صالح: {error}") from None
    section = " ".join(line[: m.start()].split())
    if not section:
        raise ParseError(block.line, "سطر القسم والتاريخ بلا اسم قسم")
    return section, published_at


def parse_text(text: str) -> ParsedArticle:
    """Parse decoded text (see the module docstring for the layout)."""
    blocks = _blocks(text)
    if not blocks:
        raise ParseError(None, "الملف فارغ")
    first, rest = blocks[0], blocks[1:]
    try:
        scraped_on = dates.parse_date(first.one_line)
    except dates.DateParseError as error:
        raise ParseError(first.line, f"السطر الأول ليس تاريخ الجمع: {error}") from None

    if not rest or _section_match(rest[0]) is not None:
        line = rest[0].line if rest else first.line
        raise ParseError(line, "لا يوجد عنوان: المتوقع بعد تاريخ الجمع سطر العنوان")
    headline, rest = rest[0], rest[1:]

    # Block 3 is the caption when block 4 is the section/date line (even if the
    # caption itself ends with a date), else it must be the section/date line.
    caption: _Block | None = None
    if m := _section_match(rest[1] if len(rest) > 1 else None):
        caption, rest = rest[0], rest[1:]
    elif not (m := _section_match(rest[0] if rest else None)):
        line = rest[0].line if rest else headline.line
        raise ParseError(
            line, "لا يوجد سطر القسم وتاريخ النشر (مثل «عرب وعالم1-2-2022 | 21:14») بعد العنوان"
        )
    section_block, rest = rest[0], rest[1:]
    section, published_at = _section_and_time(section_block, m)

    if not rest:
        raise ParseError(section_block.line, "لا يوجد اسم الناشر بعد سطر القسم والتاريخ")
    publisher, body = rest[0], rest[1:]
    # A missing publisher would silently turn the first paragraph into one.
    if len(publisher.lines) > 1 or len(publisher.one_line.split()) > MAX_PUBLISHER_WORDS:
        raise ParseError(
            publisher.line,
            "لا يوجد اسم الناشر: المتوقع بعد سطر القسم والتاريخ اسم قصير لا فقرة",
        )
    if not body:
        raise ParseError(publisher.line, "لا يوجد نص: المقال بلا فقرات بعد اسم الناشر")

    lines = {
        "scraped_on": first.line,
        "title": headline.line,
        "section": section_block.line,
        "published_at": section_block.line,
        "publisher": publisher.line,
        "body": body[0].line,
    }
    if caption is not None:
        lines["caption"] = caption.line
    return ParsedArticle(
        scraped_on=scraped_on,
        title=headline.one_line,
        caption=caption.one_line if caption is not None else None,
        section=section,
        published_at=published_at,
        publisher=" ".join(publisher.one_line.split()),
        paragraphs=[block.paragraph for block in body],
        lines=lines,
    )


def parse_bytes(data: bytes) -> ParsedArticle:
    """Decode and parse the bytes of one article file."""
    text, _encoding = decode(data)
    return parse_text(text)
