"""The one CSV writer for every export: formula-safe cells.

A cell that starts with = + - @, a tab or a carriage return is run as a formula by
spreadsheet programs (=HYPERLINK(...) leaks data, +1+1 computes). Following OWASP's
advice such a cell is written with a leading apostrophe, which spreadsheets show as
text and hide; every other cell is written exactly as stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheet programs read a CSV as UTF-8 (not the system code page) only after a BOM.
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def safe_row(row: Iterable[object]) -> list[str]:
    return [safe_cell(value) for value in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(rows: Iterable[Iterable[object]], *, bom: bool = True) -> Iterator[str]:
    """Formula-safe CSV lines, one per row, for a streaming response."""
    writer = csv.writer(_Echo())
    if bom:
        yield BOM
    for row in rows:
        yield writer.writerow(safe_row(row))


def to_csv(rows: Iterable[Iterable[object]], *, bom: bool = False) -> str:
    """The whole formula-safe CSV as one string."""
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()
