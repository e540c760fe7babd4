"""Cooperation jobs: expire freeze holds and remind both sides before deadlines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jointdesk.authz.principal import Principal
from jointdesk.cooperation.responses import run_deadlines
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.tasks import Periodic, TaskFn


def deadlines_task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    run_deadlines(uow, Principal.system("worker"))


TASKS: dict[str, TaskFn] = {"cooperation.deadlines": deadlines_task}
PERIODIC = [Periodic(task="cooperation.deadlines", every=timedelta(minutes=5))]
