"""Bulletin queries, always through ``authz.visible_to``."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from jointdesk.authz import Principal, RowShare, visible_to
from jointdesk.bulletins.models import Bulletin
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import NotFound


def visible(uow: UnitOfWork, principal: Principal, *, limit: int = 100) -> list[Bulletin]:
    stmt = visible_to(principal, select(Bulletin), Bulletin)
    return list(uow.session.scalars(stmt.order_by(Bulletin.created_at.desc()).limit(limit)))


def get_visible(uow: UnitOfWork, principal: Principal, bulletin_id: uuid.UUID) -> Bulletin:
    stmt = visible_to(principal, select(Bulletin).where(Bulletin.id == bulletin_id), Bulletin)
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("bulletin not found")
    return found


def shares(uow: UnitOfWork, bulletin_id: uuid.UUID) -> list[RowShare]:
    stmt = select(RowShare).where(
        RowShare.resource_kind == Bulletin.resource_kind, RowShare.resource_id == bulletin_id
    )
    return list(uow.session.scalars(stmt))
