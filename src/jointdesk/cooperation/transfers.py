"""Transfer and repatriation batches (issue #5 item 7): a list of persons, each individually cleared.

The batch owner records each person's ``TransferRecord`` items (legal decision, consent, rights,
non-refoulement, death-penalty assurances, fair trial, consular notice...); every change re-runs
the per-person clearance (``transfer_clearance``). After the transfer, monitoring reports are
filed and later charges are checked against the surrendered offences (speciality).
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from jointdesk import audit
from jointdesk.authz import Permission, Principal, RowShare, Tlp, ensure, ensure_readable
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.models import CoopPerson, MonitoringReport, TransferBatch, TransferBatchEntry
from jointdesk.cooperation.person_events import CooperationPersonEvent as Event
from jointdesk.cooperation.persons_schemas import (
    AddPersonIn,
    BatchIn,
    BatchView,
    ClearanceReviewIn,
    EntryView,
    MonitoringIn,
    MonitoringView,
    ShareIn,
)
from jointdesk.cooperation.transfer_clearance import (
    assess_all,
    assess_entry,
    entry_counts,
    persons_of,
    review_clearance,
)
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Conflict, InvalidInput
from jointdesk.kernel.ids import new_id
from jointdesk.screening.persons import TransferRecord

KIND = TransferBatch.resource_kind


def create_batch(uow: UnitOfWork, principal: Principal, cmd: BatchIn) -> BatchView:
    ensure(principal, Permission.COOPERATION_TRANSFER_MANAGE)
    if principal.agency_id is None:
        raise InvalidInput("a batch belongs to an agency", field="agency")
    if cmd.receiving_agency_id == principal.agency_id:
        raise InvalidInput("the receiving agency is another agency", field="receiving_agency_id")
    if cmd.tlp.value not in {Tlp.AMBER.value, Tlp.AMBER_STRICT.value, Tlp.RED.value}:
        raise InvalidInput("a batch names persons: AMBER, AMBER+STRICT or RED", field="tlp")
    repo.agency(uow, cmd.receiving_agency_id)
    batch = TransferBatch(
        id=new_id(),
        owner_agency_id=principal.agency_id,
        tlp=cmd.tlp.value,
        ref=f"TB-{uow.clock.now():%Y}-{secrets.token_hex(4).upper()}",
        receiving_agency_id=cmd.receiving_agency_id,
        route=cmd.route.value,
        sending_country=cmd.sending_country,
        destination_country=cmd.destination_country,
        status="open",
        created_by=principal.user_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(batch)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        Event.BATCH_CREATED,
        target=(KIND, str(batch.id)),
        fields={"route": batch.route, "from": batch.sending_country, "to": batch.destination_country},
    )
    return batch_view(uow, batch, [])


def add_person(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, cmd: AddPersonIn) -> BatchView:
    batch = _owned_batch(uow, principal, batch_id)
    person = repo.visible_person(uow, principal, cmd.person_id)
    if person.owner_agency_id != batch.owner_agency_id:
        raise InvalidInput("a batch lists persons held by its own agency", field="person_id")
    entry = TransferBatchEntry(
        id=new_id(), batch_id=batch.id, person_id=person.id, record={}, updated_at=uow.clock.now()
    )
    uow.session.add(entry)
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise Conflict("this person is already in the batch", field="person_id") from exc
    assess_entry(uow, batch, entry)
    audit.record(
        uow,
        principal,
        Event.PERSON_ADDED,
        target=(KIND, str(batch.id)),
        fields={"category": person.category, "screening_status": person.screening_status},
        private={"person_id": str(person.id)},
    )
    return batch_view(uow, batch, repo.entries(uow, batch.id))


def record_transfer_items(
    uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, person_id: uuid.UUID, items: dict[str, Any]
) -> EntryView:
    """Merge ``TransferRecord`` items into the person's record (``None`` clears one) and re-clear."""
    batch = _owned_batch(uow, principal, batch_id)
    entry = repo.entry(uow, batch.id, person_id)
    merged = {k: v for k, v in ({**entry.record, **items}).items() if v is not None}
    try:
        record = TransferRecord.model_validate(merged)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = "record." + ".".join(str(p) for p in err["loc"])
        raise InvalidInput(f"{field}: {err['msg']}", field=field) from exc
    entry.record = record.model_dump(mode="json", exclude_none=True)
    assess_entry(uow, batch, entry)
    uow.session.flush()
    clearance = entry.clearance or {}
    audit.record(
        uow,
        principal,
        Event.ASSESSED,
        target=(KIND, str(batch.id)),
        fields={
            "items": sorted(items),
            "outcome": clearance.get("outcome"),
            "cleared": entry.cleared,
            "rules": [f"{r['rule_id']}:{r['outcome']}" for r in clearance.get("rules", [])],
            "assurances": len(record.assurances),
        },
        private={"person_id": str(person_id)},
    )
    return entry_view(entry, repo.person_by_id(uow, person_id))


def assess_batch(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID) -> BatchView:
    """Re-screen every person (after a trafficking screening or a register change)."""
    batch = _owned_batch(uow, principal, batch_id)
    found = assess_all(uow, batch)
    counts = entry_counts(found)
    audit.record(uow, principal, Event.ASSESSED, target=(KIND, str(batch.id)), fields=dict(counts))
    return batch_view(uow, batch, found)


def review_person(
    uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, person_id: uuid.UUID, cmd: ClearanceReviewIn
) -> EntryView:
    """A rights reviewer decides the REVIEW items of one person's clearance."""
    entry = review_clearance(uow, principal, batch_id, person_id, cmd)
    return entry_view(entry, repo.person_by_id(uow, person_id))


