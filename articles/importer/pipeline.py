"""Stages 3 and 4: chunks of candidates, written through one path.

A chunk of files is written in one transaction: new articles inserted in bulk by
articles.services, changed ones saved, and ``after_write`` called with what was stored
(the editorial layer re-anchors updated articles' annotations there) before the commit.
If anything in the chunk fails, the same write runs again one file at a time, each in a
transaction of its own, so a failing file imports nothing and the others still import.
On SQLite a commit per file costs more than the inserts: failures are rare, chunks common.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .. import parsing
from .. import services as article_services
from ..models import Article, Publisher, Section
from .candidates import Candidate, parse
from .report import FileResult, ImportReport
from .sources import Source

#: Files written together: one identity query and one transaction per chunk.
CHUNK_SIZE = 200


@dataclass
class Written:
    """What one write stored, handed to ``after_write`` inside its transaction."""

    created: list[Article] = field(default_factory=list)
    updated: list[Article] = field(default_factory=list)
    #: Lines ``after_write`` adds to an article's report (by article id), such as what
    #: re-anchoring did to an updated article's annotations.
    notes: dict[int, str] = field(default_factory=dict)


AfterWrite = Callable[[Written], None]


@dataclass(slots=True)
class _Unit:
    """One source file and the candidates parsed from it: imported all or nothing."""

    position: int
    source: Source
    candidates: list[Candidate]


class Pipeline:
    def __init__(self, *, draft: bool, update: bool, after_write: AfterWrite | None) -> None:
        self.draft = draft
        self.update = update
        self.after_write = after_write
        self.tz = timezone.get_default_timezone()
        self._load_names()

    def _load_names(self) -> None:
        """Sections and publishers by name (reloaded after a rollback dropped new ones)."""
        self.sections: dict[str, Section] = {s.name: s for s in Section.objects.all()}
        self.publishers: dict[str, Publisher] = {p.name: p for p in Publisher.objects.all()}

    def run(self, sources: Iterable[Source | FileResult], report: ImportReport) -> None:
        for chunk in itertools.batched(sources, CHUNK_SIZE):
            # Results in file order; parse failures are known before the transaction.
            outcomes: list[list[FileResult]] = [[] for _ in chunk]
            units: list[_Unit] = []
            for position, source in enumerate(chunk):
                if isinstance(source, FileResult):
                    outcomes[position].append(source)
                    continue
                try:
                    candidates = parse(source, tz=self.tz, draft=self.draft)
                except parsing.ParseError as error:
                    outcomes[position].append(
                        FileResult(source.name, "failed", error.line, error.reason)
                    )
                    continue
                units.append(_Unit(position, source, candidates))
            self._store(units, outcomes)
            # Reported only now that they are committed.
            for results in outcomes:
                for result in results:
                    report.add(result)

    def _store(self, units: list[_Unit], outcomes: list[list[FileResult]]) -> None:
        try:
            with transaction.atomic():
                written = self._write(units)
        except Exception:
            self._load_names()
        else:
            for unit, results in zip(units, written, strict=True):
                outcomes[unit.position] = results
            return
        for unit in units:
            try:
                with transaction.atomic():
                    [outcomes[unit.position]] = self._write([unit])
            except Exception as error:
                self._load_names()
                line = self._writing.line if self._writing in unit.candidates else None
                outcomes[unit.position] = [
                    FileResult(
                        unit.source.name,
                        "failed",
                        line,
                        f"لم يُستورد شيء من الملف: {type(error).__name__}: {error}",
                    )
                ]

    def _write(self, units: list[_Unit]) -> list[list[FileResult]]:
        """Store the units' candidates; one list of results per unit."""
        existing = self._existing([c for unit in units for c in unit.candidates])
        pending: list[tuple[FileResult, Article]] = []
        written = Written()
        results: list[list[FileResult]] = []
        self._writing: Candidate | None = None
        for unit in units:
            results.append([])
            for candidate in unit.candidates:
                self._writing = candidate
                results[-1].append(self._decide(candidate, existing, pending, written))
        self._flush(pending, written)
        if self.after_write is not None:
            self.after_write(written)
        for result in itertools.chain.from_iterable(results):
            if result.outcome == "updated" and result.article_id in written.notes:
                result.message += "؛ " + written.notes[result.article_id]
        return results

    @staticmethod
    def _flush(pending: list[tuple[FileResult, Article]], written: Written) -> None:
        """Insert the new articles so far in bulk and give their results the ids."""
        created = article_services.articles_create_bulk(articles=[a for _, a in pending])
        for (result, _), article in zip(pending, created, strict=True):
            result.article_id = article.pk
        written.created.extend(created)
        pending.clear()

    def _decide(
        self,
        c: Candidate,
        existing: dict[tuple, Article],
        pending: list[tuple[FileResult, Article]],
        written: Written,
    ) -> FileResult:
        section = self._section(c.section)
        publisher = self._publisher(c.publisher)
        key = (publisher.pk, c.published_at, c.title)
        article = existing.get(key)
        if article is not None and article.pk is None:
            # The same article twice in this write: insert what is pending, so the
            # second one is compared with a stored article that has its id.
            self._flush(pending, written)
        if article is None:
            article = self._new_article(c, section, publisher)
            existing[key] = article
            result = FileResult(c.name, "imported", c.line, "", None)
            pending.append((result, article))
            return result
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
        article.save()
        written.updated.append(article)
        message = f"حُدّث المقال رقم {article.pk} ({what})"
        return FileResult(c.name, "updated", c.line, message, article.pk)

    @staticmethod
    def _new_article(c: Candidate, section: Section, publisher: Publisher) -> Article:
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

    def _section(self, name: str) -> Section:
        if name not in self.sections:
            self.sections[name] = Section.objects.get_or_create(
                name=name, defaults={"slug": _unique_slug(Section, name)}
            )[0]
        return self.sections[name]

    def _publisher(self, name: str) -> Publisher:
        if name not in self.publishers:
            self.publishers[name] = Publisher.objects.get_or_create(
                name=name, defaults={"slug": _unique_slug(Publisher, name)}
            )[0]
        return self.publishers[name]

    def _existing(self, candidates: list[Candidate]) -> dict[tuple, Article]:
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


def _unique_slug(model: type[Section | Publisher], name: str) -> str:
    max_length: int = getattr(model._meta.get_field("slug"), "max_length", 50)
    base = slugify(name, allow_unicode=True)[: max_length - 4] or str(model._meta.model_name)
    slug, n = base, 2
    # Names that differ only in diacritics or punctuation share a slug.
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
