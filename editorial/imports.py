"""Imports as the site runs them: articles.importer's pipeline with what must follow each
chunk's write, by name, inside its transaction (editorial.services.articles_written)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from articles import importer
from articles.importer import ImportReport
from core.tasks import tasks_after_bulk_write

from .services import articles_written


def import_paths(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    draft: bool = False,
    update: bool = False,
    progress: bool = False,
) -> ImportReport:
    """Import files, folders (recursively) and archives; see articles.importer.

    The background work that follows each chunk (the assistant's suggestions, "checked
    before" flags) is queued at its commit; with the immediate task backend it runs
    once every chunk is in (core.tasks), not between chunks."""
    with tasks_after_bulk_write():
        return importer.import_paths(
            [paths] if isinstance(paths, (str, os.PathLike)) else paths,
            draft=draft,
            update=update,
            progress=progress,
            after_write=articles_written,
        )


def import_upload(
    *, name: str, data: bytes, draft: bool = False, update: bool = False
) -> ImportReport:
    """Import one uploaded file (.txt article, .jsonl export or .zip of either)."""
    with tasks_after_bulk_write():
        return importer.import_upload(
            name=name, data=data, draft=draft, update=update, after_write=articles_written
        )
