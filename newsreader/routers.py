"""Database router for an optional read replica (settings.DATABASE_REPLICA_URL)."""

from __future__ import annotations

from typing import Any

from django.db import connections


class ReplicaRouter:
    """Reads from "replica", writes to "default".

    A read inside a transaction on the primary stays there: it must see the
    transaction's own writes (a service reading back what it just wrote), and a
    replica lags the primary by a little."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases are the same data: objects read from either relate freely.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
