"""Cross-border requests (screened before they leave), reviews, interventions and the dashboard."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Response, UploadFile, status
from pydantic import BaseModel, Field

from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal
from jointdesk.cooperation import dashboard, decisions, interventions, requests, responses, transport
from jointdesk.cooperation.dashboard import Kpi
from jointdesk.cooperation.decisions import ApprovalInput, OverrideInput, ReviewInput
from jointdesk.cooperation.interventions import StepInput
from jointdesk.cooperation.responses import MAX_ATTACHMENT, AttachmentView, MessageInput, ResultInput
from jointdesk.cooperation.schemas import (
    Amendment,
    InterventionDraft,
    InterventionView,
    RequestDraft,
    RequestView,
)
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.screening import load_ruleset

router = APIRouter(prefix="/cooperation", tags=["cooperation"])
P = Permission
RequestId = uuid.UUID


class Reason(BaseModel):
    reason: str = Field(min_length=10, max_length=4000)


@router.post("/requests", status_code=status.HTTP_201_CREATED)
def create_request(
    body: RequestDraft, principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_DRAFT)], uow: UowDep
) -> RequestView:
    """A draft; the document follows docs/screening.md (the platform fills authorities and persons)."""
    return committed(uow, requests.create_request(uow, principal, body))


@router.get("/requests")
def list_requests(
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> list[RequestView]:
    return committed(uow, requests.list_requests(uow, principal))


@router.get("/requests/{request_id}")
def get_request(
    request_id: RequestId, principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> RequestView:
    return committed(uow, requests.get_request(uow, principal, request_id))


@router.put("/requests/{request_id}/document")
def amend(
    request_id: RequestId,
    body: Amendment,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_DRAFT)],
    uow: UowDep,
) -> RequestView:
    """Amend before sending: the previous decision is void and the request is screened again."""
    return committed(uow, requests.amend(uow, principal, request_id, body))


@router.post("/requests/{request_id}/screen")
def screen(
    request_id: RequestId, principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_DRAFT)], uow: UowDep
) -> RequestView:
    return committed(uow, requests.screen_request(uow, principal, request_id))


@router.post("/requests/{request_id}/approve")
def approve(
    request_id: RequestId,
    body: ApprovalInput,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_APPROVE)],
    uow: UowDep,
) -> RequestView:
    return committed(uow, decisions.approve(uow, principal, request_id, body))


@router.post("/requests/{request_id}/send")
def send(
    request_id: RequestId, principal: Annotated[Principal, requires(P.CROSS_BORDER_REQUEST_SEND)], uow: UowDep
) -> RequestView:
    """Refused (409) without a screening decision, the rule-set hash, closed reviews and an approval."""
    return committed(uow, transport.send(uow, principal, request_id))


@router.post("/requests/{request_id}/withdraw")
def withdraw(
    request_id: RequestId,
    body: Reason,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_DRAFT)],
    uow: UowDep,
) -> RequestView:
    return committed(uow, responses.withdraw(uow, principal, request_id, reason=body.reason))


@router.post("/requests/{request_id}/renew-hold")
def renew_hold(
    request_id: RequestId,
    body: Reason,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_DRAFT)],
    uow: UowDep,
) -> RequestView:
    return committed(uow, responses.renew_hold(uow, principal, request_id, reason=body.reason))


@router.post("/requests/{request_id}/messages")
def post_message(
    request_id: RequestId,
    body: MessageInput,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
) -> RequestView:
    return committed(uow, responses.post_message(uow, principal, request_id, body))


@router.post("/requests/{request_id}/attachments", status_code=status.HTTP_201_CREATED)
async def add_attachment(
    request_id: RequestId,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
    file: UploadFile,
) -> AttachmentView:
    """A file for the other agency, stored once by SHA-256."""
    data = await file.read(MAX_ATTACHMENT + 1)
    view = responses.add_attachment(
        uow, principal, request_id, data=data, filename=file.filename or "upload",
        media_type=file.content_type or "application/octet-stream",
    )  # fmt: skip
    return committed(uow, view)


@router.get("/requests/{request_id}/attachments")
def list_attachments(
    request_id: RequestId, principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> list[AttachmentView]:
    return committed(uow, responses.list_attachments(uow, principal, request_id))


@router.get("/requests/{request_id}/attachments/{attachment_id}")
def download_attachment(
    request_id: RequestId,
    attachment_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
) -> Response:
    view, data = responses.download_attachment(uow, principal, request_id, attachment_id)
    headers = {
        "Content-Disposition": f'attachment; filename="{view.sha256[:16]}.bin"',
        "X-Content-SHA256": view.sha256,
    }
    return committed(uow, Response(data, media_type="application/octet-stream", headers=headers))


@router.post("/inbox/{incoming_request_id}/acknowledge")
def acknowledge(
    incoming_request_id: RequestId,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_RESPOND)],
    uow: UowDep,
) -> RequestView:
    """The receiving agency confirms receipt (starts its SLA clock)."""
    return committed(uow, responses.acknowledge(uow, principal, incoming_request_id))


@router.post("/inbox/{incoming_request_id}/result")
def record_result(
    incoming_request_id: RequestId,
    body: ResultInput,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_RESPOND)],
    uow: UowDep,
) -> RequestView:
    return committed(uow, responses.record_result(uow, principal, incoming_request_id, body))


@router.get("/reviews")
def review_queue(
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_REVIEW)], uow: UowDep
) -> list[RequestView]:
    """Requests of other agencies waiting for a rights review or an override."""
    return committed(uow, requests.review_queue(uow, principal))


@router.post("/reviews/{screened_request_id}/review")
def review(
    screened_request_id: RequestId,
    body: ReviewInput,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_REVIEW)],
    uow: UowDep,
) -> RequestView:
    return committed(uow, decisions.review(uow, principal, screened_request_id, body))


@router.post("/reviews/{screened_request_id}/override")
def override(
    screened_request_id: RequestId,
    body: OverrideInput,
    principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_REVIEW)],
    uow: UowDep,
) -> RequestView:
    """One of two signatures lifting non-absolute BLOCKs; the oversight body is notified."""
    return committed(uow, decisions.override(uow, principal, screened_request_id, body))


@router.post("/interventions", status_code=status.HTTP_201_CREATED)
def draft_intervention(
    body: InterventionDraft,
    principal: Annotated[Principal, requires(P.COOPERATION_INTERVENTION_MANAGE)],
    uow: UowDep,
) -> InterventionView:
    return committed(uow, interventions.draft(uow, principal, body))


@router.get("/interventions")
def list_interventions(
    principal: Annotated[Principal, requires(P.COOPERATION_INTERVENTION_READ)], uow: UowDep
) -> list[InterventionView]:
    return committed(uow, interventions.list_interventions(uow, principal))


@router.get("/interventions/{intervention_id}")
def get_intervention(
    intervention_id: uuid.UUID,
    principal: Annotated[Principal, requires(P.COOPERATION_INTERVENTION_READ)],
    uow: UowDep,
) -> InterventionView:
    return committed(uow, interventions.get_intervention(uow, principal, intervention_id))


@router.post("/interventions/{intervention_id}/steps")
def advance(
    intervention_id: uuid.UUID,
    body: StepInput,
    principal: Annotated[Principal, requires(P.COOPERATION_INTERVENTION_READ)],
    uow: UowDep,
) -> InterventionView:
    """send / acknowledge / execute / partly_execute / refuse / release, or clear_review (supervisor)."""
    return committed(uow, interventions.advance(uow, principal, intervention_id, body))


@router.get("/dashboard")
def kpis(
    principal: Annotated[Principal, requires(P.COOPERATION_INTERVENTION_READ)], uow: UowDep
) -> list[Kpi]:
    """Time-to-freeze, time-to-takedown and partner latency (p50/p90 minutes) per type and partner."""
    return committed(uow, dashboard.kpis(uow, principal))


@router.get("/registers")
def registers(principal: Annotated[Principal, requires(P.COOPERATION_REQUEST_READ)]) -> dict[str, Any]:
    """The rule set's country risk and transfer registers (sources, review dates) and its hash."""
    ruleset = load_ruleset()
    return {
        "ruleset_version": ruleset.version,
        "ruleset_hash": ruleset.hash,
        "country_risk": [c.model_dump(mode="json") for c in ruleset.config.country_risk],
        "transfer_register": [a.model_dump(mode="json") for a in ruleset.config.transfer_register],
    }
