"""Reading reports, the restricted victim store, typology confirmation and hot-value decisions."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import networks, registry
from jointdesk.intel import repository as repo
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.linking import State, hot_threshold
from jointdesk.intel.models import (
    IntelHotThreshold,
    IntelIdentifier,
    IntelNetwork,
    IntelOccurrence,
    IntelReport,
    IntelTransaction,
    IntelVictim,
)
from jointdesk.intel.schemas import (
    IdentifierView,
    ReportView,
    SightingView,
    TransactionView,
    VictimPersonal,
    VictimView,
)
from jointdesk.kernel.errors import InvalidInput, NotFound
from jointdesk.kernel.fieldcrypt import decrypt_field
from jointdesk.typology import UnknownLabelError, load_typology


def identifier_view(row: IntelIdentifier) -> IdentifierView:
    return IdentifierView(
        id=row.id,
        id_type=row.id_type,
        display=row.display or row.canonical,
        status=row.status,
        reason=row.reason,
        state=row.state,
        state_reason=row.state_reason,
        linkable=row.linkable,
        strength=row.strength,
        flags=list(row.flags),
        attrs=dict(row.attrs),
        normaliser_version=row.normaliser_version,
        n_reports=row.n_reports,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
    )


def get_report(uow: UnitOfWork, principal: Principal, report_id: uuid.UUID) -> ReportView:
    ensure_readable(principal, Permission.INTEL_REPORT_READ)
    report = repo.visible_report(uow, principal, report_id)
    return report_view(uow, report)


def report_view(uow: UnitOfWork, report: IntelReport) -> ReportView:
    occurrences = list(
        uow.session.scalars(select(IntelOccurrence).where(IntelOccurrence.report_id == report.id))
    )
    transactions = list(
        uow.session.scalars(
            select(IntelTransaction)
            .where(IntelTransaction.report_id == report.id)
            .order_by(IntelTransaction.hop)
        )
    )
    ids = {o.identifier_id for o in occurrences}
    ids |= {i for t in transactions for i in (t.payer_identifier_id, t.payee_identifier_id) if i}
    identifiers = repo.identifiers_by_id(uow, ids)
    network = uow.session.get(IntelNetwork, report.network_id) if report.network_id else None
    victim = uow.session.get(IntelVictim, report.id)
    return ReportView(
        id=report.id,
        crime_reference_no=report.crime_reference_no,
        owner_agency_id=report.owner_agency_id,
        jurisdiction=report.jurisdiction,
        channel_of_report=report.channel_of_report,
        received_at=report.received_at,
        received_tz=report.received_tz,
        language=report.language,
        reporter_role=report.reporter_role,
        anonymous=report.anonymous,
        typology_code=report.typology_code,
        secondary_codes=list(report.secondary_codes),
        typology_confirmed=report.typology_confirmed,
        suggestion=report.suggestion,
        first_contact_at=report.first_contact_at,
        first_contact_channel=report.first_contact_channel,
        platforms=list(report.platforms),
        impersonated_entity=report.impersonated_entity,
        narrative=report.narrative,
        self_effected=report.self_effected,
        tlp=report.tlp,
        handling_codes=list(report.handling_codes),
        source_reliability=report.source_reliability,
        info_accuracy=report.info_accuracy,
        network_id=report.network_id,
        network_label=network.label if network else None,
        status=report.status,
        source_ref=report.source_ref,
        created_at=report.created_at,
        losses=_losses(transactions),
        victim=_victim_view(victim),
        transactions=[_transaction_view(t, identifiers) for t in transactions],
        sightings=[_sighting_view(o, identifiers[o.identifier_id]) for o in occurrences],
    )


def _losses(transactions: list[IntelTransaction]) -> dict[str, Decimal]:
    """What the victim lost: hop-1 transfers only, so laundering hops are not counted twice."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for tx in transactions:
        if tx.hop == 1:
            totals[tx.currency] += Decimal(tx.amount)
    return dict(totals)


