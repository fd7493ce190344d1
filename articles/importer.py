"""Import article files: plain-text files in the newsreader layout, .jsonl exports and
.zip archives of either, from paths (the import_articles command) or an upload (admin).

Rules:

* The identity of an article is (publisher, publication time, headline). Importing the
  same content again writes nothing ("unchanged"). A different text for an existing
  article is reported ("changed") and left alone unless ``update=True`` ("updated";
  Article.save() then bumps text_version so annotations can re-anchor).
* Every file is imported in its own (nested) transaction: a file that fails (cannot be
  parsed, or any error while saving) imports nothing, is reported with its name, line
  and reason, and the other files still import. Files are grouped in chunks committed
  together, and a chunk in which a file fails is redone with a savepoint per file: on
  SQLite a commit (or a savepoint) per file costs more than the inserts. Results are
  reported only once their chunk is committed.
* Articles are saved one by one with Model.save() so post_save receivers (the search
  index) see every article. Speed comes from everything around the save: sections and
  publishers are cached, and existing identities are looked up for a whole chunk of
  files in one query instead of one query per article.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Literal

from django.db import DatabaseError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from . import parsing, text
from .models import Article, Publisher, Section
from .signals import articles_imported

__all__ = ["FileResult", "ImportReport", "import_paths", "import_upload"]

Outcome = Literal["imported", "unchanged", "updated", "changed", "failed"]
OUTCOMES: tuple[Outcome, ...] = ("imported", "unchanged", "updated", "changed", "failed")

#: Files walked in folders and archives; other files (README.md...) are skipped.
SUFFIXES = {".txt", ".jsonl", ".zip"}
#: Files looked up together: one identity query per chunk instead of one per article.
CHUNK_SIZE = 200
#: Fewer files than this finish before a progress bar would help.
PROGRESS_MIN_FILES = 50
#: Refuse archive members bigger than this (a zip bomb would exhaust memory).
MAX_MEMBER_BYTES = 64 * 1024 * 1024

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(slots=True)
class FileResult:
    name: str
    outcome: Outcome
    line: int | None = None
    message: str = ""
    #: The article concerned (not set for failures).
    article_id: int | None = None

    def __str__(self) -> str:
        where = f"{self.name}:{self.line}" if self.line else self.name
        return f"{where}: {self.outcome}" + (f": {self.message}" if self.message else "")


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        self.results.append(result)
        self.counts[result.outcome] += 1

    @property
    def has_failures(self) -> bool:
        return self.counts["failed"] > 0

    def problems(self) -> list[FileResult]:
        """Results someone should read: failures, changed and updated articles."""
        return [r for r in self.results if r.outcome in {"failed", "changed", "updated"}]

    def summary(self) -> str:
        c = self.counts
        line = (
            f"imported {c['imported']}, unchanged {c['unchanged']}, "
            f"updated {c['updated']}, failed {c['failed']}"
        )
        # "changed" is not part of the usual summary; say it when it happened so
        # no article goes unaccounted for.
        return line + (f", changed {c['changed']}" if c["changed"] else "")


@dataclass(slots=True)
class _Source:
    name: str
    kind: Literal["text", "jsonl"]
    data: bytes


@dataclass(slots=True)
class _Candidate:
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


# --- Reading sources -------------------------------------------------------------


def _kind(name: str) -> Literal["text", "jsonl"]:
    return "jsonl" if name.lower().endswith(".jsonl") else "text"


def _zip_sources(name: str, data: bytes | Path) -> Iterator[_Source | FileResult]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as error:
        yield FileResult(name, "failed", None, f"أرشيف zip غير صالح: {error}")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = PurePosixPath(info.filename)
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in member.parts):
                continue
            suffix = member.suffix.lower()
            if suffix not in SUFFIXES:
                continue
            member_name = f"{name}/{info.filename}"
            if suffix == ".zip":
                yield FileResult(member_name, "failed", None, "أرشيف داخل أرشيف غير مدعوم")
            elif info.file_size > MAX_MEMBER_BYTES:
                yield FileResult(member_name, "failed", None, "الملف أكبر من الحد المسموح")
            else:
                try:
                    # Read now: the archive closes when this generator moves on.
                    yield _Source(member_name, _kind(info.filename), archive.read(info))
                except (zipfile.BadZipFile, OSError, RuntimeError) as error:
                    yield FileResult(member_name, "failed", None, f"تعذرت قراءة الملف: {error}")


def _expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path | FileResult]:
    """Files to import, in a stable order; folders are walked recursively, lazily, so
    a folder of a million files costs no more memory than one of ten."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for filename in sorted(filenames):
                    child = Path(folder, filename)
                    if not filename.startswith(".") and child.suffix.lower() in SUFFIXES:
                        yield child
        elif path.is_file():
            yield path
        else:
            yield FileResult(str(path), "failed", None, "لا يوجد ملف أو مجلد بهذا المسار")


