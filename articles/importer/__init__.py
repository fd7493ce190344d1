"""Import article files: plain-text files in the newsreader layout, .jsonl exports and
.zip archives of either, from paths (the import_articles command) or an upload (admin).

A pipeline of stages: sources (files, folders, archives: importer.sources) → candidates
(decoded and checked articles: importer.candidates) → chunks written through one path
(importer.pipeline) → the report (importer.report). The site imports through
editorial.imports, which adds what must follow a write (re-anchoring).

Rules:

* The identity of an article is (publisher, publication time, headline). Importing the
  same content again writes nothing ("unchanged"). A different text for an existing
  article is reported ("changed") and left alone unless ``update=True`` ("updated";
  Article.save() then bumps text_version and the annotations are re-anchored).
* A file that fails (cannot be parsed, or any error while saving) imports nothing and is
  reported with its name, line and reason; the other files still import. Results are
  reported only once their chunk is committed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from . import sources
from .pipeline import CHUNK_SIZE, AfterWrite, Pipeline, Written
from .report import OUTCOME_LABELS, OUTCOMES, FileResult, ImportReport
from .sources import MAX_MEMBER_BYTES, SUFFIXES

__all__ = [
    "CHUNK_SIZE",
    "MAX_MEMBER_BYTES",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "SUFFIXES",
    "AfterWrite",
    "FileResult",
    "ImportReport",
    "Written",
    "import_paths",
    "import_upload",
]

#: Fewer files than this finish before a progress bar would help.
PROGRESS_MIN_FILES = 50


def import_paths(
    paths: Iterable[str | os.PathLike],
    *,
    draft: bool = False,
    update: bool = False,
    progress: bool = False,
    after_write: AfterWrite | None = None,
) -> ImportReport:
    """Import files, folders (recursively: .txt, .jsonl and .zip) and archives.

    ``progress`` shows a progress bar on stderr when there are many files;
    ``after_write`` is called with what each chunk stored, inside its transaction.
    """
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    files: Iterable[Path | FileResult] = sources.expand(paths)
    if progress:
        # Walking twice is cheap next to importing, and keeps memory flat.
        total = sum(1 for _ in sources.expand(paths))
        if total >= PROGRESS_MIN_FILES:
            from tqdm import tqdm

            files = tqdm(files, total=total, unit="file", file=sys.stderr, desc="import")
    report = ImportReport()
    Pipeline(draft=draft, update=update, after_write=after_write).run(
        sources.path_sources(files), report
    )
    return report


def import_upload(
    *,
    name: str,
    data: bytes,
    draft: bool = False,
    update: bool = False,
    after_write: AfterWrite | None = None,
) -> ImportReport:
    """Import one uploaded file (.txt article, .jsonl export or .zip of either)."""
    name = PurePosixPath(name.replace("\\", "/")).name or "upload"
    if name.lower().endswith(".zip"):
        inputs: Iterable[sources.Source | FileResult] = sources.zip_sources(name, data)
    else:
        inputs = [sources.Source(name, sources.kind_of(name), data)]
    report = ImportReport()
    Pipeline(draft=draft, update=update, after_write=after_write).run(inputs, report)
    return report
