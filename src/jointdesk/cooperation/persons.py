"""Persons named in cooperation requests (issue #5 item 1; safeguards.md §5.1).

Facts are stored as the JSON of a screening ``Person`` (without ``ref``, ``category``,
``date_of_birth``, ``non_punishment_flag``, ``trafficking_screening`` and ``transfer``, which live in
columns, the encrypted store, the screening table and batch entries). Personal data is encrypted;
every collection, alteration, disclosure and read of it goes to the access log with its purpose.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from pydantic import ValidationError

from jointdesk import audit
from jointdesk.authz import Permission, Principal, Tlp, ensure, ensure_readable
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.models import CoopPerson, TipScreeningRecord
from jointdesk.cooperation.person_events import CooperationPersonEvent as Event
from jointdesk.cooperation.persons_schemas import (
    AssessmentIn,
    PersonalData,
    PersonFacts,
    PersonIn,
    PersonUpdate,
    PersonView,
    TipSummary,
)
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Conflict, InvalidInput
from jointdesk.kernel.fieldcrypt import decrypt_field, encrypt_field
from jointdesk.kernel.ids import new_id
from jointdesk.screening.persons import Person, TraffickingScreening, TransferRecord
from jointdesk.screening.vocabulary import PersonCategory, SiteKind

KIND = CoopPerson.resource_kind
SUSPECT_LIKE = {PersonCategory.SUSPECT.value, PersonCategory.CONVICTED.value}
# Screening statuses: pending (screening required, none valid yet), not_required, presumptive_victim,
# inconclusive, not_indicated, rescreen_required (the last screening did not count as independent).
UNSCREENED = {"pending", "rescreen_required"}
PERSON_MARKINGS = {Tlp.AMBER.value, Tlp.AMBER_STRICT.value, Tlp.RED.value}


def new_ref() -> str:
    return f"P-{secrets.token_hex(5).upper()}"


def tip_applies(category: str, facts: dict[str, Any]) -> bool:
    """§4: anyone found at or removed from a scam site (or still unclassified) needs screening."""
    history = facts.get("location_history") or []
    found = any(
        loc.get("site_kind") == SiteKind.SCAM_COMPOUND.value or loc.get("found_in_raid") for loc in history
    )
    return found or category == PersonCategory.UNCLASSIFIED.value


def check_category(category: str, *, status: str, non_punishment: bool, facts: dict[str, Any]) -> None:
    """No suspect label on a presumptive victim, nor before a required screening exists (TIP-01)."""
    if category not in SUSPECT_LIKE:
        return
    if non_punishment:
        raise Conflict(
            "a presumptive trafficking victim cannot be recorded as suspect or convicted", field="category"
        )
    if status in UNSCREENED and tip_applies(PersonCategory.UNCLASSIFIED.value, facts):
        raise Conflict(
            "this person was found at a scam site: an independent trafficking screening must be "
            "completed before a suspect label",
            field="category",
        )


def validated_person(ref: str, category: str, facts: dict[str, Any], **extra: Any) -> Person:
    """The record as the screening engine reads it; errors name the field."""
    try:
        return Person.model_validate({"ref": ref, "category": category, **facts, **extra})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = "facts." + ".".join(str(p) for p in err["loc"])
        raise InvalidInput(f"{field}: {err['msg']}", field=field) from exc


def facts_json(facts: PersonFacts) -> dict[str, Any]:
    return facts.model_dump(mode="json")


def encrypt_personal(uow: UnitOfWork, personal: PersonalData) -> bytes:
    return encrypt_field(uow.secrets.field_key, personal.model_dump_json())


def _check_marking(tlp: str) -> None:
    if tlp not in PERSON_MARKINGS:
        raise InvalidInput("personal records are marked AMBER, AMBER+STRICT or RED", field="tlp")


def _assessment(uow: UnitOfWork, principal: Principal, cmd: AssessmentIn) -> dict[str, Any]:
    return {
        "kind": "assessment",
        "text": cmd.text,
        "basis": cmd.basis,
        "recorded_at": uow.clock.now().isoformat(),
        "recorded_by": str(principal.user_id or principal.username),
    }


def create_person(uow: UnitOfWork, principal: Principal, cmd: PersonIn) -> PersonView:
    ensure(principal, Permission.COOPERATION_PERSON_MANAGE)
    if principal.agency_id is None:
        raise InvalidInput("a person record belongs to an agency", field="agency")
    _check_marking(cmd.tlp.value)
    facts = facts_json(cmd.facts)
    dob = cmd.personal.date_of_birth if cmd.personal else None
    ref = new_ref()
    validated_person(ref, cmd.category.value, facts, date_of_birth=dob)
    status = "pending" if tip_applies(cmd.category.value, facts) else "not_required"
    check_category(cmd.category.value, status=status, non_punishment=False, facts=facts)
    now = uow.clock.now()
    row = CoopPerson(
        id=new_id(),
        owner_agency_id=principal.agency_id,
        tlp=cmd.tlp.value,
        ref=ref,
        category=cmd.category.value,
        facts=facts,
        assessments=[_assessment(uow, principal, a) for a in cmd.assessments],
        personal_encrypted=encrypt_personal(uow, cmd.personal) if cmd.personal else None,
        screening_status=status,
        non_punishment=False,
        protection_referral=False,
        source="manual",
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(row)
    uow.session.flush()
    if cmd.personal:
        log_personal(
            uow, principal, row, audit.Operation.COLLECTION, "person record created with personal data"
        )
    audit.record(
        uow,
        principal,
        Event.PERSON_CREATED,
        target=(KIND, str(row.id)),
        fields={"category": row.category, "screening_status": status, "source": "manual"},
    )
    return person_view(row)


def update_person(
    uow: UnitOfWork, principal: Principal, person_id: uuid.UUID, cmd: PersonUpdate
) -> PersonView:
    row = repo.visible_person(uow, principal, person_id)
    ensure(principal, Permission.COOPERATION_PERSON_MANAGE, row)
    facts = facts_json(cmd.facts) if cmd.facts is not None else dict(row.facts)
    category = cmd.category.value if cmd.category is not None else row.category
    if cmd.tlp is not None:
        _check_marking(cmd.tlp.value)
        row.tlp = cmd.tlp.value
    validated_person(row.ref, category, facts)
    status = row.screening_status
    if status == "not_required" and tip_applies(category, facts):
        status = "pending"
    check_category(category, status=status, non_punishment=row.non_punishment, facts=facts)
    changed = sorted(name for name, given in (("facts", cmd.facts), ("category", cmd.category)) if given)
    row.facts, row.category, row.screening_status = facts, category, status
    if cmd.personal is not None:
        row.personal_encrypted = encrypt_personal(uow, cmd.personal)
        log_personal(uow, principal, row, audit.Operation.ALTERATION, "personal data of the person corrected")
        changed.append("personal")
    row.updated_at = uow.clock.now()
    audit.record(
        uow,
        principal,
        Event.PERSON_UPDATED,
        target=(KIND, str(row.id)),
        fields={"category": category, "changed": changed, "screening_status": status},
    )
    return person_view(row, repo.latest_screening(uow, row.id))


def add_assessment(
    uow: UnitOfWork, principal: Principal, person_id: uuid.UUID, cmd: AssessmentIn
) -> PersonView:
    row = repo.visible_person(uow, principal, person_id)
    ensure(principal, Permission.COOPERATION_PERSON_MANAGE, row)
    row.assessments = [*row.assessments, _assessment(uow, principal, cmd)]
    row.updated_at = uow.clock.now()
    audit.record(
        uow, principal, Event.PERSON_UPDATED, target=(KIND, str(row.id)), fields={"changed": ["assessments"]}
    )
    return person_view(row, repo.latest_screening(uow, row.id))


def get_person(uow: UnitOfWork, principal: Principal, person_id: uuid.UUID) -> PersonView:
    ensure_readable(principal, Permission.COOPERATION_PERSON_READ)
    row = repo.visible_person(uow, principal, person_id)
    return person_view(row, repo.latest_screening(uow, row.id))


def get_person_by_ref(uow: UnitOfWork, principal: Principal, ref: str) -> PersonView:
    ensure_readable(principal, Permission.COOPERATION_PERSON_READ)
    row = repo.visible_person_by_ref(uow, principal, ref)
    return person_view(row, repo.latest_screening(uow, row.id))


def list_persons(
    uow: UnitOfWork,
    principal: Principal,
    *,
    category: str | None = None,
    screening_status: str | None = None,
    intake_batch: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[PersonView]:
    ensure_readable(principal, Permission.COOPERATION_PERSON_READ)
    rows = repo.visible_persons(
        uow,
        principal,
        category=category,
        screening_status=screening_status,
        intake_batch=intake_batch,
        limit=limit,
        offset=offset,
    )
    return [person_view(row) for row in rows]


def read_personal(
    uow: UnitOfWork, principal: Principal, person_id: uuid.UUID, *, purpose: audit.Purpose, justification: str
) -> PersonalData:
    """Open the restricted store: visible record, permission, purpose and justification, logged."""
    ensure_readable(principal, Permission.PERSONS_PERSONAL_DATA_READ)
    row = repo.visible_person(uow, principal, person_id)
    if row.personal_encrypted is None:
        raise InvalidInput("this person record holds no personal data", field="person_id")
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.CONSULTATION,
        record_kind=KIND,
        record_id=str(row.id),
        purpose=purpose,
        justification=justification,
    )
    return PersonalData.model_validate_json(decrypt_field(uow.secrets.field_key, row.personal_encrypted))


def log_personal(
    uow: UnitOfWork,
    principal: Principal,
    row: CoopPerson,
    operation: audit.Operation,
    justification: str,
    recipient: uuid.UUID | None = None,
    purpose: audit.Purpose = audit.Purpose.INVESTIGATION,
) -> None:
    audit.log_access(
        uow,
        principal,
        operation=operation,
        record_kind=KIND,
        record_id=str(row.id),
        purpose=purpose,
        justification=justification,
        recipient_agency_id=recipient,
    )


def screening_person(
    uow: UnitOfWork, person_id: uuid.UUID, *, transfer_record: dict[str, Any] | None = None
) -> Person:
    """The person as a screening document names them: facts, latest trafficking screening,
    the non-punishment flag and (for transfers) the person's ``TransferRecord``.

    No visibility check: callers (the request workflow) load the person through their own checks.
    The birth date is taken from the encrypted store because TRF-08 needs the person's age.
    """
    row = repo.person_by_id(uow, person_id)
    latest = repo.latest_screening(uow, row.id)
    dob = None
    if row.personal_encrypted is not None:
        dob = PersonalData.model_validate_json(
            decrypt_field(uow.secrets.field_key, row.personal_encrypted)
        ).date_of_birth
    return validated_person(
        row.ref,
        row.category,
        dict(row.facts),
        date_of_birth=dob,
        non_punishment_flag=row.non_punishment,
        trafficking_screening=TraffickingScreening.model_validate(latest.record) if latest else None,
        transfer=TransferRecord.model_validate(transfer_record) if transfer_record is not None else None,
    )


def tip_summary(record: TipScreeningRecord | None) -> TipSummary | None:
    if record is None:
        return None
    return TipSummary(
        id=record.id,
        outcome=record.outcome,
        valid=bool(record.score.get("valid", False)),
        problems=list(record.score.get("problems", [])),
        completed_at=record.completed_at,
    )


def person_view(row: CoopPerson, latest: TipScreeningRecord | None = None) -> PersonView:
    return PersonView(
        id=row.id,
        ref=row.ref,
        owner_agency_id=row.owner_agency_id,
        tlp=row.tlp,
        category=row.category,
        facts=dict(row.facts),
        assessments=list(row.assessments),
        screening_status=row.screening_status,
        non_punishment=row.non_punishment,
        protection_referral=row.protection_referral,
        reflection_until=row.reflection_until,
        source=row.source,
        intake_batch=row.intake_batch,
        intake_ref=row.intake_ref,
        has_personal_data=row.personal_encrypted is not None,
        latest_screening=tip_summary(latest),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
