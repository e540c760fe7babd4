"""Fraud-intelligence jobs: typology suggestions for bulk-imported reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jointdesk.db.uow import UnitOfWork
from jointdesk.intel.suggest import fill_missing
from jointdesk.kernel.tasks import Periodic, TaskFn


def suggest_task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    fill_missing(uow, limit=int(payload.get("limit", 2000)))


TASKS: dict[str, TaskFn] = {"intel.suggest": suggest_task}
PERIODIC = [Periodic(task="intel.suggest", every=timedelta(minutes=1))]
