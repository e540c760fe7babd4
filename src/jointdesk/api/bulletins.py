"""Bulletins: marked notices shared between agencies."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, status

from jointdesk import bulletins
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, committed

router = APIRouter(tags=["bulletins"])
P = Permission


@router.get("/bulletins")
def list_bulletins(
    principal: Annotated[Principal, requires(P.BULLETINS_BULLETIN_READ)], uow: UowDep
) -> list[bulletins.BulletinView]:
    return committed(uow, bulletins.list_bulletins(uow, principal))


@router.post("/bulletins", status_code=status.HTTP_201_CREATED)
def create_bulletin(
    body: bulletins.CreateBulletin,
    principal: Annotated[Principal, requires(P.BULLETINS_BULLETIN_CREATE)],
    uow: UowDep,
) -> bulletins.BulletinView:
    return committed(uow, bulletins.create_bulletin(uow, principal, cmd=body))


@router.get("/bulletins/{bulletin_id}")
def get_bulletin(
    bulletin_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.BULLETINS_BULLETIN_READ)],
    uow: UowDep,
) -> bulletins.BulletinView:
    return committed(uow, bulletins.get_bulletin(uow, principal, bulletin_id))


@router.put("/bulletins/{bulletin_id}/marking")
def change_marking(
    bulletin_id: uuid.UUID,
    body: bulletins.ChangeMarking,
    principal: Annotated[Principal, requires(P.BULLETINS_BULLETIN_UPDATE)],
    uow: UowDep,
) -> bulletins.BulletinView:
    return committed(uow, bulletins.change_marking(uow, principal, bulletin_id=bulletin_id, cmd=body))


@router.post("/bulletins/{bulletin_id}/shares")
def share_bulletin(
    bulletin_id: uuid.UUID,
    body: bulletins.ShareBulletin,
    principal: Annotated[Principal, requires(P.BULLETINS_BULLETIN_SHARE)],
    uow: UowDep,
) -> bulletins.BulletinView:
    return committed(uow, bulletins.share_bulletin(uow, principal, bulletin_id=bulletin_id, cmd=body))
