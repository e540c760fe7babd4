"""Claiming and releasing job rows; the only module that knows the two databases differ.

A claim is its own short transaction, committed before the task runs. Every later write about the
job is guarded by ``owned_by``: it applies only while this claim still holds the row, so a worker
whose lease expired and was taken over cannot overwrite the new owner's outcome.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, or_, select, update
from sqlalchemy.orm import Session

from jointdesk.db.models import Job


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    """What a worker needs to run one claimed job; ``attempts`` already counts this try."""

    id: uuid.UUID
    task: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    locked_by: str


def _due(now: datetime) -> ColumnElement[bool]:
    """Queued and due, or running under an expired lease (its worker crashed or hung)."""
    return or_(
        and_(Job.status == "queued", Job.run_after <= now),
        and_(Job.status == "running", Job.locked_until < now),
    )


def _next_due(now: datetime) -> Select[uuid.UUID]:
    return select(Job.id).where(_due(now)).order_by(Job.run_after, Job.created_at, Job.id).limit(1)


def _pick_id(session: Session, now: datetime) -> uuid.UUID | ScalarSelect[uuid.UUID] | None:
    """Which row to claim, as a value (PostgreSQL) or a scalar subquery (SQLite).

    PostgreSQL: lock the row now and skip rows other workers hold, so claimers never wait on each
    other. SQLite: one statement ``UPDATE ... WHERE id = (SELECT ...)``; the write lock taken at
    ``BEGIN IMMEDIATE`` (``db/engine.py``) serialises claimers, and SQLite has no row locks.
    """
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(_next_due(now).with_for_update(skip_locked=True))
    return _next_due(now).scalar_subquery()


def claim_next(session: Session, *, now: datetime, lease: timedelta, worker_id: str) -> ClaimedJob | None:
    """Take the due job with the earliest ``run_after``: running, one more attempt, leased."""
    picked = _pick_id(session, now)
    if picked is None:
        return None
    stmt = (
        update(Job)
        .where(Job.id == picked, _due(now))
        .values(
            status="running",
            attempts=Job.attempts + 1,
            locked_until=now + lease,
            locked_by=worker_id,
        )
        .returning(Job.id, Job.task, Job.payload, Job.attempts, Job.max_attempts)
        .execution_options(synchronize_session=False)
    )
    row = session.execute(stmt).one_or_none()
    if row is None:
        return None
    job_id, task, payload, attempts, max_attempts = row
    return ClaimedJob(job_id, task, dict(payload or {}), attempts, max_attempts, worker_id)


def owned_by(job: ClaimedJob) -> ColumnElement[bool]:
    """True while the row is still this claim's: same worker, same attempt, still running."""
    return and_(
        Job.id == job.id,
        Job.status == "running",
        Job.locked_by == job.locked_by,
        Job.attempts == job.attempts,
    )


def release(
    session: Session,
    job: ClaimedJob,
    *,
    status: str,
    now: datetime,
    run_after: datetime | None = None,
    error: str | None = None,
) -> bool:
    """End this claim as ``done``, ``queued`` (retry at ``run_after``) or ``dead``.

    Returns False, writing nothing, when the lease was lost to another worker.
    """
    values: dict[str, Any] = {"status": status, "locked_until": None}
    if status in ("done", "dead"):
        values["finished_at"] = now
    if run_after is not None:
        values["run_after"] = run_after
    if error is not None:
        values["last_error"] = error
    stmt = (
        update(Job)
        .where(owned_by(job))
        .values(**values)
        .returning(Job.id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).first() is not None
