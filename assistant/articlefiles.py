"""Article files read exactly as the importer reads them, without the database.

The detection commands must see the canonical text the importer would store
(same decoding, same parsing, same paragraph rules), so they go through the
importer's own readers rather than a second copy of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils import timezone

from articles import importer, parsing


@dataclass(frozen=True, slots=True)
class ArticleText:
    #: The file's base name; a jsonl record adds ":<line>".
    name: str
    body: str | None
    error: str | None = None


def _reader() -> importer._Importer:
    # The importer's candidate readers need only these attributes; building it
    # through __init__ would load sections and publishers from the database.
    reader = importer._Importer.__new__(importer._Importer)
    reader.draft = False
    reader.update = False
    reader.tz = timezone.get_default_timezone()
    return reader


def read_articles(paths: Iterable[str | os.PathLike]) -> Iterator[ArticleText]:
    """Every article in ``paths`` (files, folders, .txt, .jsonl, .zip) in a stable order."""
    reader = _reader()
    for source in importer._path_sources(importer._expand(paths)):
        if isinstance(source, importer.FileResult):
            yield ArticleText(PurePosixPath(source.name).name, None, source.message)
            continue
        base = PurePosixPath(source.name.replace("\\", "/")).name
        try:
            if source.kind == "jsonl":
                for c in reader._candidates_from_jsonl(source):
                    yield ArticleText(f"{base}:{c.line}", c.body)
            else:
                yield ArticleText(base, reader._candidate_from_text(source).body)
        except parsing.ParseError as error:
            yield ArticleText(base, None, str(error))
