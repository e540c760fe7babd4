"""Preparing reports for the bulk path: normalisation, extraction and row building, no database.

Pure (picklable inputs and outputs), so :func:`prepare` may run in worker processes; it mirrors
``filing`` report by report and the bulk equality test keeps the two in step.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from jointdesk.indicators import Normalised, Result, keyed_hash, normalise
from jointdesk.indicators.extract import extract
from jointdesk.indicators.types import UnknownType, get_type
from jointdesk.intel.linking import Role
from jointdesk.intel.registry import Sighting, identifier_key
from jointdesk.intel.schemas import IdentifierIn, ReportIn, VictimIn
from jointdesk.kernel.fieldcrypt import encrypt_field
from jointdesk.kernel.ids import new_id
from jointdesk.typology import UnknownLabelError, load_typology

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Context:
    """What preparing a report needs; picklable, so :func:`prepare` can run in another process."""

    agency_id: uuid.UUID
    user_id: uuid.UUID | None
    country: str
    identifier_key: bytes
    field_key: bytes
    now: datetime


@dataclass(frozen=True, slots=True)
class Prepared:
    """One normalised report: its rows and sightings, the keys of its payers and payees."""

    index: int
    source_ref: str | None
    report: Row
    victim: Row | None
    sightings: tuple[Sighting, ...]
    keys: tuple[str, ...]
    transactions: tuple[tuple[Row, str | None, str | None], ...]


@dataclass(frozen=True, slots=True)
class Failure:
    """A report that cannot be filed, with the field to blame."""

    index: int
    field: str
    reason: str


def prepare(commands: Iterable[tuple[int, ReportIn]], ctx: Context) -> list[Prepared | Failure]:
    """Normalise and extract (pure: no database)."""
    found: list[Prepared | Failure] = []
    for index, cmd in commands:
        try:
            found.append(_prepare_one(index, cmd, ctx))
        except _Refused as exc:
            found.append(Failure(index, exc.field, exc.reason))
    return found


class _Refused(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


# --- preparing one report (mirrors filing._sightings, _report_row, _victim_row) -----------------


def _prepare_one(index: int, cmd: ReportIn, ctx: Context) -> Prepared:
    _check_codes(cmd)
    jurisdiction = cmd.jurisdiction or ctx.country
    sightings, party_keys = _sightings(cmd, jurisdiction, ctx.identifier_key)
    report = _report_row(cmd, ctx, jurisdiction)
    keys = tuple(identifier_key(s.result, ctx.identifier_key) for s in sightings)
    transactions = tuple(
        (_transaction_row(report["id"], tx), payer, payee)
        for tx, (payer, payee) in zip(cmd.transactions, party_keys, strict=True)
    )
    victim = _victim_row(report["id"], cmd.victim, ctx.field_key) if cmd.victim is not None else None
    return Prepared(index, cmd.source_ref, report, victim, tuple(sightings), keys, transactions)


def _check_codes(cmd: ReportIn) -> None:
    typology = load_typology()
    for name, codes in (("typology_code", [cmd.typology_code]), ("secondary_codes", cmd.secondary_codes)):
        for code in codes:
            if code is None:
                continue
            try:
                entry = typology.get(code)
            except UnknownLabelError as exc:
                raise _Refused(name, f"unknown typology code {code!r}") from exc
            if not entry.is_incident_code:
                raise _Refused(name, f"{code!r} is not a scam type or subtype")


@lru_cache(maxsize=100_000)
def _normalised(id_type: str, raw: str, region: str | None, key: bytes) -> Result:
    """Scam-side values repeat (power-law reuse); their normal form does not change within a run."""
    return normalise(id_type, raw, region=region, key=key)


def _from_input(item: IdentifierIn, *, field: str, source: str, region: str, key: bytes) -> list[Sighting]:
    try:
        get_type(item.id_type)
    except UnknownType as exc:
        raise _Refused(field, f"unknown identifier type {item.id_type!r}") from exc
    result = _normalised(item.id_type, item.value, item.region or region, key)
    found = [Sighting(result, item.role, source, _confidence(result))]
    if isinstance(result, Normalised):
        found += [Sighting(inner, item.role, source, _confidence(inner)) for inner in result.derived]
    return found


def _confidence(result: Result) -> float:
    return result.confidence if isinstance(result, Normalised) else 0.0


def _canonical(result: Result) -> str:
    return result.canonical if isinstance(result, Normalised) else result.raw


def _sightings(
    cmd: ReportIn, region: str, key: bytes
) -> tuple[list[Sighting], list[tuple[str | None, str | None]]]:
    found: list[Sighting] = []
    for i, item in enumerate(cmd.identifiers):
        found += _from_input(item, field=f"identifiers[{i}].id_type", source="form", region=region, key=key)
    party_keys: list[tuple[str | None, str | None]] = []
    for i, tx in enumerate(cmd.transactions):
        pair: list[str | None] = []
        for name, party in (("payer", tx.payer), ("payee", tx.payee)):
            if party is None:
                pair.append(None)
                continue
            field = f"transactions[{i}].{name}.id_type"
            made = _from_input(party, field=field, source="transaction", region=region, key=key)
            pair.append(identifier_key(made[0].result, key))
            found += made
        party_keys.append((pair[0], pair[1]))
    if cmd.extract_from_narrative and cmd.narrative:
        known = {(s.result.id_type, _canonical(s.result)) for s in found}
        for candidate in extract(cmd.narrative, region=region, key=key):
            pair_key = (candidate.result.id_type, _canonical(candidate.result))
            if pair_key not in known:
                known.add(pair_key)
                conf = _confidence(candidate.result)
                found.append(Sighting(candidate.result, Role.MENTIONED, "narrative", conf))
    return found, party_keys


def _report_row(cmd: ReportIn, ctx: Context, jurisdiction: str) -> Row:
    now = ctx.now
    return {
        "id": new_id(),
        "owner_agency_id": ctx.agency_id,
        "tlp": cmd.tlp.value,
        "crime_reference_no": f"{jurisdiction}-{now:%Y}-{secrets.token_hex(8).upper()}",
        "jurisdiction": jurisdiction,
        "channel_of_report": cmd.channel_of_report.value,
        "received_at": cmd.received_at or now,
        "received_tz": cmd.received_tz,
        "language": cmd.language,
        "reporter_role": cmd.reporter_role.value,
        "anonymous": cmd.anonymous,
        "typology_code": cmd.typology_code,
        "secondary_codes": list(cmd.secondary_codes),
        "typology_confirmed": cmd.typology_code is not None,
        "suggestion": None,
        "first_contact_at": cmd.first_contact_at,
        "first_contact_channel": cmd.first_contact_channel,
        "platforms": list(cmd.platforms),
        "impersonated_entity": cmd.impersonated_entity,
        "narrative": cmd.narrative,
        "self_effected": cmd.self_effected,
        "handling_codes": list(cmd.handling_codes),
        "source_reliability": cmd.source_reliability,
        "info_accuracy": cmd.info_accuracy,
        "victim_key": _victim_key(cmd.victim, jurisdiction, ctx.identifier_key),
        "last_transfer_at": max((t.occurred_at for t in cmd.transactions), default=None),
        "network_id": None,
        "status": "active",
        "source_ref": cmd.source_ref,
        "created_by": ctx.user_id,
        "created_at": now,
    }


def _victim_key(victim: VictimIn | None, jurisdiction: str, key: bytes) -> str | None:
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
    return keyed_hash(key, material)


def _victim_row(report_id: uuid.UUID, victim: VictimIn, field_key: bytes) -> Row:
    personal, encrypted = victim.personal, None
    if personal is not None and not personal.is_empty():
        plain = json.dumps(personal.model_dump(exclude_none=True), ensure_ascii=False)
        encrypted = encrypt_field(field_key, plain)
    return {
        "report_id": report_id,
        "pseudonym": "V-" + secrets.token_hex(6).upper(),
        "age_band": victim.age_band.value if victim.age_band else None,
        "sex": victim.sex,
        "nationality": victim.nationality,
        "residence_country": victim.residence_country,
        "residence_region": victim.residence_region,
        "vulnerability_flags": [flag.value for flag in victim.vulnerability_flags],
        "trafficking_screening": "not_applicable",
        "personal_encrypted": encrypted,
    }


def _transaction_row(report_id: uuid.UUID, tx: Any) -> Row:
    return {
        "id": new_id(),
        "report_id": report_id,
        "hop": tx.hop,
        "occurred_at": tx.occurred_at,
        "occurred_tz": tx.occurred_tz,
        "amount": tx.amount,
        "currency": tx.currency,
        "network": tx.network,
        "rail": tx.rail.value,
        "institution": tx.institution,
        "reference": tx.reference,
    }


# --- the database side: one chunk ------------------------------------------------------------
