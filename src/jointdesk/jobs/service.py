"""What administrators see and do with jobs: list them, requeue dead ones. The caller commits."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from jointdesk import audit
from jointdesk.authz import Principal
from jointdesk.db.models import JOB_STATUSES, Job
from jointdesk.db.uow import UnitOfWork
from jointdesk.jobs.events import JobEvent
from jointdesk.kernel.errors import InvalidInput, InvalidTransition, NotFound


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as shown to operators; the payload stays out (it may carry record identifiers)."""

    id: uuid.UUID
    task: str
    status: str
    attempts: int
    max_attempts: int
    run_after: datetime
    last_error: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: Job) -> JobView:
        return cls(
            id=job.id,
            task=job.task,
            status=job.status,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            run_after=job.run_after,
            last_error=job.last_error,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


def job_dict(view: JobView) -> dict[str, Any]:
    """JSON-ready form for the API and ``jointdesk jobs --json``."""
    out = asdict(view)
    out["id"] = str(view.id)
    for key in ("run_after", "created_at", "finished_at"):
        value = out[key]
        out[key] = value.isoformat() if value is not None else None
    return out


def list_jobs(uow: UnitOfWork, *, status: str | None = None, limit: int = 100) -> list[JobView]:
    """Newest first, optionally one status only."""
    if status is not None and status not in JOB_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(JOB_STATUSES)}", field="status")
    if limit < 1:
        raise InvalidInput("limit must be at least 1", field="limit")
    stmt = select(Job).order_by(Job.created_at.desc(), Job.id).limit(limit)
    if status is not None:
        stmt = stmt.where(Job.status == status)
    return [JobView.of(job) for job in uow.session.scalars(stmt)]


def retry_job(uow: UnitOfWork, principal: Principal, job_id: uuid.UUID) -> JobView:
    """Give a dead job a fresh set of attempts, due now. Only dead jobs: others are still live."""
    job = uow.session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    if job.status != "dead":
        raise InvalidTransition(f"job {job_id} is {job.status}; only dead jobs can be retried")
    job.status = "queued"
    job.attempts = 0
    job.run_after = uow.clock.now()
    job.locked_until = None
    job.locked_by = None
    job.finished_at = None
    uow.flush()
    audit.record(uow, principal, JobEvent.JOB_RETRIED, target=("job", str(job.id)), fields={"task": job.task})
    return JobView.of(job)