def _path_sources(files: Iterable[Path | FileResult]) -> Iterator[_Source | FileResult]:
    for path in files:
        if isinstance(path, FileResult):
            yield path
        elif path.suffix.lower() == ".zip":
            yield from _zip_sources(str(path), path)
        else:
            try:
                yield _Source(str(path), _kind(path.name), path.read_bytes())
            except OSError as error:
                yield FileResult(str(path), "failed", None, f"تعذرت قراءة الملف: {error.strerror}")


# --- Turning sources into candidates -----------------------------------------------


def _limit(value: str, model: type[Model], field_name: str, line: int | None, label: str) -> str:
    max_length = model._meta.get_field(field_name).max_length
    if max_length and len(value) > max_length:
        raise parsing.ParseError(line, f"{label} أطول من {max_length} حرفاً")
    return value


class _Importer:
    def __init__(self, *, draft: bool, update: bool) -> None:
        self.draft = draft
        self.update = update
        self.tz = timezone.get_default_timezone()
        self.sections: dict[str, Section] = {s.name: s for s in Section.objects.all()}
        self.publishers: dict[str, Publisher] = {p.name: p for p in Publisher.objects.all()}

    # Candidates ---------------------------------------------------------------

    def _candidate_from_text(self, source: _Source) -> _Candidate:
        parsed = parsing.parse_bytes(source.data)
        lines = parsed.lines
        return _Candidate(
            name=source.name,
            line=None,
            title=_limit(parsed.title, Article, "title", lines["title"], "العنوان"),
            caption=parsed.caption or "",
            section=_limit(parsed.section, Section, "name", lines["section"], "اسم القسم"),
            publisher=_limit(parsed.publisher, Publisher, "name", lines["publisher"], "اسم الناشر"),
            published_at=timezone.make_aware(parsed.published_at, self.tz),
            scraped_on=parsed.scraped_on,
            body=_canonical(parsed.paragraphs),
            status=Article.Status.DRAFT if self.draft else Article.Status.PUBLISHED,
            source_sha256=hashlib.sha256(source.data).hexdigest(),
        )

    def _candidates_from_jsonl(self, source: _Source) -> list[_Candidate]:
        try:
            content = source.data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = source.data.count(b"\n", 0, error.start) + 1
            raise parsing.ParseError(line, "بايتات UTF-8 تالفة في ملف jsonl") from None
        candidates = []
        for number, raw in enumerate(content.split("\n"), start=1):
            if raw.strip():
                candidates.append(self._candidate_from_record(source.name, number, raw))
        if not candidates:
            raise parsing.ParseError(None, "ملف jsonl فارغ")
        return candidates

    def _candidate_from_record(self, name: str, line: int, raw: str) -> _Candidate:
        def fail(reason: str) -> parsing.ParseError:
            return parsing.ParseError(line, reason)

        try:
            record = json.loads(raw)
        except json.JSONDecodeError as error:
            raise fail(f"JSON غير صالح: {error.msg} (العمود {error.colno})") from None
        if not isinstance(record, dict):
            raise fail("السطر ليس كائن JSON")

        def string(key: str, *, required: bool = True) -> str | None:
            value = record.get(key)
            if value is None and not required:
                return None
            if not isinstance(value, str) or not value.strip():
                raise fail(f"الحقل «{key}» مطلوب نصاً غير فارغ")
            return value

        try:
            published_at = datetime.fromisoformat(string("published_at"))
        except ValueError:
            raise fail("published_at ليس تاريخاً بصيغة ISO 8601") from None
        if timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at, self.tz)
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
        if self.draft:
            status = Article.Status.DRAFT
        sha = record.get("source_sha256")
        if sha is not None and not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
            raise fail("source_sha256 ليس بصمة SHA-256")
        caption = record.get("caption")
        if caption is not None and not isinstance(caption, str):
            raise fail("الحقل «caption» يجب أن يكون نصاً أو null")
        return _Candidate(
            name=name,
            line=line,
            title=_limit(string("title"), Article, "title", line, "العنوان"),
            caption=caption or "",
            section=_limit(string("section"), Section, "name", line, "اسم القسم"),
            publisher=_limit(string("publisher"), Publisher, "name", line, "اسم الناشر"),
            published_at=published_at,
            scraped_on=scraped_on,
            body=_canonical(paragraphs),
            status=status,
            source_sha256=sha or hashlib.sha256(raw.encode()).hexdigest(),
        )

    # Database -------------------------------------------------------------------

    def _existing(self, candidates: list[_Candidate]) -> dict[tuple, Article]:
        """Articles already stored under the identities of ``candidates``."""
        found: dict[tuple, Article] = {}
        # Publishers another process created since this import started.
        if missing := {c.publisher for c in candidates} - self.publishers.keys():
            self.publishers.update((p.name, p) for p in Publisher.objects.filter(name__in=missing))
        known = [c for c in candidates if c.publisher in self.publishers]
        for start in range(0, len(known), 300):
            batch = known[start : start + 300]
            # A superset (each column matched separately) narrowed down by the dict key.
            queryset = Article.objects.filter(
                publisher_id__in={self.publishers[c.publisher].pk for c in batch},
                published_at__in={c.published_at for c in batch},
                title__in={c.title for c in batch},
            )
            for article in queryset:
                found[(article.publisher_id, article.published_at, article.title)] = article
        return found

    def _get_or_create(
        self, cache: dict, model: type[Section | Publisher], name: str, created: list
    ) -> Section | Publisher:
        obj = cache.get(name)
        if obj is None:
            obj, was_created = model.objects.get_or_create(
                name=name, defaults={"slug": _unique_slug(model, name)}
            )
            cache[name] = obj
            if was_created:
                created.append((cache, name))
        return obj

    def _save(
        self,
        c: _Candidate,
        existing: dict,
        touched: list,
        created: list,
        pending: list[tuple[FileResult, Article]] | None = None,
    ) -> FileResult:
        """Store one candidate. With ``pending`` (the fast path), a new article is only
        prepared and listed there with its result, for _insert_pending to insert in
        bulk and give the result its id."""
        section = self._get_or_create(self.sections, Section, c.section, created)
        publisher = self._get_or_create(self.publishers, Publisher, c.publisher, created)
        key = (publisher.pk, c.published_at, c.title)
        article = existing.get(key)
        if article is not None and article.pk is None:
            # The same identity twice in one chunk: its report names the article's id,
            # which a pending article does not have yet. Rare: redo the chunk slowly.
            raise _SameArticleTwice(c.name)
        if article is None and pending is not None:
            article = self._new_article(c, section, publisher)
            article.prepare()
            existing[key] = article
            result = FileResult(c.name, "imported", c.line, "", None)
            pending.append((result, article))
            return result
        if article is None:
            article = self._new_article(c, section, publisher)
            article.save()
            existing[key] = article
            touched.append(key)
            return FileResult(c.name, "imported", c.line, "", article.pk)

        differences = [
            label
            for label, old, new in (
                ("النص", article.body, c.body),
                ("تعليق الصورة", article.caption, c.caption),
                ("القسم", article.section_id, section.pk),
                ("تاريخ الجمع", article.scraped_on, c.scraped_on),
            )
            if old != new
        ]
        if not differences:
            return FileResult(c.name, "unchanged", c.line, "", article.pk)
        what = "، ".join(differences)
        if not self.update:
            message = (
                f"المقال رقم {article.pk} محفوظ بقيم مختلفة ({what})؛ "
                "تُرك كما هو (استعمل التحديث لاستبداله)"
            )
            return FileResult(c.name, "changed", c.line, message, article.pk)
        # Status and featured stay as curated in the admin.
        article.body = c.body
        article.caption = c.caption
        article.section = section
        article.scraped_on = c.scraped_on
        article.source_sha256 = c.source_sha256
        touched.append(key)
        article.save()
        message = f"حُدّث المقال رقم {article.pk} ({what})"
        return FileResult(c.name, "updated", c.line, message, article.pk)

    @staticmethod
    def _new_article(c: _Candidate, section: Section, publisher: Publisher) -> Article:
        return Article(
            title=c.title,
            caption=c.caption,
            section=section,
            publisher=publisher,
            published_at=c.published_at,
            scraped_on=c.scraped_on,
            body=c.body,
            status=c.status,
            source_sha256=c.source_sha256,
        )

    @staticmethod
    def _insert_pending(pending: list[tuple[FileResult, Article]]) -> None:
        """Insert the chunk's new articles in one statement per batch, then tell the
        apps that index them (articles_imported: bulk_create sends no post_save)."""
        if not pending:
            return
        articles = Article.objects.bulk_create([article for _, article in pending])
        for (result, _), article in zip(pending, articles, strict=True):
            result.article_id = article.pk
        articles_imported.send(sender=Article, articles=articles)

    def _import_unit(
        self, source: _Source, candidates: list[_Candidate], existing: dict
    ) -> list[FileResult]:
        touched: list[tuple] = []
        created: list[tuple[dict, str]] = []
        results: list[FileResult] = []
        try:
            with transaction.atomic():
                for candidate in candidates:
                    results.append(self._save(candidate, existing, touched, created))
        except Exception as error:
            # Rolled back: forget what this file had added to the caches.
            for key in touched:
                existing.pop(key, None)
            for cache, name in created:
                cache.pop(name, None)
            failing = candidates[len(results)] if len(results) < len(candidates) else None
            return [
                FileResult(
                    source.name,
                    "failed",
                    failing.line if failing else None,
                    f"لم يُستورد شيء من الملف: {type(error).__name__}: {error}",
                )
            ]
        return results

    def _reload_caches(self) -> None:
        self.sections = {s.name: s for s in Section.objects.all()}
        self.publishers = {p.name: p for p in Publisher.objects.all()}

    def _save_chunk(
        self, units: list[tuple[int, _Source, list[_Candidate]]], outcomes: list[list[FileResult]]
    ) -> None:
        """Save a chunk of files in one transaction, each file all or nothing."""
        # Fast path: the whole chunk in one transaction without savepoints, which
        # cost two statements per file, and its new articles inserted in bulk.
        # Failures are rare; when one happens the chunk is rolled back and redone
        # below with a savepoint per file and one save() per article.
        try:
            with transaction.atomic():
                existing = self._existing([c for _, _, cs in units for c in cs])
                pending: list[tuple[FileResult, Article]] = []
                fast = [
                    [self._save(c, existing, [], [], pending) for c in candidates]
                    for _, _, candidates in units
                ]
                self._insert_pending(pending)
        except Exception:
            self._reload_caches()
        else:
            for (position, _, _), results in zip(units, fast, strict=True):
                outcomes[position] = results
            return
        try:
            with transaction.atomic():
                existing = self._existing([c for _, _, cs in units for c in cs])
                for position, source, candidates in units:
                    outcomes[position] = self._import_unit(source, candidates, existing)
        except DatabaseError as error:
            # The commit itself failed: nothing of this chunk is stored.
            self._reload_caches()
            for position, source, _ in units:
                outcomes[position] = [
                    FileResult(source.name, "failed", None, f"تعذر حفظ الملف: {error}")
                ]

    def run(self, sources: Iterable[_Source | FileResult], report: ImportReport) -> None:
        for chunk in itertools.batched(sources, CHUNK_SIZE):
            # Results in file order; parse failures are known before the transaction.
            outcomes: list[list[FileResult]] = []
            units: list[tuple[int, _Source, list[_Candidate]]] = []
            for source in chunk:
                outcomes.append([])
                if isinstance(source, FileResult):
                    outcomes[-1].append(source)
                    continue
                try:
                    if source.kind == "jsonl":
                        candidates = self._candidates_from_jsonl(source)
                    else:
                        candidates = [self._candidate_from_text(source)]
                except parsing.ParseError as error:
                    outcomes[-1].append(FileResult(source.name, "failed", error.line, error.reason))
                    continue
                units.append((len(outcomes) - 1, source, candidates))
            self._save_chunk(units, outcomes)
            # Reported only now that they are committed.
            for results in outcomes:
                for result in results:
                    report.add(result)


