"""The worker on both databases: transactional enqueue, order, retries, dead jobs, periodics."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from jointdesk.db import Job, UnitOfWork, UnitOfWorkFactory
from jointdesk.jobs import Worker
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.tasks import Periodic, TaskFn

Effects = Callable[[], list[tuple[str, int]]]
Enqueue = Callable[..., uuid.UUID]
LoadJob = Callable[[uuid.UUID], Job]


def _failing(effect: TaskFn) -> TaskFn:
    """A task that writes its effect, then fails: the effect must never survive."""

    def task(uow: UnitOfWork, payload: dict[str, Any]) -> None:
        effect(uow, payload)
        raise RuntimeError(f"boom {payload['key']}")

    return task


def test_rolled_back_enqueue_runs_nothing(
    uow_factory: UnitOfWorkFactory, effect_task: TaskFn, effects: Effects
) -> None:
    with uow_factory() as uow:
        assert uow.enqueue("effect", {"key": "a"}) is not None
        uow.rollback()
    worker = Worker(uow_factory, {"effect": effect_task}, worker_id="w1")
    assert worker.run_once() is False
    assert effects() == []


def test_job_effect_and_done_commit_together(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = enqueue("effect", {"key": "a"})
    worker = Worker(uow_factory, {"effect": effect_task}, worker_id="w1")
    assert worker.run_once() is True
    assert worker.run_once() is False
    assert effects() == [("a", 1)]
    job = load_job(job_id)
    assert (job.status, job.attempts, job.finished_at, job.locked_until) == (
        "done",
        1,
        clock.now(),
        None,
    )
    assert job.locked_by == "w1"


def test_dedup_key_enqueues_once(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        first = uow.enqueue("effect", {"key": "a"}, dedup_key="once")
        second = uow.enqueue("effect", {"key": "b"}, dedup_key="once")
        uow.commit()
    with uow_factory() as uow:
        third = uow.enqueue("effect", {"key": "c"}, dedup_key="once")
        uow.commit()
        count = len(uow.session.scalars(select(Job.id)).all())
    assert first is not None
    assert (second, third, count) == (None, None, 1)


def test_claims_follow_run_after_and_skip_future_jobs(
    uow_factory: UnitOfWorkFactory, effects: Effects, enqueue: Enqueue, clock: FixedClock
) -> None:
    order: list[str] = []
    now = clock.now()
    for key, minutes in (("late", 3), ("early", 1), ("middle", 2), ("future", 60)):
        enqueue("record", {"key": key}, run_after=now + timedelta(minutes=minutes))
    worker = Worker(uow_factory, {"record": lambda _uow, p: order.append(p["key"])}, worker_id="w")
    assert worker.run_once() is False  # nothing due yet
    clock.advance(timedelta(minutes=5))
    while worker.run_once():
        pass
    assert order == ["early", "middle", "late"]


def test_failures_back_off_exponentially_then_cap(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = enqueue("fail", {"key": "x"}, max_attempts=10)
    worker = Worker(
        uow_factory,
        {"fail": _failing(effect_task)},
        worker_id="w",
        base_backoff=timedelta(seconds=10),
        max_backoff=timedelta(seconds=30),
    )
    for attempt, delay in ((1, 10), (2, 20), (3, 30), (4, 30)):
        assert worker.run_once() is True
        job = load_job(job_id)
        assert (job.status, job.attempts) == ("queued", attempt)
        assert job.run_after == clock.now() + timedelta(seconds=delay)
        assert job.last_error == "RuntimeError: boom x"
        assert job.locked_until is None
        clock.advance(timedelta(seconds=delay - 1))
        assert worker.run_once() is False  # one second early
        clock.advance(timedelta(seconds=1))
    assert effects() == []  # every failed attempt's write was rolled back


def test_dead_after_max_attempts(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = enqueue("fail", {"key": "x"}, max_attempts=2)
    worker = Worker(uow_factory, {"fail": _failing(effect_task)}, worker_id="w")
    assert worker.run_once() is True
    clock.advance(timedelta(seconds=10))
    assert worker.run_once() is True
    job = load_job(job_id)
    assert (job.status, job.attempts, job.finished_at) == ("dead", 2, clock.now())
    assert job.last_error == "RuntimeError: boom x"
    clock.advance(timedelta(days=1))
    assert worker.run_once() is False
    assert effects() == []


def test_long_errors_are_truncated(
    uow_factory: UnitOfWorkFactory, enqueue: Enqueue, load_job: LoadJob
) -> None:
    def explode(_uow: UnitOfWork, _payload: dict[str, Any]) -> None:
        raise ValueError("x" * 10_000)

    job_id = enqueue("explode", max_attempts=1)
    Worker(uow_factory, {"explode": explode}, worker_id="w").run_once()
    error = load_job(job_id).last_error
    assert error is not None
    assert error.startswith("ValueError: xxx")
    assert len(error) == 2000


def test_unknown_task_is_dead_at_once(
    uow_factory: UnitOfWorkFactory, enqueue: Enqueue, load_job: LoadJob
) -> None:
    job_id = enqueue("no.such_task")
    assert Worker(uow_factory, {}, worker_id="w9").run_once() is True
    job = load_job(job_id)
    assert (job.status, job.attempts) == ("dead", 1)
    assert job.last_error == "unknown task 'no.such_task' on w9"


def test_periodic_is_scheduled_once_per_slot(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    periodic = [Periodic("tick", timedelta(minutes=5)), Periodic("tock", timedelta(hours=1))]
    first = Worker(uow_factory, {}, periodic, worker_id="a")
    second = Worker(uow_factory, {}, periodic, worker_id="b")
    clock.advance(timedelta(minutes=7))  # 09:07: tick slot 09:05, tock slot 09:00
    assert first.schedule_periodic() == 2
    assert second.schedule_periodic() == 0
    clock.advance(timedelta(minutes=2, seconds=59))  # 09:09:59, same slots
    assert first.schedule_periodic() == 0
    clock.advance(timedelta(seconds=1))  # 09:10: a new tick slot only
    assert second.schedule_periodic() == 1
    with uow_factory() as uow:
        keys = uow.session.scalars(select(Job.dedup_key).order_by(Job.dedup_key)).all()
    assert keys == [
        "periodic:tick:2026-11-29T09:05:00+00:00",
        "periodic:tick:2026-11-29T09:10:00+00:00",
        "periodic:tock:2026-11-29T09:00:00+00:00",
    ]


def test_run_loop_schedules_and_runs_until_stopped(
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
) -> None:
    enqueue("effect", {"key": "queued"})
    periodic = [Periodic("effect", timedelta(minutes=1), {"key": "tick"})]
    worker = Worker(uow_factory, {"effect": effect_task}, periodic, worker_id="loop")
    stop = threading.Event()
    thread = threading.Thread(target=worker.run, args=(stop, 0.01))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(effects()) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert effects() == [("queued", 1), ("tick", 1)]  # the tick slot ran once, not per poll
