"""How domains declare background work without importing ``jobs/``.

A domain's ``tasks.py`` exposes ``TASKS: dict[str, TaskFn]`` and ``PERIODIC: list[Periodic]``;
``bootstrap`` collects them and hands them to the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from jointdesk.db.uow import UnitOfWork


class TaskFn(Protocol):
    """A job body. It runs inside the job's own unit of work; the runner commits its effects
    together with marking the job done, so a crash mid-way leaves no half effect behind."""

    def __call__(self, uow: UnitOfWork, payload: dict[str, Any], /) -> None: ...


@dataclass(frozen=True)
class Periodic:
    """Run ``task`` once per ``every`` (one dedup key per time slot, so never twice a slot)."""

    task: str
    every: timedelta
    payload: dict[str, Any] | None = None
