"""LED Art. 25 access log: every personal-data operation, with purpose; batches go to the tree."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import select

from jointdesk.audit.events import AuditLogEvent
from jointdesk.audit.models import AccessLogEntry
from jointdesk.audit.recorder import record
from jointdesk.authz.principal import Principal
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.ids import new_id

MIN_JUSTIFICATION = 10


class Operation(StrEnum):
    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


class Purpose(StrEnum):
    INVESTIGATION = "investigation"
    VICTIM_SUPPORT = "victim_support"
    COOPERATION_REQUEST = "cooperation_request"
    SCREENING = "screening"
    OVERSIGHT = "oversight"
    USER_ADMINISTRATION = "user_administration"
    DATA_SUBJECT_REQUEST = "data_subject_request"


def log_access(
    uow: UnitOfWork,
    principal: Principal,
    *,
    operation: Operation,
    record_kind: str,
    record_id: str,
    purpose: Purpose,
    justification: str,
    recipient_agency_id: Any = None,
) -> None:
    """Record one personal-data operation in the caller's transaction (reads commit too)."""
    if len(justification.strip()) < MIN_JUSTIFICATION:
        raise InvalidInput(
            f"a justification of at least {MIN_JUSTIFICATION} characters is required",
            field="justification",
        )
    uow.session.add(
        AccessLogEntry(
            id=new_id(),
            at=uow.clock.now(),
            user_id=principal.user_id,
            agency_id=principal.agency_id,
            operation=operation.value,
            record_kind=record_kind,
            record_id=record_id,
            purpose=purpose.value,
            justification=justification.strip(),
            recipient_agency_id=recipient_agency_id,
        )
    )
    uow.session.flush()


def close_access_batch(uow: UnitOfWork, principal: Principal, *, limit: int = 10_000) -> int | None:
    """Commit the open access-log entries into the oversight tree as one leaf; returns its seq."""
    entries = list(
        uow.session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.batch_seq.is_(None))
            .order_by(AccessLogEntry.at, AccessLogEntry.id)
            .limit(limit)
        )
    )
    if not entries:
        return None
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.operation] = counts.get(entry.operation, 0) + 1
    # The leaf carries counts only; the rows themselves are bound by the record's commitment.
    seq = record(
        uow,
        principal,
        AuditLogEvent.DATA_CONSULTED,
        fields={"entries": len(entries), **_count_fields(counts)},
        private={"entries": [_row(e) for e in entries]},
    )
    for entry in entries:
        entry.batch_seq = seq
    uow.session.flush()
    return seq


def _count_fields(counts: dict[str, int]) -> dict[str, int]:
    return {f"n_{operation}": n for operation, n in sorted(counts.items())}


def _row(entry: AccessLogEntry) -> list[str]:
    return [
        str(entry.id),
        entry.at.isoformat(),
        str(entry.user_id),
        entry.operation,
        entry.record_kind,
        entry.record_id,
        entry.purpose,
    ]
