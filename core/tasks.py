"""Background tasks queued after the commit, and held back during a bulk import when they
would run inside it.

With a task queue (TASKS_BACKEND=database, django-tasks-db) a task enqueued at a chunk's
commit is picked up by a worker while the import goes on. With Django's immediate
backend (the default, ``make run``: no extra service) the "background" task runs in the
importing process at that commit, so detection and matching would run between chunks
and the import would write at their pace. Inside ``tasks_after_bulk_write`` those tasks
are collected instead and run, in the order they were queued, once the last chunk has
committed: every article is in, and readable, before any of them starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.tasks.backends.immediate import ImmediateBackend


@dataclass
class _Hold:
    runs: list[Callable[[], Any]] = field(default_factory=list)
    open: bool = True


_hold: ContextVar[_Hold | None] = ContextVar("tasks_hold", default=None)


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Enqueue ``task(*args)`` once the current transaction commits (at once outside one)."""
    hold = _hold.get()
    if hold is None or not isinstance(task.get_backend(), ImmediateBackend):
        transaction.on_commit(lambda: task.enqueue(*args))
        return

    def committed() -> None:
        # A commit after the import is over (an outer transaction's) runs it at once.
        if hold.open:
            hold.runs.append(lambda: task.enqueue(*args))
        else:
            task.enqueue(*args)

    transaction.on_commit(committed)


@contextmanager
def tasks_after_bulk_write() -> Iterator[None]:
    """Around a bulk import: tasks the immediate backend would run at each chunk's commit
    run after the whole import instead (also when it stopped half-way: the chunks it
    committed are in). Nested uses join the outermost."""
    if _hold.get() is not None:
        yield
        return
    hold = _Hold()
    token = _hold.set(hold)
    try:
        yield
    finally:
        _hold.reset(token)
        hold.open = False
        for run in hold.runs:
            run()