def _victim_view(victim: IntelVictim | None) -> VictimView | None:
    if victim is None:
        return None
    return VictimView(
        pseudonym=victim.pseudonym,
        age_band=victim.age_band,
        sex=victim.sex,
        nationality=victim.nationality,
        residence_country=victim.residence_country,
        residence_region=victim.residence_region,
        vulnerability_flags=list(victim.vulnerability_flags),
        has_personal_data=victim.personal_encrypted is not None,
    )


def _transaction_view(tx: IntelTransaction, identifiers: dict[uuid.UUID, IntelIdentifier]) -> TransactionView:
    def shown(identifier_id: uuid.UUID | None) -> str | None:
        row = identifiers.get(identifier_id) if identifier_id else None
        return f"{row.id_type}:{row.display or row.canonical}" if row else None

    return TransactionView(
        hop=tx.hop,
        occurred_at=tx.occurred_at,
        occurred_tz=tx.occurred_tz,
        amount=Decimal(tx.amount),
        currency=tx.currency,
        network=tx.network,
        rail=tx.rail,
        payer=shown(tx.payer_identifier_id),
        payee=shown(tx.payee_identifier_id),
        institution=tx.institution,
        reference=tx.reference,
    )


def _sighting_view(occurrence: IntelOccurrence, identifier: IntelIdentifier) -> SightingView:
    return SightingView(
        identifier=identifier_view(identifier),
        role=occurrence.role,
        side=occurrence.side,
        confidence=occurrence.confidence,
        source=occurrence.source,
    )


def read_victim_personal(
    uow: UnitOfWork, principal: Principal, report_id: uuid.UUID, *, purpose: audit.Purpose, justification: str
) -> VictimPersonal:
    """Open the victim's personal identifiers: own agency, permission, purpose, logged."""
    report = repo.visible_report(uow, principal, report_id)
    ensure(principal, Permission.PERSONS_PERSONAL_DATA_READ, report)
    victim = uow.session.get(IntelVictim, report.id)
    if victim is None or victim.personal_encrypted is None:
        raise InvalidInput("this report holds no personal data of the victim", field="report_id")
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.CONSULTATION,
        record_kind="intel_victim",
        record_id=str(report.id),
        purpose=purpose,
        justification=justification,
    )
    return VictimPersonal.model_validate_json(decrypt_field(uow.secrets.field_key, victim.personal_encrypted))


def confirm_typology(
    uow: UnitOfWork,
    principal: Principal,
    report_id: uuid.UUID,
    *,
    code: str,
    secondary: list[str] | None = None,
) -> ReportView:
    """A person sets the report's type (accepting or correcting the suggestion): a training label."""
    report = repo.visible_report(uow, principal, report_id)
    ensure(principal, Permission.INTEL_TYPOLOGY_CONFIRM, report)
    typology = load_typology()
    for field, value in [("code", code), *(("secondary", s) for s in secondary or [])]:
        try:
            if not typology.get(value).is_incident_code:
                raise InvalidInput(f"{value!r} is not a scam type or subtype", field=field)
        except UnknownLabelError as exc:
            raise InvalidInput(f"unknown typology code {value!r}", field=field) from exc
    suggested = (report.suggestion or {}).get("code")
    report.typology_code, report.typology_confirmed = typology.get(code).code, True
    if secondary is not None:
        report.secondary_codes = list(secondary)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        IntelEvent.TYPOLOGY_CONFIRMED,
        target=("intel_report", str(report.id)),
        fields={"code": report.typology_code, "accepted_suggestion": suggested == report.typology_code},
    )
    return report_view(uow, report)


