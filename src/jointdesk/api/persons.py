"""Persons, trafficking screening, transfer batches and raid intake (``/api/v1/cooperation``)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, UploadFile, status
from pydantic import BaseModel, Field

from jointdesk import audit
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.cooperation import intake, person_shares, persons, tip, transfers
from jointdesk.cooperation import persons_schemas as s
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.kernel.errors import InvalidInput

router = APIRouter(prefix="/cooperation", tags=["cooperation"])
P = Permission
MAX_UPLOAD = 20 * 1024 * 1024


class PersonalRead(BaseModel):
    purpose: audit.Purpose = audit.Purpose.INVESTIGATION
    justification: str = Field(min_length=10, max_length=2000)


class ShareCount(BaseModel):
    intake_batch: str
    shared: int


@router.post("/persons", status_code=status.HTTP_201_CREATED)
def create_person(
    body: s.PersonIn, principal: Annotated[Principal, requires(P.COOPERATION_PERSON_MANAGE)], uow: UowDep
) -> s.PersonView:
    return committed(uow, persons.create_person(uow, principal, body))


@router.get("/persons")
def list_persons(
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_READ)],
    uow: UowDep,
    category: str | None = None,
    screening_status: str | None = None,
    intake_batch: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[s.PersonView]:
    found = persons.list_persons(
        uow,
        principal,
        category=category,
        screening_status=screening_status,
        intake_batch=intake_batch,
        limit=limit,
        offset=offset,
    )
    return committed(uow, found)


@router.get("/persons/{person_id}")
def get_person(
    person_id: uuid.UUID, principal: Annotated[Principal, requires(P.COOPERATION_PERSON_READ)], uow: UowDep
) -> s.PersonView:
    return committed(uow, persons.get_person(uow, principal, person_id))


@router.put("/persons/{person_id}")
def update_person(
    person_id: uuid.UUID,
    body: s.PersonUpdate,
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
) -> s.PersonView:
    return committed(uow, persons.update_person(uow, principal, person_id, body))


@router.post("/persons/{person_id}/assessments")
def add_assessment(
    person_id: uuid.UUID,
    body: s.AssessmentIn,
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
) -> s.PersonView:
    return committed(uow, persons.add_assessment(uow, principal, person_id, body))


@router.post("/persons/{person_id}/personal/read")
def read_personal(
    person_id: uuid.UUID,
    body: PersonalRead,
    principal: Annotated[Principal, requires(P.PERSONS_PERSONAL_DATA_READ)],
    uow: UowDep,
) -> s.PersonalData:
    """POST, not GET: the read carries a purpose and justification and is access-logged."""
    found = persons.read_personal(
        uow, principal, person_id, purpose=body.purpose, justification=body.justification
    )
    return committed(uow, found)


@router.post("/persons/{person_id}/shares")
def share_person(
    person_id: uuid.UUID,
    body: s.ShareIn,
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
) -> s.PersonView:
    return committed(uow, person_shares.share_person(uow, principal, person_id, body))


@router.post("/persons/{person_id}/tip-screenings", status_code=status.HTTP_201_CREATED)
def record_tip_screening(
    person_id: uuid.UUID,
    body: s.TipScreeningIn,
    principal: Annotated[Principal, requires(P.COOPERATION_TIP_SCREEN)],
    uow: UowDep,
) -> s.TipScreeningView:
    return committed(uow, tip.record_tip_screening(uow, principal, person_id, body))


@router.get("/persons/{person_id}/tip-screenings")
def list_tip_screenings(
    person_id: uuid.UUID, principal: Annotated[Principal, requires(P.COOPERATION_PERSON_READ)], uow: UowDep
) -> list[s.TipScreeningView]:
    return committed(uow, tip.list_tip_screenings(uow, principal, person_id))


@router.post("/transfers", status_code=status.HTTP_201_CREATED)
def create_batch(
    body: s.BatchIn, principal: Annotated[Principal, requires(P.COOPERATION_TRANSFER_MANAGE)], uow: UowDep
) -> s.BatchView:
    return committed(uow, transfers.create_batch(uow, principal, body))


@router.get("/transfers")
def list_batches(
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> list[s.BatchView]:
    return committed(uow, transfers.list_batches(uow, principal))


@router.get("/transfers/{batch_id}")
def get_batch(
    batch_id: uuid.UUID, principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> s.BatchView:
    return committed(uow, transfers.get_batch(uow, principal, batch_id))


@router.post("/transfers/{batch_id}/persons")
def add_batch_person(
    batch_id: uuid.UUID,
    body: s.AddPersonIn,
    principal: Annotated[Principal, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
) -> s.BatchView:
    return committed(uow, transfers.add_person(uow, principal, batch_id, body))


@router.put("/transfers/{batch_id}/persons/{person_id}/record")
def record_transfer_items(
    batch_id: uuid.UUID,
    person_id: uuid.UUID,
    body: dict[str, Any],
    principal: Annotated[Principal, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
) -> s.EntryView:
    """Body: ``TransferRecord`` items (docs/screening.md, ``persons[].transfer``); merged, ``null`` clears."""
    return committed(uow, transfers.record_transfer_items(uow, principal, batch_id, person_id, body))


@router.post("/transfers/{batch_id}/persons/{person_id}/review")
def review_clearance(
    batch_id: uuid.UUID,
    person_id: uuid.UUID,
    body: s.ClearanceReviewIn,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_REVIEW)],
    uow: UowDep,
) -> s.EntryView:
    return committed(uow, transfers.review_person(uow, principal, batch_id, person_id, body))


@router.post("/transfers/{batch_id}/assess")
def assess_batch(
    batch_id: uuid.UUID, principal: Annotated[Principal, requires(P.COOPERATION_TRANSFER_MANAGE)], uow: UowDep
) -> s.BatchView:
    return committed(uow, transfers.assess_batch(uow, principal, batch_id))


@router.post("/transfers/{batch_id}/shares")
def share_batch(
    batch_id: uuid.UUID,
    body: s.ShareIn,
    principal: Annotated[Principal, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
) -> s.BatchView:
    return committed(uow, transfers.share_batch(uow, principal, batch_id, body))


@router.post("/transfers/{batch_id}/persons/{person_id}/monitoring", status_code=status.HTTP_201_CREATED)
def add_monitoring_report(
    batch_id: uuid.UUID,
    person_id: uuid.UUID,
    body: s.MonitoringIn,
    principal: Annotated[Principal, requires(P.COOPERATION_TRANSFER_MANAGE)],
    uow: UowDep,
) -> s.MonitoringView:
    return committed(uow, transfers.add_monitoring_report(uow, principal, batch_id, person_id, body))


@router.post("/intakes", status_code=status.HTTP_201_CREATED)
async def ingest(
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
    file: UploadFile,
    batch: Annotated[str | None, Form()] = None,
    found_on: Annotated[date | None, Form()] = None,
) -> s.IntakeReport:
    """Multipart CSV (columns: ``jointdesk.cooperation.intake``); ``batch`` defaults to the file name."""
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInput("the file is larger than 20 MB", field="file")
    name = batch or intake.batch_name_from(file.filename or "intake")
    report = intake.ingest_csv(uow, principal, data, batch=name, found_on=found_on)
    return committed(uow, report)


@router.get("/intakes/{intake_batch}")
def intake_summary(
    intake_batch: str,
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_READ)],
    uow: UowDep,
    screening_status: str | None = None,
    nationality: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> s.IntakeSummary:
    found = intake.intake_summary(
        uow,
        principal,
        intake_batch,
        status=screening_status,
        nationality=nationality,
        limit=limit,
        offset=offset,
    )
    return committed(uow, found)


@router.post("/intakes/{intake_batch}/shares")
def share_intake(
    intake_batch: str,
    body: s.ShareIn,
    principal: Annotated[Principal, requires(P.COOPERATION_PERSON_MANAGE)],
    uow: UowDep,
) -> ShareCount:
    shared = person_shares.share_intake(uow, principal, intake_batch, body)
    return committed(uow, ShareCount(intake_batch=intake_batch, shared=shared))
