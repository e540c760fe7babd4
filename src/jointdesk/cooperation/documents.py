"""Assemble the screening document of a request: the requester's T-CY fields plus what the platform
knows better than the requester (the authorities, the persons' records, the partner's record)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.models import CoopRequest
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as intel_repo
from jointdesk.kernel.errors import InvalidInput
from jointdesk.screening import ScreeningDocument
from jointdesk.screening.persons import Person

# Identifier types of the registry → the screening vocabulary (GEN-11).
IDENTIFIER_KINDS = {
    "phone": "phone",
    "ip": "ip",
    "email": "email",
    "url": "url",
    "domain": "url",
    "bank_account": "bank_account",
    "iban": "bank_account",
    "payment_card": "bank_account",
    "payment_proxy": "bank_account",
    "ewallet": "account",
    "social_handle": "account",
    "tron_address": "wallet",
    "evm_address": "wallet",
    "bitcoin_address": "wallet",
    "imei": "device_id",
    "imsi": "device_id",
    "iccid": "device_id",
}
PersonLoader = Callable[[UnitOfWork, uuid.UUID, "dict[str, Any] | None"], Person]
OWNED_BY_PLATFORM = ("request_id", "request_type", "persons", "partner_record", "person_records")


def assemble(uow: UnitOfWork, request: CoopRequest) -> ScreeningDocument:
    """The exact document the engine screens; validation errors name the field."""
    raw = {k: v for k, v in request.document.items() if k not in OWNED_BY_PLATFORM}
    raw["request_id"] = request.ref
    raw["request_type"] = request.request_type
    raw["requesting"] = _authority(uow, request.owner_agency_id, raw.get("requesting"))
    raw["receiving"] = _authority(uow, request.receiving_agency_id, raw.get("receiving"))
    raw["persons"] = [p.model_dump(mode="json") for p in _persons(uow, request)]
    raw["partner_record"] = _partner_record(uow, request)
    if request.identifier_ids and "identifiers" not in request.document:
        raw["identifiers"] = _identifiers(uow, request)
    try:
        return ScreeningDocument.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = "document." + ".".join(str(p) for p in err["loc"])
        raise InvalidInput(f"{where}: {err['msg']}", field=where) from exc


def _authority(uow: UnitOfWork, agency_id: uuid.UUID, given: object) -> dict[str, Any]:
    """Name and country come from the agency register; unit, contact and time zone from the requester."""
    agency = repo.agency(uow, agency_id)
    extra = given if isinstance(given, dict) else {}
    return {
        "authority_id": str(agency.id),
        "name": agency.name,
        "country": agency.country,
        "unit": extra.get("unit") or str(agency.id),
        "contact_ref": extra.get("contact_ref"),
        "time_zone": extra.get("time_zone"),
    }


def _persons(uow: UnitOfWork, request: CoopRequest) -> list[Person]:
    if not request.person_ids:
        return []
    from jointdesk.cooperation import persons  # noqa: PLC0415 - the person registry is its own module

    records = request.document.get("person_records") or {}
    return [
        persons.screening_person(uow, uuid.UUID(pid), transfer_record=records.get(pid))
        for pid in request.person_ids
    ]


def _partner_record(uow: UnitOfWork, request: CoopRequest) -> dict[str, Any]:
    """GEN-10: the requesting agency's own record on this node over 12 months (requests made, of which
    blocked). Overrides later found wrong, unanswered oversight questions and misuse findings are not
    recorded by the platform yet and are given as 0 (docs/screening.md says so)."""
    since = uow.clock.now() - timedelta(days=365)
    total, blocked = repo.partner_counts(uow, request.owner_agency_id, since)
    return {
        "partner_authority_id": str(request.owner_agency_id),
        "requests_12m": total,
        "blocked_12m": blocked,
        "overridden_found_wrong_12m": 0,
        "oversight_questions_unanswered_12m": 0,
        "misuse_findings": 0,
        "suspended": False,
    }


def _identifiers(uow: UnitOfWork, request: CoopRequest) -> list[dict[str, Any]]:
    rows = intel_repo.identifiers_by_id(uow, [uuid.UUID(i) for i in request.identifier_ids])
    return [
        {"kind": IDENTIFIER_KINDS.get(row.id_type, "account"), "value": row.display or row.canonical}
        for row in rows.values()
    ]
