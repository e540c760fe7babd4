"""Read queries for the audit viewer and the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from jointdesk.audit.models import AccessLogEntry, AuditEvent
from jointdesk.db.uow import UnitOfWork


@dataclass(frozen=True)
class EventView:
    seq: int
    recorded_at: datetime
    event_type: str
    actor_role: str
    actor_pseudonym: str
    target_kind: str | None
    entry: str
    leaf_hash: str


@dataclass(frozen=True)
class AccessView:
    at: datetime
    user_id: str
    operation: str
    record_kind: str
    record_id: str
    purpose: str
    justification: str
    batch_seq: int | None


def list_events(
    uow: UnitOfWork, *, limit: int = 50, before: int | None = None, event_type: str | None = None
) -> list[EventView]:
    stmt = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(min(limit, 500))
    if before is not None:
        stmt = stmt.where(AuditEvent.seq < before)
    if event_type:
        stmt = stmt.where(AuditEvent.event_type == event_type)
    return [
        EventView(
            seq=e.seq,
            recorded_at=e.recorded_at,
            event_type=e.event_type,
            actor_role=e.actor_role,
            actor_pseudonym=e.actor_pseudonym,
            target_kind=e.target_kind,
            entry=e.entry,
            leaf_hash=e.leaf_hash,
        )
        for e in uow.session.scalars(stmt)
    ]


def list_access(uow: UnitOfWork, *, limit: int = 100) -> list[AccessView]:
    stmt = select(AccessLogEntry).order_by(AccessLogEntry.at.desc()).limit(min(limit, 1000))
    return [
        AccessView(
            at=a.at,
            user_id=str(a.user_id or ""),
            operation=a.operation,
            record_kind=a.record_kind,
            record_id=a.record_id,
            purpose=a.purpose,
            justification=a.justification,
            batch_seq=a.batch_seq,
        )
        for a in uow.session.scalars(stmt)
    ]
