"""`python manage.py compare_claims FILE|-`: same claim or not, for pairs of sentences.

Reads JSON Lines {"a": "<sentence>", "b": "<sentence>"} and prints, in the same
order, one {"same": true|false, "score": n} per line, with the product's own
similarity and threshold (assistant.similarity). Never touches the database.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError

from assistant.similarity import compare


def _pair(line: str, number: int) -> tuple[str, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise CommandError(f"line {number}: not JSON ({error.msg})") from None
    if (
        not isinstance(record, dict)
        or not isinstance(record.get("a"), str)
        or not isinstance(record.get("b"), str)
    ):
        raise CommandError(f'line {number}: expected {{"a": "<sentence>", "b": "<sentence>"}}')
    return record["a"], record["b"]


class Command(BaseCommand):
    help = 'Compare pairs of claims from JSON Lines {"a": ..., "b": ...}; prints {"same": ..., "score": ...} per line.'
    # No system checks: they may query the database, and this command must not.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a JSON Lines file, or - for standard input")

    def handle(self, *args, file: str, **options) -> None:
        if file == "-":
            self._run(sys.stdin)
            return
        try:
            with open(file, encoding="utf-8-sig") as stream:
                self._run(stream)
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8") from None

    def _run(self, stream: TextIO) -> None:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue  # a blank line (e.g. the file's last) is no pair
            a, b = _pair(line, number)
            result = compare(a, b)
            self.stdout.write(json.dumps({"same": result.same, "score": result.score}))
            self.stdout.flush()
