"""Stage 2: candidates. A Source's bytes become the articles it holds (one for a text
file, one per line of a jsonl export), decoded and checked, or a ParseError with the
line and reason. Pure of the database: nothing here reads or writes a row."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.db.models import Model
from django.utils import timezone

from .. import parsing, text
from ..models import Article, Publisher, Section
from .sources import Source

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(slots=True)
class Candidate:
    """One article ready to be saved, from a text file or a jsonl record."""

    name: str
    line: int | None  # the record's line in a jsonl file
    title: str
    caption: str
    section: str
    publisher: str
    published_at: datetime
    scraped_on: date | None
    body: str
    status: str
    source_sha256: str


def parse(source: Source, *, tz: tzinfo, draft: bool) -> list[Candidate]:
    """The articles of one source; raises parsing.ParseError."""
    if source.kind == "jsonl":
        return from_jsonl(source, tz=tz, draft=draft)
    return [from_text(source, tz=tz, draft=draft)]


def from_text(source: Source, *, tz: tzinfo, draft: bool) -> Candidate:
    parsed = parsing.parse_bytes(source.data)
    lines = parsed.lines
    return Candidate(
        name=source.name,
        line=None,
        title=_limit(parsed.title, Article, "title", lines["title"], "العنوان"),
        caption=parsed.caption or "",
        section=_limit(parsed.section, Section, "name", lines["section"], "اسم القسم"),
        publisher=_limit(parsed.publisher, Publisher, "name", lines["publisher"], "اسم الناشر"),
        published_at=timezone.make_aware(parsed.published_at, tz),
        scraped_on=parsed.scraped_on,
        body=_canonical(parsed.paragraphs),
        status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
        source_sha256=hashlib.sha256(source.data).hexdigest(),
    )


def from_jsonl(source: Source, *, tz: tzinfo, draft: bool) -> list[Candidate]:
    try:
        content = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.data.count(b"\n", 0, error.start) + 1
        raise parsing.ParseError(line, "بايتات UTF-8 تالفة في ملف jsonl") from None
    candidates = []
    for number, raw in enumerate(content.split("\n"), start=1):
        if raw.strip():
            candidates.append(_from_record(source.name, number, raw, tz=tz, draft=draft))
    if not candidates:
        raise parsing.ParseError(None, "ملف jsonl فارغ")
    return candidates


def _from_record(name: str, line: int, raw: str, *, tz: tzinfo, draft: bool) -> Candidate:
    def fail(reason: str) -> parsing.ParseError:
        return parsing.ParseError(line, reason)

    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        raise fail(f"JSON غير صالح: {error.msg} (العمود {error.colno})") from None
    except (ValueError, RecursionError):
        # A number past Python's digit limit, or nesting deeper than the decoder goes.
        raise fail("JSON غير صالح: عدد طويل جداً أو تداخل عميق جداً") from None
    if not isinstance(record, dict):
        raise fail("السطر ليس كائن JSON")
    for value in _strings(record):
        if m := parsing.BAD_CHARS.search(value):
            raise fail(parsing.bad_character_reason(m.group()))

    def string(key: str, *, required: bool = True) -> str | None:
        value = record.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(f"الحقل «{key}» مطلوب نصاً غير فارغ")
        return value

    def text(key: str) -> str:
        value = string(key)
        assert value is not None  # required
        return value

    try:
        published_at = datetime.fromisoformat(text("published_at"))
    except ValueError:
        raise fail("published_at ليس تاريخاً بصيغة ISO 8601") from None
    if timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, tz)
    scraped_on = None
    if (raw_scraped := string("scraped_on", required=False)) is not None:
        try:
            scraped_on = date.fromisoformat(raw_scraped)
        except ValueError:
            raise fail("scraped_on ليس تاريخاً بصيغة YYYY-MM-DD") from None
    paragraphs = record.get("paragraphs")
    if (
        not isinstance(paragraphs, list)
        or not paragraphs
        or not all(isinstance(p, str) and p.strip() for p in paragraphs)
    ):
        raise fail("الحقل «paragraphs» مطلوب قائمةً من فقرات غير فارغة")
    status = record.get("status") or Article.Status.PUBLISHED
    if status not in Article.Status.values:
        raise fail(f"حالة غير معروفة: {status!r}")
    if draft:
        status = Article.Status.DRAFT
    sha = record.get("source_sha256")
    if sha is not None and not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
        raise fail("source_sha256 ليس بصمة SHA-256")
    caption = record.get("caption")
    if caption is not None and not isinstance(caption, str):
        raise fail("الحقل «caption» يجب أن يكون نصاً أو null")
    return Candidate(
        name=name,
        line=line,
        title=_limit(text("title"), Article, "title", line, "العنوان"),
        caption=caption or "",
        section=_limit(text("section"), Section, "name", line, "اسم القسم"),
        publisher=_limit(text("publisher"), Publisher, "name", line, "اسم الناشر"),
        published_at=published_at,
        scraped_on=scraped_on,
        body=_canonical(paragraphs),
        status=status,
        source_sha256=sha or hashlib.sha256(raw.encode()).hexdigest(),
    )


def _strings(value: object) -> Iterator[str]:
    """Every string in a decoded JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _limit(value: str, model: type[Model], field_name: str, line: int | None, label: str) -> str:
    max_length = getattr(model._meta.get_field(field_name), "max_length", None)
    if max_length and len(value) > max_length:
        raise parsing.ParseError(line, f"{label} أطول من {max_length} حرفاً")
    return value


def _canonical(paragraphs: list[str]) -> str:
    """The body exactly as Article.save() will store it, so comparisons are exact."""
    return text.join_paragraphs(text.split_paragraphs(text.join_paragraphs(paragraphs)))
