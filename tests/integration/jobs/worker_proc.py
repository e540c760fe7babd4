"""A real worker process for the kill test: runs due ``kill.effect`` jobs on the real clock.

Usage: python worker_proc.py DB_URL WORKER_ID LEASE_SECONDS HOLD_SECONDS

The task inserts its row into ``kill_effect`` (uncommitted), touches ``payload["marker"]`` so the
test knows the insert happened, then holds the transaction open for HOLD_SECONDS.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from jointdesk.db import UnitOfWork, UnitOfWorkFactory, make_engine
from jointdesk.jobs import Worker
from jointdesk.kernel.clock import SystemClock
from jointdesk.kernel.secrets import NodeSecrets
from jointdesk.kernel.tasks import TaskFn


def insert_then_hold(hold_seconds: float) -> TaskFn:
    """The ``kill.effect`` task body; the test's in-process rescuer uses it with no hold."""

    def task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
        uow.session.execute(
            text("INSERT INTO kill_effect (job_id, n) VALUES (:job, 1)"), {"job": payload["key"]}
        )
        Path(payload["marker"]).touch()
        time.sleep(hold_seconds)

    return task


def main(url: str, worker_id: str, lease_seconds: float, hold_seconds: float) -> None:
    engine = make_engine(url)
    factory = UnitOfWorkFactory(
        sessionmaker(engine, expire_on_commit=False),
        SystemClock(),
        NodeSecrets.from_secret("x" * 32),
    )
    worker = Worker(
        factory,
        {"kill.effect": insert_then_hold(hold_seconds)},
        worker_id=worker_id,
        lease=timedelta(seconds=lease_seconds),
    )
    while worker.run_once():
        pass
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
