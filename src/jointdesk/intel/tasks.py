"""Fraud-intelligence jobs: typology suggestions for bulk-imported reports, chunked file imports."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any, Final

from jointdesk.db.uow import UnitOfWork
from jointdesk.intel.imports import TASK as IMPORT_TASK
from jointdesk.intel.imports import run_import
from jointdesk.intel.suggest import fill_missing
from jointdesk.kernel.tasks import Periodic, TaskFn

IMPORT_SLICE_SECONDS: Final = 60.0  # well inside the worker's lease; the rest runs as a new job


def suggest_task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    fill_missing(uow, limit=int(payload.get("limit", 2000)))


def import_task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Import chunk by chunk; each chunk commits with its cursor, so a crash resumes, never doubles."""
    run_import(
        uow,
        uuid.UUID(str(payload["batch_id"])),
        checkpoint=uow.commit,  # the job edge commits each chunk; the worker commits the last step
        deadline=time.monotonic() + IMPORT_SLICE_SECONDS,
    )


TASKS: dict[str, TaskFn] = {"intel.suggest": suggest_task, IMPORT_TASK: import_task}
PERIODIC = [Periodic(task="intel.suggest", every=timedelta(minutes=1))]
