"""Bulk intake of persons found in a raid (issue #5 item 7): a CSV of thousands in seconds.

Columns (UTF-8, header row; ``;`` separates list items):

| Column | Required | Meaning |
|---|---|---|
| ``intake_ref`` | yes | the raid team's reference for the person (unique within the intake) |
| ``full_name`` | yes | name as given (encrypted) |
| ``other_names`` | | aliases (encrypted) |
| ``date_of_birth`` | | ``YYYY-MM-DD`` (encrypted; used for the TRF-08 age check) |
| ``estimated_age`` | | whole years when no birth date is known: an age assessment, *disputed* under 21 |
| ``nationality`` | | ISO 3166 alpha-2 codes; empty = unknown |
| ``languages`` | | language codes (``zh;my``) |
| ``found_country`` | yes | ISO 3166 alpha-2 country of the site |
| ``found_area`` | | area (e.g. ``Myawaddy``) |
| ``found_site`` | | site name (encrypted) |
| ``passport_no``, ``phone`` | | documents and numbers held (encrypted) |
| ``vulnerabilities`` | | ``pregnancy;serious_illness;disability`` |
| ``notes`` | | free text (encrypted) |

Everyone is created ``unclassified`` with screening status ``pending`` and the location record
"found at a scam compound, in a raid" (safeguards.md §4). Bad rows are reported (row, field,
reason) and the good rows kept; re-running the same file (same intake name) creates no duplicates.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import insert

from jointdesk import audit
from jointdesk.authz import Permission, Principal, Tlp, ensure, ensure_readable
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.models import CoopPerson
from jointdesk.cooperation.person_events import CooperationPersonEvent as Event
from jointdesk.cooperation.persons import encrypt_personal, new_ref, validated_person
from jointdesk.cooperation.persons_schemas import (
    IntakeReport,
    IntakeRow,
    IntakeSummary,
    PersonalData,
    RowError,
)
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import DomainError, InvalidInput, NotFound
from jointdesk.kernel.ids import new_id
from jointdesk.screening.vocabulary import PersonCategory, SiteKind, Vulnerability

REQUIRED = ("intake_ref", "full_name", "found_country")
COLUMNS = (
    "intake_ref",
    "full_name",
    "other_names",
    "date_of_birth",
    "estimated_age",
    "nationality",
    "languages",
    "found_country",
    "found_area",
    "found_site",
    "passport_no",
    "phone",
    "vulnerabilities",
    "notes",
)
MAX_BYTES = 20 * 1024 * 1024
BATCH_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,79}$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
DISPUTED_UNDER = 21  # visual estimates are uncertain: treat an estimate under 21 as a disputed age
MAX_ROWS = 20_000


class RowProblem(DomainError):
    """One bad field of one CSV row (collected, never raised to the edge)."""


def _items(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


def _countries(value: str, field: str) -> list[str]:
    items = _items(value)
    for item in items:
        if not COUNTRY.match(item.upper()):
            raise RowProblem(f"{item!r} is not an ISO 3166 alpha-2 code", field=field)
    return [item.upper() for item in items]


def _date(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise RowProblem(f"{value!r} is not a date (YYYY-MM-DD)", field=field) from exc


def _age(value: str, found_on: date) -> dict[str, Any] | None:
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) <= 130:
        raise RowProblem(f"{value!r} is not an age in whole years", field="estimated_age")
    years = int(value)
    return {
        "assessed_min_age": years,
        "disputed": years < DISPUTED_UNDER,
        "assessor": "raid intake estimate",
        "assessed_on": found_on.isoformat(),
    }


def _vulnerabilities(value: str) -> list[str]:
    known = {v.value for v in Vulnerability}
    items = _items(value)
    for item in items:
        if item not in known:
            raise RowProblem(f"unknown vulnerability {item!r}", field="vulnerabilities")
    return items


def _text(row: dict[str, str], name: str) -> str:
    return (row.get(name) or "").strip()


def _facts(row: dict[str, str], found_on: date) -> dict[str, Any]:
    country = _countries(_text(row, "found_country"), "found_country")
    if len(country) != 1:
        raise RowProblem("one country is required", field="found_country")
    nationalities = _countries(_text(row, "nationality"), "nationality")
    languages = _items(_text(row, "languages"))
    location = {
        "country": country[0],
        "area": _text(row, "found_area") or None,
        "site_kind": SiteKind.SCAM_COMPOUND.value,
        "found_in_raid": True,
        "date_from": found_on.isoformat(),
        "date_to": None,
    }
    return {
        "nationalities": nationalities or None,
        "languages": languages or None,
        "age_assessment": _age(_text(row, "estimated_age"), found_on),
        "vulnerabilities": _vulnerabilities(_text(row, "vulnerabilities")),
        "location_history": [location],
    }


def _personal(row: dict[str, str]) -> PersonalData:
    try:
        return PersonalData(
            full_name=_text(row, "full_name"),
            other_names=_items(_text(row, "other_names")),
            date_of_birth=_date(_text(row, "date_of_birth"), "date_of_birth"),
            passport_numbers=_items(_text(row, "passport_no")),
            phone_numbers=_items(_text(row, "phone")),
            found_at_site=_text(row, "found_site") or None,
            notes=_text(row, "notes"),
        )
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        raise RowProblem(exc.errors()[0]["msg"], field=field) from exc


def _check_header(fields: list[str] | None) -> None:
    missing = [name for name in REQUIRED if name not in (fields or [])]
    if missing:
        raise InvalidInput(f"the CSV header lacks {', '.join(missing)}", field="header")


def _parse(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    reader = csv.DictReader(io.StringIO(text))
    _check_header(list(reader.fieldnames or []))
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        if len(rows) + len(errors) >= MAX_ROWS:
            raise InvalidInput(f"at most {MAX_ROWS} rows per intake", field="file")
        ref = _text(row, "intake_ref")
        if not ref or len(ref) > 120:
            errors.append(RowError(row=number, field="intake_ref", reason="required, at most 120 characters"))
        elif ref in seen:
            errors.append(
                RowError(row=number, field="intake_ref", reason=f"{ref!r} appears twice in the file")
            )
        else:
            seen.add(ref)
            rows.append((number, row))
    return rows, errors


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("the file is not UTF-8 text", field="file") from exc


def batch_name_from(filename: str) -> str:
    """A default intake name from an uploaded file name (``raid 2026-11.csv`` -> ``raid_2026-11``)."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    cleaned = re.sub(r"[^A-Za-z0-9_.:\-]+", "_", stem).strip("_.:-")
    return (cleaned or "intake")[:80]


