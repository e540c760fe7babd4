"""Filing and withdrawing reports: identifiers, sightings and networks in one transaction."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterable

from sqlalchemy import delete, select

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.indicators import Normalised, keyed_hash, normalise
from jointdesk.indicators.extract import extract
from jointdesk.intel import networks, registry
from jointdesk.intel import repository as repo
from jointdesk.intel.events import IntelEvent
from jointdesk.intel.linking import Role
from jointdesk.intel.models import IntelOccurrence, IntelReport, IntelTransaction, IntelVictim
from jointdesk.intel.registry import Sighting
from jointdesk.intel.schemas import FiledReport, IdentifierIn, ReportIn, TransactionIn, VictimIn
from jointdesk.intel.suggest import suggestions
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.fieldcrypt import encrypt_field
from jointdesk.kernel.ids import new_id
from jointdesk.typology import UnknownLabelError, load_typology


def file_report(
    uow: UnitOfWork, principal: Principal, cmd: ReportIn, *, audited: bool = True, suggest: bool = True
) -> FiledReport:
    """Store a report with its victim, transactions and every identifier; maintain networks.

    ``suggest`` classifies the narrative now (a form); imports leave it to the ``intel.suggest`` job.
    """
    ensure(principal, Permission.INTEL_REPORT_CREATE)
    if principal.agency_id is None:
        raise InvalidInput("a report belongs to an agency", field="agency")
    if cmd.source_ref:
        existing = repo.by_source_ref(uow, principal.agency_id, cmd.source_ref)
        if existing is not None:
            return FiledReport(
                id=existing.id,
                crime_reference_no=existing.crime_reference_no,
                network_id=existing.network_id,
                rejected_identifiers=[],
                duplicate=True,
            )
    _check_codes(cmd)
    jurisdiction = cmd.jurisdiction or repo.agency_country(uow, principal.agency_id)
    networks.lock_graph(uow)
    report = _report_row(uow, principal, principal.agency_id, cmd, jurisdiction)
    if suggest and cmd.narrative.strip():
        report.suggestion = suggestions(uow, [cmd.narrative])[0]
    sightings = _sightings(uow, cmd, jurisdiction)
    stored = registry.store(
        uow, report.id, sightings, now=uow.clock.now(), overrides=registry.thresholds(uow)
    )
    _transactions(uow, report.id, cmd.transactions, jurisdiction)
    _maintain(uow, stored)
    rejected = [_rejection(s) for s in sightings if not isinstance(s.result, Normalised)]
    if audited:
        audit.record(
            uow,
            principal,
            IntelEvent.REPORT_FILED,
            target=("intel_report", str(report.id)),
            fields={"sightings": len(sightings), "rejected": len(rejected)},
        )
    uow.session.refresh(report)
    return FiledReport(
        id=report.id,
        crime_reference_no=report.crime_reference_no,
        network_id=report.network_id,
        rejected_identifiers=rejected,
    )


def _maintain(uow: UnitOfWork, stored: registry.StoredSightings) -> None:
    for network_id in networks.networks_of(uow, stored.turned_off):
        networks.recompute(uow, network_id)
    networks.merge_through(uow, stored.identifier_ids)


def _check_codes(cmd: ReportIn) -> None:
    typology = load_typology()
    for field, codes in (("typology_code", [cmd.typology_code]), ("secondary_codes", cmd.secondary_codes)):
        for code in codes:
            if code is None:
                continue
            try:
                entry = typology.get(code)
            except UnknownLabelError as exc:
                raise InvalidInput(f"unknown typology code {code!r}", field=field) from exc
            if not entry.is_incident_code:
                raise InvalidInput(f"{code!r} is not a scam type or subtype", field=field)


def _report_row(
    uow: UnitOfWork, principal: Principal, agency_id: uuid.UUID, cmd: ReportIn, jurisdiction: str
) -> IntelReport:
    now = uow.clock.now()
    report = IntelReport(
        id=new_id(),
        owner_agency_id=agency_id,
        tlp=cmd.tlp.value,
        crime_reference_no=f"{jurisdiction}-{now:%Y}-{secrets.token_hex(8).upper()}",
        jurisdiction=jurisdiction,
        channel_of_report=cmd.channel_of_report.value,
        received_at=cmd.received_at or now,
        received_tz=cmd.received_tz,
        language=cmd.language,
        reporter_role=cmd.reporter_role.value,
        anonymous=cmd.anonymous,
        typology_code=cmd.typology_code,
        secondary_codes=list(cmd.secondary_codes),
        typology_confirmed=cmd.typology_code is not None,
        first_contact_at=cmd.first_contact_at,
        first_contact_channel=cmd.first_contact_channel,
        platforms=list(cmd.platforms),
        impersonated_entity=cmd.impersonated_entity,
        narrative=cmd.narrative,
        self_effected=cmd.self_effected,
        handling_codes=list(cmd.handling_codes),
        source_reliability=cmd.source_reliability,
        info_accuracy=cmd.info_accuracy,
        victim_key=_victim_key(uow, cmd.victim, jurisdiction),
        last_transfer_at=max((t.occurred_at for t in cmd.transactions), default=None),
        status="active",
        source_ref=cmd.source_ref,
        created_by=principal.user_id,
        created_at=now,
    )
    uow.session.add(report)
    uow.session.flush()
    if cmd.victim is not None:
        uow.session.add(_victim_row(uow, report.id, cmd.victim))
    return report


def _victim_key(uow: UnitOfWork, victim: VictimIn | None, jurisdiction: str) -> str | None:
    """One victim, one loss: a keyed digest of the strongest personal identifier we have."""
    personal = victim.personal if victim else None
    if personal is None or personal.is_empty():
        return None
    if personal.national_id:
        material = f"id|{personal.national_id.replace(' ', '').upper()}"
    elif personal.phone:
        result = normalise("phone", personal.phone, region=jurisdiction)
        material = f"phone|{result.canonical if isinstance(result, Normalised) else personal.phone}"
    elif personal.full_name and personal.date_of_birth:
        material = f"name|{personal.full_name.casefold()}|{personal.date_of_birth}"
    else:
        return None
    return keyed_hash(uow.secrets.identifier_key, material)


def _victim_row(uow: UnitOfWork, report_id: uuid.UUID, victim: VictimIn) -> IntelVictim:
    personal = victim.personal
    encrypted = None
    if personal is not None and not personal.is_empty():
        plain = json.dumps(personal.model_dump(exclude_none=True), ensure_ascii=False)
        encrypted = encrypt_field(uow.secrets.field_key, plain)
    return IntelVictim(
        report_id=report_id,
        pseudonym="V-" + secrets.token_hex(6).upper(),
        age_band=victim.age_band.value if victim.age_band else None,
        sex=victim.sex,
        nationality=victim.nationality,
        residence_country=victim.residence_country,
        residence_region=victim.residence_region,
        vulnerability_flags=[flag.value for flag in victim.vulnerability_flags],
        personal_encrypted=encrypted,
    )


def _sightings(uow: UnitOfWork, cmd: ReportIn, jurisdiction: str) -> list[Sighting]:
    key = uow.secrets.identifier_key
    found: list[Sighting] = []
    for index, item in enumerate(cmd.identifiers):
        registry.check_type(item.id_type, field=f"identifiers[{index}].id_type")
        found += _from_input(item, source="form", region=jurisdiction, key=key)
    for index, tx in enumerate(cmd.transactions):
        for name, party in (("payer", tx.payer), ("payee", tx.payee)):
            if party is not None:
                registry.check_type(party.id_type, field=f"transactions[{index}].{name}.id_type")
                found += _from_input(party, source="transaction", region=jurisdiction, key=key)
    if cmd.extract_from_narrative and cmd.narrative:
        known = {(s.result.id_type, _canon(s)) for s in found}
        for candidate in extract(cmd.narrative, region=jurisdiction, key=key):
            pair = (candidate.result.id_type, _canon(Sighting(candidate.result, Role.MENTIONED, "", 0)))
            if pair not in known:
                known.add(pair)
                found.append(Sighting(candidate.result, Role.MENTIONED, "narrative", _conf(candidate.result)))
    return found


def _from_input(item: IdentifierIn, *, source: str, region: str, key: bytes) -> list[Sighting]:
    return registry.sighting(
        item.id_type, item.value, role=item.role, source=source, region=item.region or region, key=key
    )


def _canon(item: Sighting) -> str:
    return item.result.canonical if isinstance(item.result, Normalised) else item.result.raw


def _conf(result: object) -> float:
    return result.confidence if isinstance(result, Normalised) else 0.0


def _rejection(item: Sighting) -> dict[str, str]:
    result = item.result
    if isinstance(result, Normalised):
        raise TypeError("only rejections are listed")
    shown = result.display or ("[protected]" if result.protected else result.raw)
    return {"id_type": result.id_type, "value": shown, "reason": result.reason, "message": result.message}


def _transactions(uow: UnitOfWork, report_id: uuid.UUID, items: Iterable[TransactionIn], region: str) -> None:
    for tx in items:
        uow.session.add(
            IntelTransaction(
                id=new_id(),
                report_id=report_id,
                hop=tx.hop,
                occurred_at=tx.occurred_at,
                occurred_tz=tx.occurred_tz,
                amount=tx.amount,
                currency=tx.currency,
                network=tx.network,
                rail=tx.rail.value,
                payer_identifier_id=_identifier_id(uow, tx.payer, region),
                payee_identifier_id=_identifier_id(uow, tx.payee, region),
                institution=tx.institution,
                reference=tx.reference,
            )
        )


def _identifier_id(uow: UnitOfWork, item: IdentifierIn | None, region: str) -> uuid.UUID | None:
    if item is None:
        return None
    result = normalise(item.id_type, item.value, region=item.region or region, key=uow.secrets.identifier_key)
    row = registry.existing_identifiers(uow, [registry.identifier_key(result, uow.secrets.identifier_key)])
    return next(iter(row.values())).id if row else None


def withdraw_report(uow: UnitOfWork, principal: Principal, report_id: uuid.UUID, *, reason: str) -> None:
    """Withdraw a report: its sightings go, counters drop, its network is recomputed locally."""
    report = repo.visible_report(uow, principal, report_id)
    ensure(principal, Permission.INTEL_REPORT_WITHDRAW, report)
    if len(reason.strip()) < 10:
        raise InvalidInput("say why the report is withdrawn (at least 10 characters)", field="reason")
    if report.status != "active":
        raise InvalidInput("the report is already withdrawn", field="report_id")
    networks.lock_graph(uow)
    turned_on = _drop_sightings(uow, report.id)
    old_network = report.network_id
    report.status, report.network_id = "withdrawn", None
    uow.session.flush()
    if old_network is not None:
        networks.recompute(uow, old_network)
    networks.merge_through(uow, turned_on)
    audit.record(
        uow,
        principal,
        IntelEvent.REPORT_WITHDRAWN,
        target=("intel_report", str(report.id)),
        private={"reason": reason.strip()},
    )


def _drop_sightings(uow: UnitOfWork, report_id: uuid.UUID) -> set[uuid.UUID]:
    identifier_ids = set(
        uow.session.scalars(
            select(IntelOccurrence.identifier_id).where(IntelOccurrence.report_id == report_id)
        )
    )
    uow.session.execute(delete(IntelOccurrence).where(IntelOccurrence.report_id == report_id))
    overrides = registry.thresholds(uow)
    turned_on: set[uuid.UUID] = set()
    for row in repo.identifiers_by_id(uow, identifier_ids).values():
        row.n_reports = max(row.n_reports - 1, 0)
        if registry.cool_down(row, overrides):
            turned_on.add(row.id)
    uow.session.flush()
    return turned_on
