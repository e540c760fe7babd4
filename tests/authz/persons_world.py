"""Matrix hooks for the persons, trafficking-screening and transfer routes: path-parameter makers and
valid bodies. The builders (facts, transfer record, questionnaire) are shared with the integration tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from jointdesk.authz import Principal, Role
from jointdesk.cooperation import intake, persons, persons_schemas, transfers
from jointdesk.db import UnitOfWorkFactory
from support import make_agency

ANSWERS_NO = {f"Q{i}": "no" for i in range(1, 16)}
SETTING = {
    "place_kind": "ngo_shelter",
    "before_any_interrogation": True,
    "purpose_explained": True,
    "non_use_assured": True,
    "compound_staff_present": False,
    "coworkers_present": False,
    "receiving_state_officials_present": False,
}
CHARGE = {
    "code": "fraud_telecom",
    "statute_ref": "TH Criminal Code s.341",
    "max_penalty_years": 5,
    "life_imprisonment": False,
    "death_penalty": False,
    "receiving_state_statute_ref": "MM Penal Code s.420",
    "receiving_state_max_penalty_years": 7,
}


CONSENT = {
    "interviewer": "IOM (demo)",
    "interviewer_independent": True,
    "informed": True,
    "language_understood": True,
    "receiving_state_officials_present": False,
    "pressure_on_relatives_reported": False,
    "recorded_at": "2026-11-20T10:00:00+07:00",
}
ASSURANCE = {
    "assurance_id": "A-1",
    "issuer": "Office of the Attorney General (demo)",
    "binds_state": True,
    "scope_offence_codes": ["fraud_telecom"],
    "track_record": "none_known",
    "monitoring_plan": {
        "consular_access": True,
        "lawyer_access": True,
        "monitor": "Embassy",
        "report_dates": [],
    },
}


def facts(**changes: Any) -> dict[str, Any]:
    """An adult TH national, no protection need, not found at a scam site, charged with fraud."""
    base: dict[str, Any] = {
        "source_reliability": "B",
        "accuracy": 2,
        "nationalities": ["TH"],
        "protection_status": "none",
        "subject_status": [],
        "languages": ["th"],
        "vulnerabilities": [],
        "location_history": [{"country": "MM", "area": "Yangon", "site_kind": "other"}],
        "charges": [CHARGE],
    }
    return base | changes


def raid_facts(**changes: Any) -> dict[str, Any]:
    found = [{"country": "MM", "area": "Myawaddy", "site_kind": "scam_compound", "found_in_raid": True}]
    return facts(location_history=found, charges=None) | changes


def person_in(
    *, category: str = "suspect", name: str = "Somchai Test", **fact_changes: Any
) -> dict[str, Any]:
    return {
        "category": category,
        "facts": facts(**fact_changes),
        "personal": {"full_name": name, "date_of_birth": "1990-04-12", "passport_numbers": ["AA1234567"]},
    }


def tip_body(**answers: str) -> dict[str, Any]:
    return {
        "interview_language": "th",
        "interpreter": None,
        "setting": SETTING,
        "answers": ANSWERS_NO | answers,
        "notes": {"Q3": "passport kept by the 'company'"},
    }


def transfer_record(**changes: Any) -> dict[str, Any]:
    """A well-documented record: closed appeal window, rights, written assessment, fair-trial facts."""
    base: dict[str, Any] = {
        "purpose": "prosecution",
        "legal_decision": {
            "decision_ref": "MM-IMM-2026-55",
            "authority": "MM Immigration Tribunal (demo)",
            "authority_kind": "judicial",
            "decided_at": "2026-10-01T09:00:00+06:30",
            "appealable": True,
            "appeal_window_days": 30,
        },
        "rights": {
            "rights_information_given": True,
            "lawyer_access": True,
            "asylum_opportunity": True,
            "challenge_opportunity": True,
        },
        "non_refoulement": {
            "assessment_ref": "NR-1",
            "written": True,
            "substantial_grounds": False,
            "personal_factors": [],
        },
        "assurances": [],
        "fair_trial": {
            "judgment_in_absentia": False,
            "special_or_military_court": False,
            "incommunicado_risk": False,
            "lawyer_of_choice_denied": False,
        },
        "prior_final_judgment_same_conduct": False,
        "time_barred": False,
        "amnesty": False,
    }
    return base | changes


def make_person(uow_factory: UnitOfWorkFactory, author: Principal, **kw: Any) -> uuid.UUID:
    with uow_factory() as uow:
        view = persons.create_person(uow, author, persons_schemas.PersonIn.model_validate(person_in(**kw)))
        uow.commit()
    return view.id


def make_batch(
    uow_factory: UnitOfWorkFactory,
    liaison: Principal,
    receiving: uuid.UUID,
    *,
    route: str = "deportation",
    sending: str = "MM",
    destination: str = "TH",
) -> uuid.UUID:
    cmd = persons_schemas.BatchIn.model_validate(
        {
            "receiving_agency_id": str(receiving),
            "route": route,
            "sending_country": sending,
            "destination_country": destination,
        }
    )
    with uow_factory() as uow:
        view = transfers.create_batch(uow, liaison, cmd)
        uow.commit()
    return view.id


def add_to_batch(
    uow_factory: UnitOfWorkFactory,
    liaison: Principal,
    batch_id: uuid.UUID,
    person_id: uuid.UUID,
    record: dict[str, Any] | None = None,
) -> persons_schemas.EntryView:
    with uow_factory() as uow:
        transfers.add_person(uow, liaison, batch_id, persons_schemas.AddPersonIn(person_id=person_id))
        entry = transfers.record_transfer_items(
            uow, liaison, batch_id, person_id, record or transfer_record()
        )
        uow.commit()
    return entry


def csv_text(rows: int, *, bad_every: int = 0) -> str:
    """A raid CSV; every ``bad_every``-th row has a bad country code."""
    lines = [
        "intake_ref,full_name,date_of_birth,estimated_age,nationality,languages,found_country,found_area"
    ]
    for i in range(1, rows + 1):
        country = "Myanmar" if bad_every and i % bad_every == 0 else "MM"
        dob, age = ("1995-02-03", "") if i % 2 else ("", str(18 + i % 30))
        nationality = ("CN", "VN", "ID", "KE")[i % 4]
        lines.append(f"R-{i:05d},Person {i},{dob},{age},{nationality},zh;en,{country},Myawaddy")
    return "\n".join(lines) + "\n"


# --- matrix hooks -----------------------------------------------------------------------------------

_STATE: dict[tuple[int, str], uuid.UUID] = {}


def _principal(world: Any, role: Role) -> Principal:
    found: Principal = world.caller("home", role).member.principal
    return found


def _third(world: Any) -> uuid.UUID:
    return make_agency(world.uow_factory, f"Receiving {uuid.uuid4().hex[:6]}", "TH")


def _person(world: Any, caller: Any, route_path: str) -> str:
    if "{batch_id}" in route_path:
        return str(_STATE[(id(world), route_path)])
    return str(make_person(world.uow_factory, _principal(world, Role.INVESTIGATOR)))


def _batch(world: Any, caller: Any, route_path: str) -> str:
    liaison = _principal(world, Role.LIAISON_OFFICER)
    batch_id = make_batch(world.uow_factory, liaison, _third(world))
    if "{person_id}" in route_path:
        person_id = make_person(world.uow_factory, _principal(world, Role.INVESTIGATOR))
        add_to_batch(world.uow_factory, liaison, batch_id, person_id)
        _STATE[(id(world), route_path)] = person_id
    return str(batch_id)


def _intake(world: Any, caller: Any, route_path: str) -> str:
    name = f"raid-{uuid.uuid4().hex[:8]}"
    with world.uow_factory() as uow:
        intake.ingest_csv(uow, _principal(world, Role.INVESTIGATOR), csv_text(3), batch=name)
        uow.commit()
    return name


def _new_person_body(world: Any, caller: Any) -> dict[str, Any]:
    return {"person_id": str(make_person(world.uow_factory, _principal(world, Role.INVESTIGATOR)))}


def _batch_body(world: Any, caller: Any) -> dict[str, Any]:
    return {
        "receiving_agency_id": str(_third(world)),
        "route": "deportation",
        "sending_country": "MM",
        "destination_country": "TH",
    }


REVIEW = {"approve": True, "reasons": "written assessment checked against the register"}
MONITORING = {
    "monitor": "Embassy (demo)",
    "findings": "Visited in custody; no concerns.",
    "later_charges": [],
}
PERSONAL_READ = {"justification": "preparing the screening interview"}

MAKERS: dict[str, Callable[[Any, Any, str], str]] = {
    "person_id": _person,
    "batch_id": _batch,
    "intake_batch": _intake,
}
BODIES: dict[tuple[str, str], Callable[[Any, Any], dict[str, Any]]] = {}
MULTIPART: dict[str, bytes] = {}

API = "/api/v1/cooperation"
BODIES |= {
    ("POST", f"{API}/persons"): lambda w, c: person_in(),
    ("PUT", f"{API}/persons/{{person_id}}"): lambda w, c: {"facts": facts(languages=["th", "en"])},
    ("POST", f"{API}/persons/{{person_id}}/assessments"): lambda w, c: {"text": "Likely a cash-out mule."},
    ("POST", f"{API}/persons/{{person_id}}/personal/read"): lambda w, c: PERSONAL_READ,
    ("POST", f"{API}/persons/{{person_id}}/shares"): lambda w, c: {"agency_id": str(w.other)},
    ("POST", f"{API}/persons/{{person_id}}/tip-screenings"): lambda w, c: tip_body(),
    ("POST", f"{API}/transfers"): _batch_body,
    ("POST", f"{API}/transfers/{{batch_id}}/persons"): _new_person_body,
    ("PUT", f"{API}/transfers/{{batch_id}}/persons/{{person_id}}/record"): lambda w, c: {"amnesty": False},
    ("POST", f"{API}/transfers/{{batch_id}}/persons/{{person_id}}/review"): lambda w, c: REVIEW,
    ("POST", f"{API}/transfers/{{batch_id}}/shares"): lambda w, c: {"agency_id": str(w.other)},
    ("POST", f"{API}/transfers/{{batch_id}}/persons/{{person_id}}/monitoring"): lambda w, c: MONITORING,
    ("POST", f"{API}/intakes"): lambda w, c: {},
    ("POST", f"{API}/intakes/{{intake_batch}}/shares"): lambda w, c: {"agency_id": str(w.other)},
}
MULTIPART |= {f"{API}/intakes": csv_text(3).encode()}


def _person_ref_body(world: Any, caller: Any) -> dict[str, Any]:
    investigator = _principal(world, Role.INVESTIGATOR)
    person_id = make_person(world.uow_factory, investigator)
    with world.uow_factory() as uow:
        return {"person_ref": persons.get_person(uow, investigator, person_id).ref}


WEB = "/cooperation"
WEB_TIP = (
    {"interview_language": "th", "place_kind": "ngo_shelter"}
    | ANSWERS_NO
    | {
        "before_any_interrogation": "on",
        "purpose_explained": "on",
        "non_use_assured": "on",
    }
)
BODIES |= {
    ("POST", f"{WEB}/persons"): lambda w, c: {
        "full_name": "Web Person",
        "category": "suspect",
        "languages": "th",
    },
    ("POST", f"{WEB}/persons/{{person_id}}/personal"): lambda w, c: PERSONAL_READ,
    ("POST", f"{WEB}/persons/{{person_id}}/share"): lambda w, c: {"agency_id": str(w.other)},
    ("POST", f"{WEB}/persons/{{person_id}}/tip"): lambda w, c: WEB_TIP,
    ("POST", f"{WEB}/transfers"): _batch_body,
    ("POST", f"{WEB}/transfers/{{batch_id}}/persons"): _person_ref_body,
    ("POST", f"{WEB}/transfers/{{batch_id}}/persons/{{person_id}}/record"): lambda w, c: {
        "record": '{"amnesty": false}'
    },
    ("POST", f"{WEB}/transfers/{{batch_id}}/persons/{{person_id}}/review"): lambda w, c: {
        "decision": "approve",
        "reasons": REVIEW["reasons"],
    },
}
MULTIPART |= {f"{WEB}/intakes": csv_text(3).encode()}
