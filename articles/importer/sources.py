"""Stage 1: sources. Files, folders (walked lazily) and zip archives become Sources
(a name and its bytes), or failures to report; nothing is parsed yet."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from .report import FileResult

#: Files walked in folders and archives; other files (README.md...) are skipped.
SUFFIXES = {".txt", ".jsonl", ".zip"}
#: Refuse archive members bigger than this (a zip bomb would exhaust memory).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
#: Refuse the members of one archive past this much uncompressed data in all: a
#: 510 KB zip of 10 x 50 MB members passed the per-member cap.
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024


@dataclass(slots=True)
class Source:
    name: str
    kind: Literal["text", "jsonl"]
    data: bytes


def kind_of(name: str) -> Literal["text", "jsonl"]:
    return "jsonl" if name.lower().endswith(".jsonl") else "text"


def zip_sources(name: str, data: bytes | Path) -> Iterator[Source | FileResult]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as error:
        yield FileResult(name, "failed", None, f"أرشيف zip غير صالح: {error}")
        return
    total = 0
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            member = PurePosixPath(info.filename)
            suffix = member.suffix.lower()
            member_name = f"{name}/{info.filename}"
            if ".." in info.filename.replace("\\", "/").split("/") or member.is_absolute():
                # A path leaving the archive is an attack or a broken tool: say so.
                if suffix in SUFFIXES:
                    yield FileResult(member_name, "failed", None, "مسار غير آمن داخل الأرشيف")
                continue
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in member.parts):
                continue
            if suffix not in SUFFIXES:
                continue
            if suffix == ".zip":
                yield FileResult(member_name, "failed", None, "أرشيف داخل أرشيف غير مدعوم")
            elif info.file_size > MAX_MEMBER_BYTES:
                yield FileResult(member_name, "failed", None, "الملف أكبر من الحد المسموح")
            elif total + info.file_size > MAX_ARCHIVE_BYTES:
                yield FileResult(
                    member_name, "failed", None, "تجاوز الأرشيف الحجم الكلي المسموح بعد فك ضغطه"
                )
            else:
                # The declared size is binding: zipfile stops there and fails the CRC.
                total += info.file_size
                try:
                    # Read now: the archive closes when this generator moves on.
                    yield Source(member_name, kind_of(info.filename), archive.read(info))
                except (zipfile.BadZipFile, OSError, RuntimeError) as error:
                    yield FileResult(member_name, "failed", None, f"تعذرت قراءة الملف: {error}")


def expand(paths: Iterable[str | os.PathLike]) -> Iterator[Path | FileResult]:
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


def path_sources(files: Iterable[Path | FileResult]) -> Iterator[Source | FileResult]:
    for path in files:
        if isinstance(path, FileResult):
            yield path
        elif path.suffix.lower() == ".zip":
            yield from zip_sources(str(path), path)
        else:
            try:
                yield Source(str(path), kind_of(path.name), path.read_bytes())
            except OSError as error:
                yield FileResult(str(path), "failed", None, f"تعذرت قراءة الملف: {error.strerror}")
