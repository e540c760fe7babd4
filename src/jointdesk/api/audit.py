"""Oversight log: events, checkpoints, inclusion and consistency proofs, live verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from jointdesk import audit
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.httpkit.permissions import public
from jointdesk.kernel.errors import NotFound

router = APIRouter(prefix="/audit", tags=["audit"])
P = Permission
Auditor = Annotated[Principal, requires(P.AUDIT_EVENT_READ)]


class EventOut(BaseModel):
    seq: int
    event_type: str
    actor_role: str
    actor_pseudonym: str
    entry: str
    leaf_hash: str


class CheckpointOut(BaseModel):
    size: int
    root: str
    note: str


class IntegrityOut(BaseModel):
    ok: bool
    size: int
    checkpoints: int
    message: str


@router.get("/events")
def list_events(
    principal: Auditor,
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: Annotated[int | None, Query(ge=0)] = None,
    event_type: str | None = None,
) -> list[EventOut]:
    rows = audit.list_events(uow, limit=limit, before=before, event_type=event_type)
    return committed(uow, [_event(r) for r in rows])


def _event(row: audit.EventView) -> EventOut:
    return EventOut(
        seq=row.seq,
        event_type=row.event_type,
        actor_role=row.actor_role,
        actor_pseudonym=row.actor_pseudonym,
        entry=row.entry,
        leaf_hash=row.leaf_hash,
    )


@router.get("/checkpoints/latest", dependencies=[public()])
def latest_checkpoint(uow: UowDep) -> CheckpointOut:
    """Public: signed tree heads are meant to be published."""
    found = audit.latest_checkpoint(uow)
    if found is None:
        raise NotFound("no checkpoint published yet")
    return committed(uow, CheckpointOut(size=found.size, root=found.root, note=found.note))


@router.get("/checkpoints")
def list_checkpoints(principal: Auditor, uow: UowDep) -> list[CheckpointOut]:
    rows = audit.list_checkpoints(uow)
    return committed(uow, [CheckpointOut(size=c.size, root=c.root, note=c.note) for c in rows])


@router.get("/proofs/inclusion")
def inclusion_proof(
    principal: Auditor,
    uow: UowDep,
    seq: Annotated[int, Query(ge=0)],
    tree_size: Annotated[int, Query(ge=1)],
) -> dict[str, object]:
    return committed(uow, audit.inclusion(uow, seq=seq, size=tree_size))


@router.get("/proofs/consistency")
def consistency_proof(
    principal: Auditor,
    uow: UowDep,
    first: Annotated[int, Query(ge=1)],
    second: Annotated[int, Query(ge=1)],
) -> dict[str, object]:
    return committed(uow, audit.consistency(uow, first=first, second=second))


@router.get("/integrity")
def integrity(principal: Auditor, uow: UowDep) -> IntegrityOut:
    status = audit.verify_database(uow)
    return committed(uow, IntegrityOut(**vars(status)))


@router.get("/access")
def access_log(
    principal: Annotated[Principal, requires(P.AUDIT_ACCESS_LOG_READ)],
    uow: UowDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, object]]:
    rows = audit.list_access(uow, limit=limit)
    return committed(uow, [vars(r) for r in rows])
