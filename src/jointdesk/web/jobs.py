"""Background jobs for administrators: failures visible, dead jobs retried."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jointdesk import jobs
from jointdesk.authz import Permission
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.render import render

router = APIRouter(prefix="/jobs")


@router.get("")
def list_page(
    request: Request,
    user: Annotated[WebUser, requires(Permission.JOBS_JOB_READ)],
    uow: UowDep,
    status: str | None = None,
) -> Response:
    context = {"jobs": jobs.list_jobs(uow, status=status or None, limit=200), "status": status or ""}
    page = render(request, "jobs/list.html", context, principal=user.principal, csrf_token=user.csrf_token)
    return committed(uow, page)


@router.post("/{job_id}/retry")
def retry(
    job_id: uuid.UUID, user: Annotated[WebUser, requires(Permission.JOBS_JOB_RETRY)], uow: UowDep
) -> Response:
    jobs.retry_job(uow, user.principal, job_id)
    return committed(uow, RedirectResponse("/jobs", status_code=303))
