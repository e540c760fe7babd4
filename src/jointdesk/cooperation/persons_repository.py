"""Every query on persons, trafficking screenings and transfer batches; reads start from ``visible_to``.

(Selects on the protected models carry ``convention: allow``: this module is the persons repository.)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Select, func, select

from jointdesk.authz import Principal, RowShare, visible_to
from jointdesk.cooperation.models import (
    CoopPerson,
    MonitoringReport,
    TipScreeningRecord,
    TransferBatch,
    TransferBatchEntry,
)
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity.models import Agency
from jointdesk.kernel.errors import NotFound

CHUNK = 500


def agency(uow: UnitOfWork, agency_id: uuid.UUID) -> Agency:
    found = uow.session.get(Agency, agency_id)
    if found is None:
        raise NotFound("agency not found", field="agency_id")
    return found


def visible_persons_stmt(principal: Principal) -> Select[CoopPerson]:
    return visible_to(principal, select(CoopPerson), CoopPerson)


def visible_person(uow: UnitOfWork, principal: Principal, person_id: uuid.UUID) -> CoopPerson:
    found = uow.session.scalar(visible_persons_stmt(principal).where(CoopPerson.id == person_id))
    if found is None:
        raise NotFound("person not found", field="person_id")
    return found


def visible_person_by_ref(uow: UnitOfWork, principal: Principal, ref: str) -> CoopPerson:
    found = uow.session.scalar(visible_persons_stmt(principal).where(CoopPerson.ref == ref))
    if found is None:
        raise NotFound("person not found", field="ref")
    return found


def visible_persons(
    uow: UnitOfWork,
    principal: Principal,
    *,
    category: str | None = None,
    screening_status: str | None = None,
    intake_batch: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[CoopPerson]:
    stmt = visible_persons_stmt(principal)
    if category:
        stmt = stmt.where(CoopPerson.category == category)
    if screening_status:
        stmt = stmt.where(CoopPerson.screening_status == screening_status)
    if intake_batch:
        stmt = stmt.where(CoopPerson.intake_batch == intake_batch)
    stmt = stmt.order_by(CoopPerson.intake_ref, CoopPerson.created_at, CoopPerson.ref)
    return list(uow.session.scalars(stmt.limit(limit).offset(offset)))


def status_counts(uow: UnitOfWork, principal: Principal, intake_batch: str) -> dict[str, int]:
    stmt = visible_to(
        principal,
        select(CoopPerson.screening_status, func.count())
        .where(CoopPerson.intake_batch == intake_batch)
        .group_by(CoopPerson.screening_status),
        CoopPerson,
    )
    return {str(row[0]): int(row[1]) for row in uow.session.execute(stmt)}


def intake_batches(uow: UnitOfWork, principal: Principal) -> list[tuple[str, int]]:
    stmt = visible_to(
        principal,
        select(CoopPerson.intake_batch, func.count())
        .where(CoopPerson.intake_batch.is_not(None))
        .group_by(CoopPerson.intake_batch)
        .order_by(CoopPerson.intake_batch),
        CoopPerson,
    )
    return [(str(row[0]), int(row[1])) for row in uow.session.execute(stmt)]


def own_intake(uow: UnitOfWork, agency_id: uuid.UUID, intake_batch: str) -> dict[str, uuid.UUID]:
    """intake_ref -> person id of the agency's earlier run of this intake (idempotent re-runs)."""
    stmt = select(CoopPerson.intake_ref, CoopPerson.id).where(
        CoopPerson.owner_agency_id == agency_id, CoopPerson.intake_batch == intake_batch
    )
    return {str(row[0]): row[1] for row in uow.session.execute(stmt)}


def person_by_id(uow: UnitOfWork, person_id: uuid.UUID) -> CoopPerson:
    """Unfiltered: for workflows that already checked visibility (screening documents)."""
    found = uow.session.get(CoopPerson, person_id)
    if found is None:
        raise NotFound("person not found", field="person_id")
    return found


def persons_by_id(uow: UnitOfWork, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, CoopPerson]:
    wanted = list(set(ids))
    found: dict[uuid.UUID, CoopPerson] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        # The ids come from a batch the caller already loaded through visible_to.
        stmt = select(CoopPerson).where(CoopPerson.id.in_(chunk))
        found.update({row.id: row for row in uow.session.scalars(stmt)})
    return found


def screenings(uow: UnitOfWork, person_id: uuid.UUID) -> list[TipScreeningRecord]:
    stmt = (
        select(TipScreeningRecord)
        .where(TipScreeningRecord.person_id == person_id)
        .order_by(TipScreeningRecord.completed_at.desc(), TipScreeningRecord.id)
    )
    return list(uow.session.scalars(stmt))


def latest_screening(uow: UnitOfWork, person_id: uuid.UUID) -> TipScreeningRecord | None:
    found = screenings(uow, person_id)
    return found[0] if found else None


def shares_of(uow: UnitOfWork, resource_kind: str, resource_id: uuid.UUID) -> list[RowShare]:
    stmt = select(RowShare).where(
        RowShare.resource_kind == resource_kind, RowShare.resource_id == resource_id
    )
    return list(uow.session.scalars(stmt))


def shared_ids(
    uow: UnitOfWork, resource_kind: str, agency_id: uuid.UUID, ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), CHUNK):
        stmt = select(RowShare.resource_id).where(
            RowShare.resource_kind == resource_kind,
            RowShare.agency_id == agency_id,
            RowShare.user_id.is_(None),
            RowShare.resource_id.in_(ids[start : start + CHUNK]),
        )
        found.update(uow.session.scalars(stmt))
    return found


def visible_batch(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID) -> TransferBatch:
    stmt = visible_to(
        principal,
        select(TransferBatch).where(TransferBatch.id == batch_id),
        TransferBatch,
    )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("transfer batch not found", field="batch_id")
    return found


def visible_batch_by_ref(uow: UnitOfWork, principal: Principal, ref: str) -> TransferBatch:
    stmt = visible_to(
        principal,
        select(TransferBatch).where(TransferBatch.ref == ref),
        TransferBatch,
    )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("transfer batch not found", field="batch_ref")
    return found


def visible_batches(uow: UnitOfWork, principal: Principal, limit: int = 200) -> list[TransferBatch]:
    stmt = visible_to(
        principal,
        select(TransferBatch).order_by(TransferBatch.created_at.desc()),
        TransferBatch,
    )
    return list(uow.session.scalars(stmt.limit(limit)))


def entries(uow: UnitOfWork, batch_id: uuid.UUID) -> list[TransferBatchEntry]:
    stmt = (
        select(TransferBatchEntry)
        .where(TransferBatchEntry.batch_id == batch_id)
        .order_by(TransferBatchEntry.updated_at, TransferBatchEntry.id)
    )
    return list(uow.session.scalars(stmt))


def entry(uow: UnitOfWork, batch_id: uuid.UUID, person_id: uuid.UUID) -> TransferBatchEntry:
    stmt = select(TransferBatchEntry).where(
        TransferBatchEntry.batch_id == batch_id, TransferBatchEntry.person_id == person_id
    )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("this person is not in the batch", field="person_id")
    return found


def monitoring_reports(uow: UnitOfWork, person_id: uuid.UUID) -> list[MonitoringReport]:
    stmt = (
        select(MonitoringReport)
        .where(MonitoringReport.person_id == person_id)
        .order_by(MonitoringReport.reported_at)
    )
    return list(uow.session.scalars(stmt))