def ingest_csv(
    uow: UnitOfWork,
    principal: Principal,
    data: bytes | str,
    *,
    batch: str,
    found_on: date | None = None,
    tlp: Tlp = Tlp.AMBER_STRICT,
) -> IntakeReport:
    """Create the good rows in one statement; report the bad ones; skip refs already taken in."""
    ensure(principal, Permission.COOPERATION_PERSON_MANAGE)
    if principal.agency_id is None:
        raise InvalidInput("an intake belongs to an agency", field="agency")
    if not BATCH_NAME.match(batch):
        raise InvalidInput("letters, digits and _.:- only, at most 80 characters", field="batch")
    day = found_on or uow.clock.now().date()
    rows, errors = _parse(_decode(data))
    existing = repo.own_intake(uow, principal.agency_id, batch)
    fresh = [(n, r) for n, r in rows if _text(r, "intake_ref") not in existing]
    values: list[dict[str, Any]] = []
    for number, row in fresh:
        try:
            values.append(_values(uow, principal, row, batch=batch, day=day, tlp=tlp))
        except DomainError as exc:
            errors.append(RowError(row=number, field=exc.field or "row", reason=exc.message))
    if values:
        uow.session.execute(insert(CoopPerson), values)
    errors.sort(key=lambda e: e.row)
    report = IntakeReport(
        batch=batch,
        rows=len(rows) + len({e.row for e in errors if e.field == "intake_ref"}),
        created=len(values),
        existing=len(rows) - len(fresh),
        errors=errors,
    )
    _audit(uow, principal, report)
    return report


def _values(
    uow: UnitOfWork, principal: Principal, row: dict[str, str], *, batch: str, day: date, tlp: Tlp
) -> dict[str, Any]:
    facts = _facts(row, day)
    personal = _personal(row)
    ref = new_ref()
    category = PersonCategory.UNCLASSIFIED.value
    validated_person(ref, category, facts, date_of_birth=personal.date_of_birth)
    now = uow.clock.now()
    return {
        "id": new_id(),
        "owner_agency_id": principal.agency_id,
        "tlp": tlp.value,
        "ref": ref,
        "category": category,
        "facts": facts,
        "assessments": [],
        "personal_encrypted": encrypt_personal(uow, personal),
        "screening_status": "pending",
        "non_punishment": False,
        "protection_referral": False,
        "reflection_until": None,
        "source": "raid_intake",
        "intake_batch": batch,
        "intake_ref": _text(row, "intake_ref"),
        "created_by": principal.user_id,
        "created_at": now,
        "updated_at": now,
    }


def _audit(uow: UnitOfWork, principal: Principal, report: IntakeReport) -> None:
    if report.created:
        audit.log_access(
            uow,
            principal,
            operation=audit.Operation.COLLECTION,
            record_kind="coop_intake",
            record_id=report.batch,
            purpose=audit.Purpose.INVESTIGATION,
            justification=f"raid intake: {report.created} persons taken in pending trafficking screening",
        )
    audit.record(
        uow,
        principal,
        Event.INTAKE_COMPLETED,
        target=("coop_intake", report.batch),
        fields={
            "rows": report.rows,
            "created": report.created,
            "existing": report.existing,
            "errors": len(report.errors),
        },
    )


def list_intakes(uow: UnitOfWork, principal: Principal) -> list[tuple[str, int]]:
    ensure_readable(principal, Permission.COOPERATION_PERSON_READ)
    return repo.intake_batches(uow, principal)


def intake_summary(
    uow: UnitOfWork,
    principal: Principal,
    batch: str,
    *,
    status: str | None = None,
    nationality: str | None = None,
    limit: int = 500,
    offset: int = 0,
) -> IntakeSummary:
    """Each person's screening status at a glance: counts per status and a filtered table."""
    ensure_readable(principal, Permission.COOPERATION_PERSON_READ)
    counts = repo.status_counts(uow, principal, batch)
    if not counts:
        raise NotFound("intake not found", field="intake_batch")
    rows = repo.visible_persons(uow, principal, intake_batch=batch, screening_status=status, limit=MAX_ROWS)
    if nationality:
        rows = [r for r in rows if nationality.upper() in (r.facts.get("nationalities") or [])]
    return IntakeSummary(
        batch=batch,
        total=sum(counts.values()),
        counts=counts,
        persons=[_intake_row(r) for r in rows[offset : offset + limit]],
    )


def _intake_row(row: CoopPerson) -> IntakeRow:
    history = row.facts.get("location_history") or [{}]
    return IntakeRow(
        person_id=row.id,
        ref=row.ref,
        intake_ref=row.intake_ref,
        category=row.category,
        screening_status=row.screening_status,
        nationalities=list(row.facts.get("nationalities") or []),
        found_area=history[0].get("area"),
    )