class _SameArticleTwice(Exception):
    """A chunk holds the same article identity twice: the fast path gives way."""


def _canonical(paragraphs: list[str]) -> str:
    """The body exactly as Article.save() will store it, so comparisons are exact."""
    return text.join_paragraphs(text.split_paragraphs(text.join_paragraphs(paragraphs)))


def _unique_slug(model: type[Section | Publisher], name: str) -> str:
    max_length = model._meta.get_field("slug").max_length
    base = slugify(name, allow_unicode=True)[: max_length - 4] or model._meta.model_name
    slug, n = base, 2
    # Names that differ only in diacritics or punctuation share a slug.
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Public API ------------------------------------------------------------------------


def import_paths(
    paths: Iterable[str | os.PathLike],
    *,
    draft: bool = False,
    update: bool = False,
    progress: bool = False,
) -> ImportReport:
    """Import files, folders (recursively: .txt, .jsonl and .zip) and archives.

    ``progress`` shows a progress bar on stderr when there are many files.
    """
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files: Iterable[Path | FileResult] = _expand(paths)
    if progress:
        # Walking twice is cheap next to importing, and keeps memory flat.
        total = sum(1 for _ in _expand(paths))
        if total >= PROGRESS_MIN_FILES:
            from tqdm import tqdm

            files = tqdm(files, total=total, unit="file", file=sys.stderr, desc="import")
    report = ImportReport()
    _Importer(draft=draft, update=update).run(_path_sources(files), report)
    return report


def import_upload(
    *, name: str, data: bytes, draft: bool = False, update: bool = False
) -> ImportReport:
    """Import one uploaded file (.txt article, .jsonl export or .zip of either)."""
    name = PurePosixPath(name.replace("\\", "/")).name or "upload"
    if name.lower().endswith(".zip"):
        sources: Iterable[_Source | FileResult] = _zip_sources(name, data)
    else:
        sources = [_Source(name, _kind(name), data)]
    report = ImportReport()
    _Importer(draft=draft, update=update).run(sources, report)
    return report
