"""Health and the caller's own identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from jointdesk import __version__
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep
from jointdesk.httpkit.permissions import public

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: str
    version: str
    database: str


class Me(BaseModel):
    user_id: str
    agency_id: str
    username: str
    roles: list[str]
    permissions: list[str]


@router.get("/health", dependencies=[public()])
def health(uow: UowDep) -> Health:
    uow.session.execute(text("SELECT 1"))
    return Health(status="ok", version=__version__, database=uow.session.get_bind().dialect.name)


@router.get("/me")
def me(principal: Annotated[Principal, requires(Permission.DASHBOARD_HOME_VIEW)], uow: UowDep) -> Me:
    uow.commit()
    return Me(
        user_id=str(principal.user_id),
        agency_id=str(principal.agency_id),
        username=principal.username,
        roles=sorted(principal.roles),
        permissions=sorted(principal.permissions),
    )
