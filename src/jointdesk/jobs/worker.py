"""The job runner: claim a due job, run it in its own unit of work, commit effects with completion.

Delivery is at least once. A job's effects and its ``done`` mark commit in one transaction, so a
crash mid-task leaves nothing behind and the job is claimed again once its lease expires.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError, OperationalError

from jointdesk.db.uow import UnitOfWork, UnitOfWorkFactory
from jointdesk.jobs.claim import ClaimedJob, claim_next, release
from jointdesk.jobs.policy import backoff, describe_error, periodic_dedup_key, slot_start
from jointdesk.kernel.tasks import Periodic, TaskFn

log = logging.getLogger(__name__)


class Worker:
    """Runs jobs one at a time. Several workers may share a PostgreSQL database; SQLite runs one."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        tasks: Mapping[str, TaskFn],
        periodic: Sequence[Periodic] = (),
        *,
        worker_id: str,
        lease: timedelta = timedelta(minutes=5),
        base_backoff: timedelta = timedelta(seconds=10),
        max_backoff: timedelta = timedelta(hours=1),
    ) -> None:
        if lease <= timedelta(0):
            raise ValueError(f"lease must be positive, got {lease}")
        self.worker_id = worker_id
        self._uow_factory = uow_factory
        self._tasks = dict(tasks)
        self._periodic = tuple(periodic)
        self._lease = lease
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff
        self._next_schedule: datetime | None = None

    def run(self, stop: threading.Event, poll_interval: float = 1.0) -> None:
        """Until ``stop`` is set: keep periodic schedules, run due jobs, sleep when idle."""
        while not stop.is_set():
            if not self._step():
                stop.wait(poll_interval)

    def run_once(self) -> bool:
        """Claim one due job and run it; False when nothing is due."""
        job = self._claim()
        if job is None:
            return False
        task = self._tasks.get(job.task)
        if task is None:
            self._settle_new(job, "dead", f"unknown task {job.task!r} on {self.worker_id}")
        elif job.attempts > job.max_attempts:
            reason = f"lease of attempt {job.max_attempts} expired (worker crashed or hung)"
            self._settle_new(job, "dead", f"gave up: {reason}")
        else:
            self._execute(job, task)
        return True

    def schedule_periodic(self) -> int:
        """Enqueue each periodic task for its current time slot unless already done; count new."""
        return sum(self._schedule(periodic) for periodic in self._periodic)

    def _step(self) -> bool:
        try:
            self._schedule_if_due()
            return self.run_once()
        except OperationalError:
            # Database unreachable: keep polling. A job in flight stays leased and is retried later.
            log.exception("worker %s: database error; polling on", self.worker_id)
            return False

    def _claim(self) -> ClaimedJob | None:
        with self._uow_factory() as uow:
            job = claim_next(uow.session, now=uow.clock.now(), lease=self._lease, worker_id=self.worker_id)
            uow.commit()
        return job

    def _execute(self, job: ClaimedJob, task: TaskFn) -> None:
        with self._uow_factory() as uow:
            error = _call(task, uow, job)
            if error is None:
                self._settle(uow, job, "done")
                return
        if job.attempts >= job.max_attempts:
            self._settle_new(job, "dead", describe_error(error))
        else:
            self._settle_new(job, "queued", describe_error(error), retry=True)

    def _settle_new(self, job: ClaimedJob, status: str, error: str, *, retry: bool = False) -> None:
        with self._uow_factory() as uow:
            delay = backoff(job.attempts, self._base_backoff, self._max_backoff)
            run_after = uow.clock.now() + delay if retry else None
            self._settle(uow, job, status, run_after=run_after, error=error)

    def _settle(
        self,
        uow: UnitOfWork,
        job: ClaimedJob,
        status: str,
        *,
        run_after: datetime | None = None,
        error: str | None = None,
    ) -> None:
        """Write the outcome and commit, unless another worker took the job over meanwhile."""
        now = uow.clock.now()
        if release(uow.session, job, status=status, now=now, run_after=run_after, error=error):
            uow.commit()
            return
        uow.rollback()
        log.warning("job %s: lease lost to another worker; this attempt rolled back", job.id)

    def _schedule(self, periodic: Periodic) -> bool:
        with self._uow_factory() as uow:
            key = periodic_dedup_key(periodic.task, slot_start(uow.clock.now(), periodic.every))
            try:
                job_id = uow.enqueue(periodic.task, dict(periodic.payload or {}), dedup_key=key)
                uow.commit()
            except IntegrityError:
                return False  # another worker inserted this slot between our check and insert
        return job_id is not None

    def _schedule_if_due(self) -> None:
        if not self._periodic:
            return
        now = self._uow_factory.clock.now()
        if self._next_schedule is not None and now < self._next_schedule:
            return
        self.schedule_periodic()
        self._next_schedule = min(slot_start(now, p.every) + p.every for p in self._periodic)


def _call(task: TaskFn, uow: UnitOfWork, job: ClaimedJob) -> Exception | None:
    """Run the task; its failure is returned with its writes already rolled back."""
    try:
        task(uow, job.payload)
        uow.flush()  # the task's pending writes fail here, as part of the task
    # The one catch-all: whatever a task raises must become a retry or a dead job, never a dead
    # worker. BaseException (KeyboardInterrupt, SystemExit) still stops the worker; the lease
    # then expires and another worker takes the job.
    except Exception as exc:
        uow.rollback()
        log.warning("job %s (%s) attempt %d failed", job.id, job.task, job.attempts, exc_info=exc)
        return exc
    return None
