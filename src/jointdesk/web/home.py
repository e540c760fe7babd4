"""Dashboard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from jointdesk import audit, bulletins, identity
from jointdesk.authz import Permission
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.render import render

router = APIRouter()


@router.get("/")
def dashboard(
    request: Request, user: Annotated[WebUser, requires(Permission.DASHBOARD_HOME_VIEW)], uow: UowDep
) -> Response:
    principal = user.principal
    agencies = {a.id: a for a in identity.list_agencies(uow, principal)}
    recent = (
        bulletins.list_bulletins(uow, principal)[:5]
        if principal.has(Permission.BULLETINS_BULLETIN_READ)
        else []
    )
    context = {
        "agency": agencies.get(principal.agency_id) if principal.agency_id else None,
        "agencies": agencies,
        "bulletins": recent,
        "checkpoint": audit.latest_checkpoint(uow),
    }
    return committed(
        uow, render(request, "dashboard.html", context, principal=principal, csrf_token=user.csrf_token)
    )


@router.get("/dashboard")
def dashboard_alias(user: Annotated[WebUser, requires(Permission.DASHBOARD_HOME_VIEW)]) -> Response:
    return RedirectResponse("/", status_code=303)
