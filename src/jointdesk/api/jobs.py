"""Background jobs: list and retry dead ones (administrators)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from jointdesk import jobs
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, committed

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("")
def list_jobs(
    principal: Annotated[Principal, requires(Permission.JOBS_JOB_READ)],
    uow: UowDep,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    rows = jobs.list_jobs(uow, status=status, limit=limit)
    return committed(uow, [jobs.job_dict(r) for r in rows])


@router.post("/{job_id}/retry")
def retry_job(
    job_id: uuid.UUID,
    principal: Annotated[Principal, requires(Permission.JOBS_JOB_RETRY)],
    uow: UowDep,
) -> dict[str, Any]:
    return committed(uow, jobs.job_dict(jobs.retry_job(uow, principal, job_id)))
