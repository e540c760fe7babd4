"""list_jobs and retry_job on both databases; the caller commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from jointdesk.authz import Principal
from jointdesk.db import Job, UnitOfWork, UnitOfWorkFactory
from jointdesk.jobs import Worker, job_dict, list_jobs, retry_job
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.errors import Conflict, InvalidInput, NotFound
from jointdesk.kernel.tasks import TaskFn

Effects = Callable[[], list[tuple[str, int]]]
Enqueue = Callable[..., uuid.UUID]
LoadJob = Callable[[uuid.UUID], Job]


SYSTEM = Principal.system("test")


def _dead_job(uow_factory: UnitOfWorkFactory, enqueue: Enqueue) -> uuid.UUID:
    def fail(_uow: UnitOfWork, _payload: dict[str, Any]) -> None:
        raise KeyError("gone")

    job_id = enqueue("effect", {"key": "a"}, max_attempts=1)
    assert Worker(uow_factory, {"effect": fail}, worker_id="w").run_once()
    return job_id


def test_list_jobs_newest_first_and_by_status(
    uow_factory: UnitOfWorkFactory, enqueue: Enqueue, clock: FixedClock
) -> None:
    dead = _dead_job(uow_factory, enqueue)
    died_at = clock.now()
    clock.advance(timedelta(seconds=1))
    queued = enqueue("later", run_after=clock.now() + timedelta(hours=1))
    with uow_factory() as uow:
        assert [v.id for v in list_jobs(uow)] == [queued, dead]
        assert [v.id for v in list_jobs(uow, status="dead")] == [dead]
        assert [v.id for v in list_jobs(uow, limit=1)] == [queued]
        view = list_jobs(uow, status="dead")[0]
    assert (view.task, view.status, view.attempts, view.max_attempts) == ("effect", "dead", 1, 1)
    assert view.last_error == "KeyError: 'gone'"
    assert view.finished_at == died_at


def test_list_jobs_rejects_unknown_status(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(InvalidInput) as caught:
        list_jobs(uow, status="exploded")
    assert caught.value.field == "status"


def test_retry_job_requeues_a_dead_job_which_then_runs(
    *,
    uow_factory: UnitOfWorkFactory,
    effect_task: TaskFn,
    effects: Effects,
    enqueue: Enqueue,
    load_job: LoadJob,
    clock: FixedClock,
) -> None:
    job_id = _dead_job(uow_factory, enqueue)
    clock.advance(timedelta(minutes=3))
    with uow_factory() as uow:
        view = retry_job(uow, SYSTEM, job_id)
        uow.commit()
    assert (view.status, view.attempts, view.run_after, view.finished_at) == (
        "queued",
        0,
        clock.now(),
        None,
    )
    assert Worker(uow_factory, {"effect": effect_task}, worker_id="w").run_once()
    job = load_job(job_id)
    assert (job.status, job.attempts) == ("done", 1)
    assert effects() == [("a", 1)]


def test_retry_job_without_commit_changes_nothing(
    uow_factory: UnitOfWorkFactory, enqueue: Enqueue, load_job: LoadJob
) -> None:
    job_id = _dead_job(uow_factory, enqueue)
    with uow_factory() as uow:
        retry_job(uow, SYSTEM, job_id)
    assert load_job(job_id).status == "dead"


def test_retry_job_refuses_missing_and_live_jobs(uow_factory: UnitOfWorkFactory, enqueue: Enqueue) -> None:
    queued = enqueue("effect", {"key": "a"})
    with uow_factory() as uow:
        with pytest.raises(NotFound):
            retry_job(uow, SYSTEM, uuid.uuid4())
        with pytest.raises(Conflict, match="only dead jobs"):
            retry_job(uow, SYSTEM, queued)


def test_job_dict_is_json_ready(uow_factory: UnitOfWorkFactory, enqueue: Enqueue) -> None:
    job_id = enqueue("effect", {"key": "a"})
    with uow_factory() as uow:
        row = job_dict(list_jobs(uow)[0])
    assert row == {
        "id": str(job_id),
        "task": "effect",
        "status": "queued",
        "attempts": 0,
        "max_attempts": 5,
        "run_after": "2026-11-29T09:00:00+00:00",
        "last_error": None,
        "created_at": "2026-11-29T09:00:00+00:00",
        "finished_at": None,
    }
