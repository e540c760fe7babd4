"""Audit viewer: verification status, checkpoints, recent leaves; the access log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from jointdesk import audit
from jointdesk.authz import Permission
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.render import render

router = APIRouter(prefix="/audit")


@router.get("")
def audit_log(
    request: Request,
    user: Annotated[WebUser, requires(Permission.AUDIT_EVENT_READ)],
    uow: UowDep,
    before: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    events = audit.list_events(uow, limit=50, before=before)
    context = {
        "status": audit.verify_database(uow),
        "checkpoints": audit.list_checkpoints(uow, limit=10),
        "events": events,
        "older": events[-1].seq if events and events[-1].seq > 0 else None,
    }
    page = render(request, "audit/log.html", context, principal=user.principal, csrf_token=user.csrf_token)
    return committed(uow, page)


@router.get("/access")
def access_log(
    request: Request, user: Annotated[WebUser, requires(Permission.AUDIT_ACCESS_LOG_READ)], uow: UowDep
) -> Response:
    context = {"entries": audit.list_access(uow, limit=200)}
    page = render(request, "audit/access.html", context, principal=user.principal, csrf_token=user.csrf_token)
    return committed(uow, page)
