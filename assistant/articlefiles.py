"""Article files read exactly as the importer reads them, without the database.

The detection commands must see the canonical text the importer would store (same
decoding, same parsing, same paragraph rules), so they run the importer's own first
two stages (articles.importer.sources and .candidates, both free of the database)
rather than a second copy of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils import timezone

from articles import parsing
from articles.importer import FileResult, candidates, sources


@dataclass(frozen=True, slots=True)
class ArticleText:
    #: The file's base name; a jsonl record adds ":<line>".
    name: str
    body: str | None
    error: str | None = None


def read_articles(paths: Iterable[str | os.PathLike]) -> Iterator[ArticleText]:
    """Every article in ``paths`` (files, folders, .txt, .jsonl, .zip) in a stable order."""
    tz = timezone.get_default_timezone()
    for source in sources.path_sources(sources.expand(paths)):
        if isinstance(source, FileResult):
            yield ArticleText(PurePosixPath(source.name).name, None, source.message)
            continue
        base = PurePosixPath(source.name.replace("\\", "/")).name
        try:
            found = candidates.parse(source, tz=tz, draft=False)
        except parsing.ParseError as error:
            yield ArticleText(base, None, str(error))
            continue
        for c in found:
            yield ArticleText(base if c.line is None else f"{base}:{c.line}", c.body)
