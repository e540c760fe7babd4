"""What of a stored report may leave jointdesk, shared by every writer (sharing.md §3.4).

Never exported: the victim's personal identifiers (``ReportView`` holds none), victim-side
sightings (``victim_contact``, ``victim_account``, ``victim_device``), a transfer's payer unless it
is a scam-side hop (a mule paying onward), and the clear value of protected identifiers (only their
masked ``display`` ever travels). The narrative and what was extracted from it are free text that
may name the victim: they leave only when the caller asks (``include_narrative``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from jointdesk.indicators.types import UnknownType, get_type
from jointdesk.intel.linking import Role, Side, side_of
from jointdesk.intel.schemas import ReportView, SightingView, TransactionView

PROTECTED_PLACEHOLDER: Final = "[protected]"
NARRATIVE_SOURCE: Final = "narrative"
TRANSACTION_SOURCE: Final = "transaction"


@dataclass(frozen=True)
class SharedIdentifier:
    """An identifier as it may be exported: type, shown value (masked if protected), role."""

    id_type: str
    value: str
    role: str
    normalised: bool = True

    @property
    def protected(self) -> bool:
        try:
            return get_type(self.id_type).protected
        except UnknownType:
            return False


def _victim_side(sighting: SightingView) -> bool:
    return sighting.side == Side.VICTIM or _is_victim_role(sighting.role)


def victim_values(view: ReportView) -> frozenset[tuple[str, str]]:
    """Identifiers the report names as the victim's: never exported, whatever else they are tagged."""
    return frozenset((s.identifier.id_type, s.identifier.display) for s in view.sightings if _victim_side(s))


def _shareable(sighting: SightingView, include_narrative: bool, victims: frozenset[tuple[str, str]]) -> bool:
    if _victim_side(sighting) or (sighting.identifier.id_type, sighting.identifier.display) in victims:
        return False
    if sighting.source == NARRATIVE_SOURCE and not include_narrative:
        return False
    return sighting.identifier.display != PROTECTED_PLACEHOLDER


def _is_victim_role(role: str) -> bool:
    try:
        return side_of(role) == Side.VICTIM
    except ValueError:
        return True  # an unknown role is treated as the most sensitive one


def _shared(sighting: SightingView) -> SharedIdentifier:
    ident = sighting.identifier
    return SharedIdentifier(ident.id_type, ident.display, sighting.role, ident.status == "normalised")


def identifiers(view: ReportView, *, include_narrative: bool = False) -> list[SharedIdentifier]:
    """Every exportable sighting of the report except those that only name a transfer's party."""
    victims = victim_values(view)
    return [
        _shared(s)
        for s in view.sightings
        if s.source != TRANSACTION_SOURCE and _shareable(s, include_narrative, victims)
    ]


def all_identifiers(view: ReportView, *, include_narrative: bool = False) -> list[SharedIdentifier]:
    """Every exportable sighting, transfer parties included, once per (type, value)."""
    seen: set[tuple[str, str]] = set()
    found: list[SharedIdentifier] = []
    victims = victim_values(view)
    for sighting in view.sightings:
        if not _shareable(sighting, include_narrative, victims):
            continue
        item = _shared(sighting)
        if (item.id_type, item.value) not in seen:
            seen.add((item.id_type, item.value))
            found.append(item)
    return found


def _party(view: ReportView, shown: str | None, *, payer: bool) -> SharedIdentifier | None:
    """``type:display`` of a transfer party, with its role from the matching sighting."""
    if not shown or ":" not in shown:
        return None
    id_type, value = shown.split(":", 1)
    if value == PROTECTED_PLACEHOLDER or (id_type, value) in victim_values(view):
        return None
    for sighting in view.sightings:
        ident = sighting.identifier
        if ident.id_type == id_type and ident.display == value:
            return SharedIdentifier(id_type, value, sighting.role, ident.status == "normalised")
    return None if payer else SharedIdentifier(id_type, value, Role.PAYEE.value)


def transaction_record(view: ReportView, tx: TransactionView) -> dict[str, Any]:
    """A ``TransactionIn``-shaped dict; the payer only when it is a scam-side hop."""
    record: dict[str, Any] = {
        "hop": tx.hop,
        "occurred_at": tx.occurred_at.isoformat(),
        "occurred_tz": tx.occurred_tz,
        "amount": decimal_text(tx.amount),
        "currency": tx.currency,
        "network": tx.network,
        "rail": tx.rail,
        "institution": tx.institution,
        "reference": tx.reference,
    }
    payee = _party(view, tx.payee, payer=False)
    payer = _party(view, tx.payer, payer=True) if tx.hop > 1 else None
    for name, party in (("payee", payee), ("payer", payer)):
        if party is not None:
            record[name] = {"id_type": party.id_type, "value": party.value, "role": party.role}
    return {key: value for key, value in record.items() if value is not None}


def decimal_text(amount: Decimal) -> str:
    """A plain decimal string (no exponent), trailing zeros dropped."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def report_record(view: ReportView, *, include_narrative: bool = False) -> dict[str, Any]:
    """A ``ReportIn``-shaped dict of everything exportable (JSONL line, CSV row source)."""
    record: dict[str, Any] = {
        "source_ref": source_ref_of(view),
        "jurisdiction": view.jurisdiction,
        "channel_of_report": view.channel_of_report,
        "received_at": view.received_at.isoformat(),
        "language": view.language,
        "reporter_role": view.reporter_role,
        "typology_code": view.typology_code,
        "first_contact_channel": view.first_contact_channel,
        "platforms": list(view.platforms),
        "impersonated_entity": view.impersonated_entity,
        "self_effected": view.self_effected,
        "tlp": view.tlp,
        "handling_codes": list(view.handling_codes),
        "source_reliability": view.source_reliability,
        "info_accuracy": view.info_accuracy,
        "transactions": [transaction_record(view, tx) for tx in view.transactions],
        "identifiers": [
            {"id_type": i.id_type, "value": i.value, "role": i.role}
            for i in identifiers(view, include_narrative=include_narrative)
        ],
    }
    if include_narrative:
        record["narrative"] = view.narrative
    victim = victim_record(view)
    if victim:
        record["victim"] = victim
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def victim_record(view: ReportView) -> dict[str, Any]:
    """Coarse pseudonymous facts only: age band, sex, nationality, country of residence, flags."""
    victim = view.victim
    if victim is None:
        return {}
    record: dict[str, Any] = {
        "age_band": victim.age_band,
        "sex": victim.sex,
        "nationality": victim.nationality,
        "residence_country": victim.residence_country,
        "vulnerability_flags": list(victim.vulnerability_flags),
    }
    return {key: value for key, value in record.items() if value not in (None, [])}


def source_ref_of(view: ReportView) -> str:
    """The stable reference another node keeps for this report (re-import finds it)."""
    return f"jointdesk:{view.id}"