def share_batch(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, cmd: ShareIn) -> BatchView:
    """Share with a rights reviewer's agency (or, once sent, the receiving agency)."""
    batch = _owned_batch(uow, principal, batch_id)
    if cmd.agency_id == batch.owner_agency_id:
        raise InvalidInput("the owning agency already sees its batch", field="agency_id")
    if batch.tlp == Tlp.RED.value and cmd.user_id is None:
        raise InvalidInput("TLP:RED is shared with named recipients only", field="user_id")
    repo.agency(uow, cmd.agency_id)
    shares = repo.shares_of(uow, KIND, batch.id)
    if any(s.agency_id == cmd.agency_id and s.user_id == cmd.user_id for s in shares):
        raise Conflict("already shared with that recipient", field="agency_id")
    uow.session.add(
        RowShare(
            id=new_id(),
            resource_kind=KIND,
            resource_id=batch.id,
            agency_id=cmd.agency_id,
            user_id=cmd.user_id,
            created_at=uow.clock.now(),
        )
    )
    uow.session.flush()
    audit.record(
        uow,
        principal,
        Event.BATCH_SHARED,
        target=(KIND, str(batch.id)),
        fields={"named_user": cmd.user_id is not None},
        private={"agency_id": str(cmd.agency_id)},
    )
    return batch_view(uow, batch, repo.entries(uow, batch.id))


def get_batch(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID) -> BatchView:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    batch = repo.visible_batch(uow, principal, batch_id)
    return batch_view(uow, batch, repo.entries(uow, batch.id))


def get_batch_by_ref(uow: UnitOfWork, principal: Principal, ref: str) -> BatchView:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    batch = repo.visible_batch_by_ref(uow, principal, ref)
    return batch_view(uow, batch, repo.entries(uow, batch.id))


def list_batches(uow: UnitOfWork, principal: Principal) -> list[BatchView]:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    found = repo.visible_batches(uow, principal)
    return [batch_view(uow, b, repo.entries(uow, b.id)) for b in found]


def add_monitoring_report(
    uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, person_id: uuid.UUID, cmd: MonitoringIn
) -> MonitoringView:
    """Post-transfer monitoring; a later charge outside the surrendered offences breaches speciality."""
    batch = _owned_batch(uow, principal, batch_id)
    repo.entry(uow, batch.id, person_id)
    person = repo.person_by_id(uow, person_id)
    surrendered = {c["code"] for c in person.facts.get("charges") or []}
    outside = sorted(set(cmd.later_charges) - surrendered)
    report = MonitoringReport(
        id=new_id(),
        person_id=person_id,
        batch_id=batch.id,
        monitor=cmd.monitor,
        findings=cmd.findings,
        concerns=cmd.concerns,
        later_charges=list(cmd.later_charges),
        speciality_breach=bool(outside),
        reported_at=uow.clock.now(),
    )
    uow.session.add(report)
    uow.session.flush()
    target = (KIND, str(batch.id))
    audit.record(uow, principal, Event.MONITORING_REPORT, target=target, fields={"concerns": cmd.concerns})
    if cmd.later_charges:
        audit.record(
            uow,
            principal,
            Event.CHARGE_CHANGED,
            target=target,
            fields={"speciality_breach": bool(outside), "charges_outside_list": len(outside)},
        )
    return monitoring_view(report)


def list_monitoring(
    uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, person_id: uuid.UUID
) -> list[MonitoringView]:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    batch = repo.visible_batch(uow, principal, batch_id)
    repo.entry(uow, batch.id, person_id)
    return [monitoring_view(r) for r in repo.monitoring_reports(uow, person_id) if r.batch_id == batch.id]


def _owned_batch(uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID) -> TransferBatch:
    batch = repo.visible_batch(uow, principal, batch_id)
    ensure(principal, Permission.COOPERATION_TRANSFER_MANAGE, batch)
    return batch


def entry_view(entry: TransferBatchEntry, person: CoopPerson) -> EntryView:
    clearance = entry.clearance or {}
    return EntryView(
        person_id=entry.person_id,
        person_ref=person.ref,
        category=person.category,
        screening_status=person.screening_status,
        record=dict(entry.record),
        outcome=clearance.get("outcome"),
        absolute=bool(clearance.get("absolute", False)),
        cleared=entry.cleared,
        review_keys=list(clearance.get("review_keys", [])),
        block_keys=list(clearance.get("block_keys", [])),
        missing_inputs=list(clearance.get("missing_inputs", [])),
        rules=list(clearance.get("rules", [])),
        review=clearance.get("review"),
    )


def batch_view(uow: UnitOfWork, batch: TransferBatch, found: list[TransferBatchEntry]) -> BatchView:
    persons = persons_of(uow, found)
    return BatchView(
        id=batch.id,
        ref=batch.ref,
        owner_agency_id=batch.owner_agency_id,
        receiving_agency_id=batch.receiving_agency_id,
        route=batch.route,
        sending_country=batch.sending_country,
        destination_country=batch.destination_country,
        status=batch.status,
        tlp=batch.tlp,
        created_at=batch.created_at,
        counts=entry_counts(found),
        entries=[entry_view(e, persons[e.person_id]) for e in found],
    )


def monitoring_view(report: MonitoringReport) -> MonitoringView:
    return MonitoringView(
        id=report.id,
        person_id=report.person_id,
        batch_id=report.batch_id,
        monitor=report.monitor,
        findings=report.findings,
        concerns=report.concerns,
        later_charges=list(report.later_charges),
        speciality_breach=report.speciality_breach,
        reported_at=report.reported_at,
    )