def clear_hot(
    uow: UnitOfWork, principal: Principal, identifier_id: uuid.UUID, *, reason: str
) -> IdentifierView:
    """An analyst decides a hot value is meaningful after all: it links again (logged with a reason)."""
    ensure(principal, Permission.INTEL_IDENTIFIER_MANAGE)
    row = repo.identifiers_by_id(uow, [identifier_id]).get(identifier_id)
    if row is None or not repo.visible_counts(uow, principal, [identifier_id]):
        raise NotFound("identifier not found")
    if row.state != State.HOT:
        raise InvalidInput(f"the identifier is {row.state}, not hot", field="identifier_id")
    if len(reason.strip()) < 10:
        raise InvalidInput("give a reason of at least 10 characters", field="reason")
    networks.lock_graph(uow)
    row.state, row.hot_cleared, row.linkable = State.NORMAL.value, True, True
    row.state_reason = f"hot value cleared by an analyst: {reason.strip()}"[:200]
    uow.session.flush()
    networks.merge_through(uow, [row.id])
    audit.record(
        uow,
        principal,
        IntelEvent.HOT_CLEARED,
        target=("intel_identifier", str(row.id)),
        fields={"id_type": row.id_type},
        private={"reason": reason.strip()},
    )
    return identifier_view(row)


def set_hot_threshold(
    uow: UnitOfWork, principal: Principal, *, id_type: str, threshold: int
) -> dict[str, Any]:
    """Change a type's hot threshold and re-derive every state and network it affects."""
    ensure(principal, Permission.INTEL_IDENTIFIER_MANAGE)
    registry.check_type(id_type)
    if not 2 <= threshold <= 1_000_000:
        raise InvalidInput("a threshold is between 2 and 1,000,000 reports", field="threshold")
    networks.lock_graph(uow)
    row = uow.session.get(IntelHotThreshold, id_type)
    if row is None:
        row = IntelHotThreshold(id_type=id_type, threshold=threshold, set_at=uow.clock.now())
        uow.session.add(row)
    row.threshold, row.set_at = threshold, uow.clock.now()
    uow.session.flush()
    turned_off, turned_on = _rederive_states(uow, id_type, {id_type: threshold})
    for network_id in networks.networks_of(uow, turned_off):
        networks.recompute(uow, network_id)
    networks.merge_through(uow, turned_on)
    audit.record(
        uow, principal, IntelEvent.HOT_THRESHOLD_SET, fields={"id_type": id_type, "threshold": threshold}
    )
    return {
        "id_type": id_type,
        "threshold": threshold,
        "now_hot": len(turned_off),
        "now_linking": len(turned_on),
    }


def _rederive_states(
    uow: UnitOfWork, id_type: str, overrides: dict[str, int]
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    limit = hot_threshold(id_type, overrides)
    turned_off: set[uuid.UUID] = set()
    turned_on: set[uuid.UUID] = set()
    stmt = select(IntelIdentifier).where(
        IntelIdentifier.id_type == id_type, IntelIdentifier.state.in_([State.NORMAL.value, State.HOT.value])
    )
    for row in uow.session.scalars(stmt):
        if row.state == State.NORMAL and not row.hot_cleared and row.n_reports > limit:
            row.state, row.state_reason, row.linkable = (
                State.HOT.value,
                f"hot: seen in more than {limit} reports",
                False,
            )
            turned_off.add(row.id)
        elif registry.cool_down(row, overrides):
            turned_on.add(row.id)
    uow.session.flush()
    return turned_off, turned_on


class ReportRow(BaseModel):
    id: uuid.UUID
    crime_reference_no: str
    jurisdiction: str
    received_at: datetime
    typology_code: str | None
    suggested_code: str | None
    network_id: uuid.UUID | None
    excerpt: str


def search_reports(
    uow: UnitOfWork,
    principal: Principal,
    *,
    text: str | None = None,
    code: str | None = None,
    jurisdiction: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[ReportRow]:
    """Search the reports the caller may see; ``text`` matches the reference or the narrative."""
    ensure_readable(principal, Permission.INTEL_REPORT_READ)
    if not 1 <= limit <= 1000:
        raise InvalidInput("limit is between 1 and 1,000", field="limit")
    rows = repo.search_reports(
        uow, principal, text=text, code=code, jurisdiction=jurisdiction, since=since, limit=limit
    )
    return [
        ReportRow(
            id=r.id,
            crime_reference_no=r.crime_reference_no,
            jurisdiction=r.jurisdiction,
            received_at=r.received_at,
            typology_code=r.typology_code,
            suggested_code=(r.suggestion or {}).get("code"),
            network_id=r.network_id,
            excerpt=r.narrative[:160],
        )
        for r in rows
    ]
