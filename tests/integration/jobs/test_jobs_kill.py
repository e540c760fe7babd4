"""The kill test: SIGKILL a worker mid-task; its write vanishes and the job runs again, once."""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Engine, text

from jointdesk.db import Job, UnitOfWorkFactory
from jointdesk.jobs import Worker
from jointdesk.kernel.clock import Clock, SystemClock

WORKER_PROC = Path(__file__).with_name("worker_proc.py")
LEASE = timedelta(seconds=2)


def _worker_proc() -> ModuleType:
    spec = importlib.util.spec_from_file_location("jobs_worker_proc", WORKER_PROC)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _spawn(db_url: str, worker_id: str, hold: float, log: Path) -> subprocess.Popen[bytes]:
    lease = str(LEASE.total_seconds())
    with log.open("wb") as out:
        args = [sys.executable, str(WORKER_PROC), db_url, worker_id, lease, str(hold)]
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)


def _wait_for_insert(marker: Path, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"worker exited ({proc.returncode}) before its insert:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"worker never reached its insert:\n{log.read_text()}")
        time.sleep(0.02)


def _effect_rows(engine: Engine, key: str) -> int:
    with engine.connect() as conn:
        query = text("SELECT count(*) FROM kill_effect WHERE job_id = :key")
        return int(conn.execute(query, {"key": key}).scalar_one())


@pytest.mark.slow
def test_sigkilled_worker_leaves_no_effect_and_the_job_runs_once_more(
    db_url: str,
    migrated_engine: Engine,
    make_uow_factory: Callable[[Clock], UnitOfWorkFactory],
    load_job: Callable[[uuid.UUID], Job],
    tmp_path: Path,
) -> None:
    with migrated_engine.begin() as conn:
        conn.execute(text("CREATE TABLE kill_effect(job_id text, n integer)"))
    key, marker = uuid.uuid4().hex, tmp_path / "inserted"
    real = make_uow_factory(SystemClock())  # the workers run on the real clock
    with real() as uow:
        job_id = uow.enqueue("kill.effect", {"key": key, "marker": str(marker)})
        uow.commit()
    assert job_id is not None

    doomed = _spawn(db_url, "doomed", 60, tmp_path / "doomed.log")
    try:
        _wait_for_insert(marker, doomed, tmp_path / "doomed.log")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    finally:
        if doomed.poll() is None:
            doomed.kill()
            doomed.wait()
    assert doomed.returncode == -signal.SIGKILL

    job = load_job(job_id)
    assert (job.status, job.attempts, job.locked_by) == ("running", 1, "doomed")
    assert _effect_rows(migrated_engine, key) == 0  # the insert died with its transaction
    assert job.locked_until is not None
    time.sleep(max(0.0, (job.locked_until - datetime.now(UTC)).total_seconds()) + 0.05)

    task = _worker_proc().insert_then_hold(0.0)  # the same task, run in-process without the hold
    rescuer = Worker(real, {"kill.effect": task}, worker_id="rescuer", lease=LEASE)
    assert rescuer.run_once() is True
    assert rescuer.run_once() is False
    job = load_job(job_id)
    assert (job.status, job.attempts, job.locked_by) == ("done", 2, "rescuer")
    assert _effect_rows(migrated_engine, key) == 1
