"""Persons, trafficking screening, transfer batch and raid intake pages (``/cooperation``)."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jointdesk import audit, identity
from jointdesk.authz import Permission
from jointdesk.cooperation import intake, person_shares, persons, tip, transfers
from jointdesk.cooperation import persons_schemas as s
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.kernel.errors import InvalidInput
from jointdesk.screening.vocabulary import Answer, PersonCategory, TransferRoute
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.render import render

router = APIRouter(prefix="/cooperation")
P = Permission
QUESTIONS = [f"Q{i}" for i in range(1, 16)]
STATUSES = [
    "pending",
    "rescreen_required",
    "inconclusive",
    "presumptive_victim",
    "not_indicated",
    "not_required",
]
SETTING_FLAGS = (
    "before_any_interrogation",
    "purpose_explained",
    "non_use_assured",
    "compound_staff_present",
    "coworkers_present",
    "receiving_state_officials_present",
)


def _page(request: Request, user: WebUser, template: str, context: dict[str, Any], uow: UowDep) -> Response:
    page = render(request, template, context, principal=user.principal, csrf_token=user.csrf_token)
    return committed(uow, page)


def _items(value: str) -> list[str]:
    return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]


def _agencies(uow: UowDep, user: WebUser) -> dict[uuid.UUID, identity.AgencyView]:
    return {a.id: a for a in identity.list_agencies(uow, user.principal)}


@router.get("/persons")
def person_list(
    request: Request,
    user: Annotated[WebUser, requires(P.COOPERATION_PERSON_READ)],
    uow: UowDep,
    category: str | None = None,
    screening_status: str | None = None,
) -> Response:
    found = persons.list_persons(
        uow, user.principal, category=category or None, screening_status=screening_status or None
    )
    context = {
        "persons": found,
        "categories": list(PersonCategory),
        "statuses": STATUSES,
        "category": category,
        "screening_status": screening_status,
    }
    return _page(request, user, "cooperation/person_list.html", context, uow)


@router.post("/persons")
def person_create(
    user: Annotated[WebUser, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
    full_name: Annotated[str, Form()],
    category: Annotated[str, Form()] = "unclassified",
    date_of_birth: Annotated[str, Form()] = "",
    nationalities: Annotated[str, Form()] = "",
    languages: Annotated[str, Form()] = "",
    found_country: Annotated[str, Form()] = "",
    found_area: Annotated[str, Form()] = "",
    site_kind: Annotated[str, Form()] = "other",
) -> Response:
    facts: dict[str, Any] = {
        "nationalities": [c.upper() for c in _items(nationalities)] or None,
        "languages": _items(languages) or None,
    }
    if found_country:
        place = {"country": found_country.upper(), "area": found_area or None, "site_kind": site_kind}
        facts["location_history"] = [place]
    raw = {
        "category": category,
        "facts": facts,
        "personal": {"full_name": full_name, "date_of_birth": date_of_birth or None},
    }
    created = persons.create_person(uow, user.principal, validated(s.PersonIn, raw))
    return committed(uow, RedirectResponse(f"/cooperation/persons/{created.id}", status_code=303))


def _detail(request: Request, user: WebUser, uow: UowDep, person_id: uuid.UUID, **extra: Any) -> Response:
    view = persons.get_person(uow, user.principal, person_id)
    context = {
        "person": view,
        "screenings": tip.list_tip_screenings(uow, user.principal, person_id),
        "agencies": _agencies(uow, user),
        "purposes": list(audit.Purpose),
        **extra,
    }
    return _page(request, user, "cooperation/person_detail.html", context, uow)


@router.get("/persons/{person_id}")
def person_detail(
    request: Request,
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_PERSON_READ)],
    uow: UowDep,
) -> Response:
    return _detail(request, user, uow, person_id)


@router.post("/persons/{person_id}/personal")
def person_personal(
    request: Request,
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.PERSONS_PERSONAL_DATA_READ)],
    uow: UowDep,
    justification: Annotated[str, Form()],
    purpose: Annotated[str, Form()] = audit.Purpose.INVESTIGATION.value,
) -> Response:
    try:
        chosen = audit.Purpose(purpose)
    except ValueError as exc:
        raise InvalidInput("unknown purpose", field="purpose") from exc
    personal = persons.read_personal(
        uow, user.principal, person_id, purpose=chosen, justification=justification
    )
    if not user.principal.has(P.COOPERATION_PERSON_READ):
        return _page(request, user, "cooperation/person_personal.html", {"personal": personal}, uow)
    return _detail(request, user, uow, person_id, personal=personal)


@router.post("/persons/{person_id}/share")
def person_share(
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
    agency_id: Annotated[str, Form()],
) -> Response:
    person_shares.share_person(uow, user.principal, person_id, validated(s.ShareIn, {"agency_id": agency_id}))
    return committed(uow, RedirectResponse(f"/cooperation/persons/{person_id}", status_code=303))


@router.get("/persons/{person_id}/tip")
def tip_form(
    request: Request,
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_TIP_SCREEN)],
    uow: UowDep,
) -> Response:
    view = persons.get_person(uow, user.principal, person_id)
    context = {"person": view, "questions": QUESTIONS, "answers": list(Answer), "flags": SETTING_FLAGS}
    return _page(request, user, "cooperation/tip_form.html", context, uow)


@router.post("/persons/{person_id}/tip")
async def tip_submit(
    request: Request,
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_TIP_SCREEN)],
    uow: UowDep,
) -> Response:
    form = await request.form()
    field = {k: str(v) for k, v in form.items()}
    interpreter = None
    if field.get("interpreter_language"):
        interpreter = {
            "language": field["interpreter_language"],
            "independent": field.get("interpreter_independent") == "on",
        }
    raw = {
        "interview_language": field.get("interview_language", ""),
        "interpreter": interpreter,
        "setting": {"place_kind": field.get("place_kind") or "unspecified"}
        | {flag: field.get(flag) == "on" for flag in SETTING_FLAGS},
        "answers": {q: field.get(q, "unclear") for q in QUESTIONS},
        "notes": {q: field[f"note_{q}"] for q in QUESTIONS if field.get(f"note_{q}")},
    }
    tip.record_tip_screening(uow, user.principal, person_id, validated(s.TipScreeningIn, raw))
    target = f"/cooperation/persons/{person_id}" if user.principal.has(P.COOPERATION_PERSON_READ) else "/"
    return committed(uow, RedirectResponse(target, status_code=303))


@router.get("/transfers")
def transfer_list(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> Response:
    context = {
        "batches": transfers.list_batches(uow, user.principal),
        "agencies": _agencies(uow, user),
        "routes": list(TransferRoute),
    }
    return _page(request, user, "cooperation/transfer_list.html", context, uow)


@router.post("/transfers")
def transfer_create(
    user: Annotated[WebUser, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
    receiving_agency_id: Annotated[str, Form()],
    route: Annotated[str, Form()],
    sending_country: Annotated[str, Form()],
    destination_country: Annotated[str, Form()],
) -> Response:
    raw = {
        "receiving_agency_id": receiving_agency_id,
        "route": route,
        "sending_country": sending_country.upper(),
        "destination_country": destination_country.upper(),
    }
    created = transfers.create_batch(uow, user.principal, validated(s.BatchIn, raw))
    return committed(uow, RedirectResponse(f"/cooperation/transfers/{created.id}", status_code=303))


@router.get("/transfers/{batch_id}")
def transfer_detail(
    request: Request,
    batch_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
) -> Response:
    context = {"batch": transfers.get_batch(uow, user.principal, batch_id), "agencies": _agencies(uow, user)}
    return _page(request, user, "cooperation/transfer_detail.html", context, uow)


def _to_batch(batch_id: uuid.UUID) -> RedirectResponse:
    return RedirectResponse(f"/cooperation/transfers/{batch_id}", status_code=303)


@router.post("/transfers/{batch_id}/persons")
def transfer_add_person(
    batch_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
    person_ref: Annotated[str, Form()],
) -> Response:
    person = persons.get_person_by_ref(uow, user.principal, person_ref.strip())
    transfers.add_person(uow, user.principal, batch_id, s.AddPersonIn(person_id=person.id))
    return committed(uow, _to_batch(batch_id))


@router.post("/transfers/{batch_id}/persons/{person_id}/record")
def transfer_record(
    batch_id: uuid.UUID,
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
    record: Annotated[str, Form()],
) -> Response:
    try:
        items = json.loads(record)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not JSON: {exc.msg}", field="record") from exc
    if not isinstance(items, dict):
        raise InvalidInput("a JSON object of transfer record items is expected", field="record")
    transfers.record_transfer_items(uow, user.principal, batch_id, person_id, items)
    return committed(uow, _to_batch(batch_id))


@router.post("/transfers/{batch_id}/persons/{person_id}/review")
def transfer_review(
    batch_id: uuid.UUID,
    person_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_REVIEW)],
    uow: UowDep,
    decision: Annotated[str, Form()],
    reasons: Annotated[str, Form()],
) -> Response:
    cmd = validated(s.ClearanceReviewIn, {"approve": decision == "approve", "reasons": reasons})
    transfers.review_person(uow, user.principal, batch_id, person_id, cmd)
    return committed(uow, _to_batch(batch_id))


@router.get("/intakes")
def intake_list(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_PERSON_READ)], uow: UowDep
) -> Response:
    context = {"intakes": intake.list_intakes(uow, user.principal), "columns": intake.COLUMNS}
    return _page(request, user, "cooperation/intake_list.html", context, uow)


@router.post("/intakes")
async def intake_upload(
    request: Request,
    user: Annotated[WebUser, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
    file: UploadFile,
    batch: Annotated[str, Form()] = "",
) -> Response:
    data = await file.read(intake.MAX_BYTES + 1)
    if len(data) > intake.MAX_BYTES:
        raise InvalidInput("the file is larger than 20 MB", field="file")
    name = batch.strip() or intake.batch_name_from(file.filename or "intake")
    report = intake.ingest_csv(uow, user.principal, data, batch=name)
    return _page(request, user, "cooperation/intake_report.html", {"report": report}, uow)


@router.get("/intakes/{intake_batch}")
def intake_detail(
    request: Request,
    intake_batch: str,
    user: Annotated[WebUser, requires(P.COOPERATION_PERSON_READ)],
    uow: UowDep,
    screening_status: str | None = None,
    nationality: str | None = None,
) -> Response:
    summary = intake.intake_summary(
        uow, user.principal, intake_batch, status=screening_status or None, nationality=nationality or None
    )
    context = {
        "summary": summary,
        "statuses": STATUSES,
        "screening_status": screening_status,
        "nationality": nationality or "",
    }
    return _page(request, user, "cooperation/intake_detail.html", context, uow)
