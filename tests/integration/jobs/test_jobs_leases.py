"""Leases: crashed workers' jobs come back, late workers lose their writes, no double runs."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from jointdesk.db import Job, UnitOfWork, UnitOfWorkFactory
from jointdesk.jobs import ClaimedJob, Worker, claim_next
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.tasks import TaskFn

Effects = Callable[[], list[tuple[str, int]]]
Enqueue = Callable[..., uuid.UUID]
LoadJob = Callable[[uuid.UUID], Job]
LEASE = timedelta(minutes=5)


def _claim_and_crash(uow_factory: UnitOfWorkFactory, worker_id: str) -> ClaimedJob:
    """What a worker leaves behind when it dies right after its claim committed."""
    with uow_factory() as uow:
        job = claim_next(uow.session, now=uow.clock.now(), lease=LEASE, worker_id=worker_id)
        uow.commit()
    assert job is not None
    return job


def test_expired_lease_is_claimed_again(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = enqueue("effect", {"key": "a"})
    crashed = _claim_and_crash(uow_factory, "crashed")
    assert (crashed.id, crashed.attempts) == (job_id, 1)
    assert load_job(job_id).locked_until == clock.now() + LEASE
    rescuer = Worker(uow_factory, {"effect": effect_task}, worker_id="rescuer", lease=LEASE)
    clock.advance(LEASE)
    assert rescuer.run_once() is False  # locked_until == now: still held
    clock.advance(timedelta(seconds=1))
    assert rescuer.run_once() is True
    job = load_job(job_id)
    assert (job.status, job.attempts, job.locked_by) == ("done", 2, "rescuer")
    assert effects() == [("a", 1)]


def test_late_worker_loses_its_writes_to_the_new_owner(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = enqueue("effect", {"key": "a"})
    rescuer = Worker(uow_factory, {"effect": effect_task}, worker_id="rescuer", lease=LEASE)

    def slow(uow: UnitOfWork, payload: dict[str, Any]) -> None:
        clock.advance(LEASE + timedelta(seconds=1))  # this worker hangs past its lease...
        assert rescuer.run_once() is True  # ...another takes the job over and finishes it
        effect_task(uow, {**payload, "n": 2})  # then the hung one writes and tries to finish

    assert Worker(uow_factory, {"effect": slow}, worker_id="slow", lease=LEASE).run_once()
    job = load_job(job_id)
    assert (job.status, job.attempts, job.locked_by) == ("done", 2, "rescuer")
    assert effects() == [("a", 1)]  # the late attempt's write was rolled back


def test_lease_expiring_on_the_last_attempt_buries_the_job(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = enqueue("effect", {"key": "a"}, max_attempts=1)
    _claim_and_crash(uow_factory, "crashed")
    clock.advance(LEASE + timedelta(seconds=1))
    assert Worker(uow_factory, {"effect": effect_task}, worker_id="w").run_once() is True
    job = load_job(job_id)
    assert job.status == "dead"
    assert job.last_error is not None
    assert "lease of attempt 1 expired" in job.last_error
    assert effects() == []


def test_concurrent_workers_run_each_job_once(
    uow_factory: UnitOfWorkFactory, effect_task: TaskFn, effects: Effects, enqueue: Enqueue
) -> None:
    keys = [f"job{i:02d}" for i in range(50)]
    for key in keys:
        enqueue("effect", {"key": key})
    runs: Counter[str] = Counter()
    ran_by: Counter[str] = Counter()
    lock = threading.Lock()

    def counted(uow: UnitOfWork, payload: dict[str, Any]) -> None:
        with lock:
            runs[payload["key"]] += 1
            ran_by[threading.current_thread().name] += 1
        time.sleep(0.002)  # widen the window in which two workers could overlap
        effect_task(uow, payload)

    start = threading.Barrier(4)

    def drain(name: str) -> None:
        worker = Worker(uow_factory, {"effect": counted}, worker_id=name)
        start.wait()
        while worker.run_once():
            pass

    with ThreadPoolExecutor(4, thread_name_prefix="w") as pool:
        futures = [pool.submit(drain, f"w{i}") for i in range(4)]
        for future in futures:
            future.result(timeout=60)  # re-raises a worker thread's error here
    assert runs == Counter(dict.fromkeys(keys, 1))
    assert effects() == [(key, 1) for key in keys]
    assert sum(ran_by.values()) == 50
