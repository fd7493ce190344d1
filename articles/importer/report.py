"""What an import reports: one result per file (or jsonl record), in file order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["imported", "unchanged", "updated", "changed", "failed"]
OUTCOMES: tuple[Outcome, ...] = ("imported", "unchanged", "updated", "changed", "failed")
OUTCOME_LABELS: dict[str, str] = {
    "imported": "استُورد",
    "unchanged": "بلا تغيير",
    "updated": "حُدّث",
    "changed": "نصه تغيّر ولم يُحدَّث",
    "failed": "فشل",
}


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

    def outcome_counts(self) -> list[tuple[str, str, int]]:
        """(outcome, Arabic label, count) for every outcome, in report order."""
        return [(o, OUTCOME_LABELS[o], self.counts[o]) for o in OUTCOMES]

    def summary(self) -> str:
        c = self.counts
        line = (
            f"imported {c['imported']}, unchanged {c['unchanged']}, "
            f"updated {c['updated']}, failed {c['failed']}"
        )
        # "changed" is not part of the usual summary; say it when it happened so
        # no article goes unaccounted for.
        return line + (f", changed {c['changed']}" if c["changed"] else "")
