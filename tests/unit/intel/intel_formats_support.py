"""Helpers of the intel format tests: a ``ReportView`` as filing would store a ``ReportIn`` (no database)."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from jointdesk.indicators import Normalised, normalise
from jointdesk.intel.linking import side_of
from jointdesk.intel.schemas import (
    IdentifierIn,
    IdentifierView,
    ReportIn,
    ReportView,
    SightingView,
    TransactionView,
    VictimView,
)

KEY = b"k" * 32
CREATED = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _identifier(item: IdentifierIn, region: str) -> IdentifierView:
    result = normalise(item.id_type, item.value, region=item.region or region, key=KEY)
    ok = isinstance(result, Normalised)
    shown = result.display or (
        result.canonical if ok else ("[protected]" if result.protected else item.value)
    )
    return IdentifierView(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{item.id_type}:{shown}"),
        id_type=item.id_type,
        display=shown,
        status="normalised" if ok else "rejected",
        reason=None if ok else result.reason,
        state="normal" if ok else "invalid",
        state_reason=None,
        linkable=ok,
        strength="S",
        flags=[],
        attrs={},
        normaliser_version="test",
        n_reports=1,
        first_seen=CREATED,
        last_seen=CREATED,
    )


def _sighting(item: IdentifierIn, region: str, source: str) -> SightingView:
    view = _identifier(item, region)
    return SightingView(
        identifier=view, role=item.role.value, side=side_of(item.role).value, confidence=1.0, source=source
    )


def view_of(
    report: ReportIn, *, pseudonym: str = "V-1A2B3C", extracted: list[IdentifierIn] | None = None
) -> ReportView:
    """What ``get_report`` would return after filing ``report`` (identifiers normalised, victim pseudonymous)."""
    region = report.jurisdiction or "TH"
    sightings = [_sighting(i, region, "form") for i in report.identifiers]
    sightings += [_sighting(i, region, "narrative") for i in extracted or []]
    transactions = []
    for tx in report.transactions:
        shown: dict[str, str | None] = {}
        for name, party in (("payer", tx.payer), ("payee", tx.payee)):
            shown[name] = None
            if party is not None:
                sighting = _sighting(party, region, "transaction")
                sightings.append(sighting)
                shown[name] = f"{party.id_type}:{sighting.identifier.display}"
        transactions.append(
            TransactionView(
                hop=tx.hop,
                occurred_at=tx.occurred_at,
                occurred_tz=tx.occurred_tz,
                amount=tx.amount,
                currency=tx.currency,
                network=tx.network,
                rail=tx.rail.value,
                payer=shown["payer"],
                payee=shown["payee"],
                institution=tx.institution,
                reference=tx.reference,
            )
        )
    victim = report.victim
    return ReportView(
        id=uuid.uuid5(uuid.NAMESPACE_URL, report.source_ref or report.narrative),
        crime_reference_no=f"{region}-2026-0000{len(report.narrative) % 10}",
        owner_agency_id=uuid.UUID(int=7),
        jurisdiction=region,
        channel_of_report=report.channel_of_report.value,
        received_at=report.received_at or CREATED,
        received_tz=report.received_tz,
        language=report.language,
        reporter_role=report.reporter_role.value,
        anonymous=report.anonymous,
        typology_code=report.typology_code,
        secondary_codes=list(report.secondary_codes),
        typology_confirmed=report.typology_code is not None,
        suggestion=None,
        first_contact_at=report.first_contact_at,
        first_contact_channel=report.first_contact_channel,
        platforms=list(report.platforms),
        impersonated_entity=report.impersonated_entity,
        narrative=report.narrative,
        self_effected=report.self_effected,
        tlp=report.tlp.value,
        handling_codes=list(report.handling_codes),
        source_reliability=report.source_reliability,
        info_accuracy=report.info_accuracy,
        network_id=None,
        network_label=None,
        status="active",
        source_ref=report.source_ref,
        created_at=CREATED,
        losses={},
        victim=None
        if victim is None
        else VictimView(
            pseudonym=pseudonym,
            age_band=victim.age_band.value if victim.age_band else None,
            sex=victim.sex,
            nationality=victim.nationality,
            residence_country=victim.residence_country,
            residence_region=victim.residence_region,
            vulnerability_flags=[f.value for f in victim.vulnerability_flags],
            has_personal_data=victim.personal is not None,
        ),
        transactions=transactions,
        sightings=sightings,
    )


def canonical(id_type: str, value: str, region: str = "TH") -> str:
    result = normalise(id_type, value, region=region, key=KEY)
    return result.canonical if isinstance(result, Normalised) else f"rejected:{result.raw}"


class GeneratedText(io.TextIOBase):
    """A read-only text stream fed by a generator of strings: the whole text never exists at once."""

    def __init__(self, parts: Iterator[str]) -> None:
        self._parts = parts
        self._pending = ""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        want = size if size is not None and size >= 0 else 1 << 62
        while len(self._pending) < want:
            part = next(self._parts, None)
            if part is None:
                break
            self._pending += part
        chunk, self._pending = self._pending[:want], self._pending[want:]
        return chunk

    def readline(self, size: int | None = -1) -> str:
        while "\n" not in self._pending:
            part = next(self._parts, None)
            if part is None:
                break
            self._pending += part
        cut = self._pending.find("\n") + 1 or len(self._pending)
        line, self._pending = self._pending[:cut], self._pending[cut:]
        return line


def report_data(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source_ref": "TH-CCIB-2026-000481",
        "jurisdiction": "TH",
        "received_at": "2026-03-02T10:15:00+07:00",
        "received_tz": "Asia/Bangkok",
        "channel_of_report": "hotline",
        "language": "th",
        "narrative": "Caller posing as DSI officer; victim Somchai Jaidee, tel 081 999 8888, paid the 'safe account'.",
        "tlp": "AMBER",
        "source_reliability": "B",
        "info_accuracy": 2,
        "victim": {
            "age_band": "55-64",
            "sex": "F",
            "nationality": "TH",
            "personal": {
                "full_name": "Somchai Jaidee",
                "phone": "081 999 8888",
                "national_id": "1101700203451",
            },
        },
        "transactions": [
            {
                "occurred_at": "2026-03-01T16:40:00+07:00",
                "occurred_tz": "Asia/Bangkok",
                "amount": "85000.50",
                "currency": "THB",
                "rail": "bank_transfer",
                "payer": {
                    "id_type": "bank_account",
                    "value": "TH:SICOTHBK:4071234568",
                    "role": "victim_account",
                },
                "payee": {"id_type": "bank_account", "value": "TH:KASITHBK:0481234567", "role": "payee"},
                "institution": "Kasikornbank",
                "reference": "FT2603011640",
            },
            {
                "hop": 2,
                "occurred_at": "2026-03-01T16:52:00+07:00",
                "amount": "84000",
                "currency": "THB",
                "rail": "bank_transfer",
                "payer": {"id_type": "bank_account", "value": "TH:KASITHBK:0481234567", "role": "payee"},
                "payee": {
                    "id_type": "bank_account",
                    "value": "TH:BKKBTHBK:2031234561",
                    "role": "intermediary",
                },
            },
        ],
        "identifiers": [
            {"id_type": "phone", "value": "+66 2 029 5540", "role": "scam_contact"},
            {"id_type": "url", "value": "hxxps://dsi-case-check[.]example/verify|x", "role": "scam_site"},
            {"id_type": "phone", "value": "081 999 8888", "role": "victim_contact"},
            {"id_type": "payment_card", "value": "4539 1488 0343 6467", "role": "payee"},
            {"id_type": "bank_account", "value": "TH:KASITHBK:0481234567", "role": "payee"},
        ],
    }
    base.update(overrides)
    return base
