"""Requesters', reviewers' and receiving agencies' pages: requests, reviews, inbox, interventions."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jointdesk import identity, intel
from jointdesk.authz import Permission
from jointdesk.cooperation import dashboard, decisions, interventions, requests, responses, transport
from jointdesk.cooperation.decisions import ApprovalInput, OverrideInput, ReviewInput
from jointdesk.cooperation.documents import IDENTIFIER_KINDS
from jointdesk.cooperation.interventions import StepInput
from jointdesk.cooperation.responses import MessageInput, ResultInput
from jointdesk.cooperation.schemas import InterventionDraft
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.screening import load_ruleset
from jointdesk.screening.vocabulary import InterventionKind, RequestType
from jointdesk.web.cooperation_form import draft_from_form, prefill
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.intel import FormFields
from jointdesk.web.render import render

router = APIRouter(prefix="/cooperation")
P = Permission


def _page(request: Request, user: WebUser, template: str, context: Mapping[str, object]) -> Response:
    return render(request, template, dict(context), principal=user.principal, csrf_token=user.csrf_token)


def _see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _agencies(uow: Any, user: WebUser) -> dict[uuid.UUID, Any]:
    return {a.id: a for a in identity.list_agencies(uow, user.principal)}


@router.get("")
def home(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> Response:
    rows = requests.list_requests(uow, user.principal)
    context = {
        "outgoing": [r for r in rows if r.owner_agency_id == user.principal.agency_id],
        "incoming": [r for r in rows if r.receiving_agency_id == user.principal.agency_id],
        "agencies": _agencies(uow, user),
    }
    return committed(uow, _page(request, user, "cooperation/home.html", context))


@router.get("/requests/new")
def new_request(
    request: Request,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_DRAFT)],
    uow: UowDep,
    network_id: uuid.UUID | None = None,
) -> Response:
    """The request form; opened from a network it starts with the network's facts and mule accounts."""
    figures = intel.network_figures(uow, user.principal, network_id) if network_id else None
    payees = intel.network_payees(uow, user.principal, network_id) if network_id else []
    mules = [(i, IDENTIFIER_KINDS.get(t, "account"), v) for i, t, v in payees]
    ruleset = load_ruleset()
    context = {
        "values": prefill(
            uow.clock.now(), figures, mules, ruleset.config.payload_schema.get(RequestType.FREEZE, [])
        ),
        "types": list(RequestType),
        "agencies": [a for a in _agencies(uow, user).values() if a.id != user.principal.agency_id],
        "legal_bases": sorted({k for kinds in ruleset.config.legal_basis_allow_list.values() for k in kinds}),
        "purposes": sorted({p for codes in ruleset.config.purpose_allow_list.values() for p in codes}),
        "offences": list(ruleset.config.offences.ordinary),
        "destinations": [
            (e.authority_id, f"{e.name} ({e.country})") for e in ruleset.config.transfer_register
        ],
    }
    return committed(uow, _page(request, user, "cooperation/new.html", context))


@router.post("/requests")
def create_request(
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_DRAFT)], uow: UowDep, form: FormFields
) -> Response:
    """Create the draft and screen it at once; the page then shows every rule's outcome."""
    created = requests.create_request(uow, user.principal, draft_from_form(form))
    requests.screen_request(uow, user.principal, created.id)
    return committed(uow, _see(f"/cooperation/requests/{created.id}"))


@router.get("/requests/{request_id}")
def request_page(
    request: Request,
    request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
) -> Response:
    view = requests.get_request(uow, user.principal, request_id)
    context = {
        "r": view,
        "agencies": _agencies(uow, user),
        "mine": view.owner_agency_id == user.principal.agency_id,
    }
    return committed(uow, _page(request, user, "cooperation/request.html", context))


def _action(url: str) -> RedirectResponse:
    return _see(url)


@router.post("/requests/{request_id}/approve")
def approve(
    request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_APPROVE)],
    uow: UowDep,
    reasons: Annotated[str, Form()],
) -> Response:
    decisions.approve(uow, user.principal, request_id, validated(ApprovalInput, {"reasons": reasons}))
    return committed(uow, _action(f"/cooperation/requests/{request_id}"))


@router.post("/requests/{request_id}/send")
def send(
    request_id: uuid.UUID, user: Annotated[WebUser, requires(P.CROSS_BORDER_REQUEST_SEND)], uow: UowDep
) -> Response:
    transport.send(uow, user.principal, request_id)
    return committed(uow, _action(f"/cooperation/requests/{request_id}"))


@router.post("/requests/{request_id}/withdraw")
def withdraw(
    request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_DRAFT)],
    uow: UowDep,
    reason: Annotated[str, Form()],
) -> Response:
    responses.withdraw(uow, user.principal, request_id, reason=reason)
    return committed(uow, _action(f"/cooperation/requests/{request_id}"))


@router.post("/requests/{request_id}/renew-hold")
def renew_hold(
    request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_DRAFT)],
    uow: UowDep,
    reason: Annotated[str, Form()],
) -> Response:
    responses.renew_hold(uow, user.principal, request_id, reason=reason)
    return committed(uow, _action(f"/cooperation/requests/{request_id}"))


@router.post("/requests/{request_id}/messages")
def message(
    request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
    body: Annotated[str, Form()],
) -> Response:
    responses.post_message(uow, user.principal, request_id, validated(MessageInput, {"body": body}))
    return committed(uow, _action(f"/cooperation/requests/{request_id}#thread"))


@router.post("/requests/{request_id}/attachments")
async def attach(
    request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
    file: UploadFile,
) -> Response:
    data = await file.read(responses.MAX_ATTACHMENT + 1)
    responses.add_attachment(
        uow, user.principal, request_id, data=data, filename=file.filename or "upload",
        media_type=file.content_type or "application/octet-stream",
    )  # fmt: skip
    return committed(uow, _action(f"/cooperation/requests/{request_id}#attachments"))


@router.get("/requests/{request_id}/attachments/{attachment_id}")
def download(
    request_id: uuid.UUID,
    attachment_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)],
    uow: UowDep,
) -> Response:
    view, data = responses.download_attachment(uow, user.principal, request_id, attachment_id)
    headers = {"Content-Disposition": f'attachment; filename="{view.sha256[:16]}.bin"'}
    return committed(uow, Response(data, media_type="application/octet-stream", headers=headers))


@router.post("/inbox/{incoming_request_id}/acknowledge")
def acknowledge(
    incoming_request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_RESPOND)],
    uow: UowDep,
) -> Response:
    responses.acknowledge(uow, user.principal, incoming_request_id)
    return committed(uow, _action(f"/cooperation/requests/{incoming_request_id}"))


@router.post("/inbox/{incoming_request_id}/result")
def result(
    incoming_request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_RESPOND)],
    uow: UowDep,
    outcome: Annotated[str, Form()],
    result_text: Annotated[str, Form(alias="result")],
    amount_secured: Annotated[str, Form()] = "",
) -> Response:
    raw = {"outcome": outcome, "result": result_text, "amount_secured": amount_secured or None}
    responses.record_result(uow, user.principal, incoming_request_id, validated(ResultInput, raw))
    return committed(uow, _action(f"/cooperation/requests/{incoming_request_id}"))


@router.get("/reviews")
def review_queue(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_REVIEW)], uow: UowDep
) -> Response:
    rows = requests.review_queue(uow, user.principal)
    return committed(
        uow,
        _page(request, user, "cooperation/reviews.html", {"rows": rows, "agencies": _agencies(uow, user)}),
    )


@router.post("/reviews/{screened_request_id}/review")
def review(
    screened_request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_REVIEW)],
    uow: UowDep,
    form: FormFields,
) -> Response:
    raw = {
        "verdict": form.get("verdict", ""),
        "rule_keys": [k for k in form.get("rule_keys", "").split(",") if k.strip()],
        "reason_codes": [c for c in form.get("reason_codes", "").split(",") if c.strip()],
        "reasons": form.get("reasons", ""),
    }
    decisions.review(uow, user.principal, screened_request_id, validated(ReviewInput, raw))
    return committed(uow, _see("/cooperation/reviews"))


@router.post("/reviews/{screened_request_id}/override")
def override(
    screened_request_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_REVIEW)],
    uow: UowDep,
    form: FormFields,
) -> Response:
    raw = {
        "rule_keys": [k for k in form.get("rule_keys", "").split(",") if k.strip()],
        "reason_codes": [c for c in form.get("reason_codes", "").split(",") if c.strip()],
        "reasons": form.get("reasons", ""),
    }
    decisions.override(uow, user.principal, screened_request_id, validated(OverrideInput, raw))
    return committed(uow, _see("/cooperation/reviews"))


@router.get("/interventions")
def interventions_page(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_INTERVENTION_READ)], uow: UowDep
) -> Response:
    context = {"rows": interventions.list_interventions(uow, user.principal), "kinds": list(InterventionKind)}
    return committed(uow, _page(request, user, "cooperation/interventions.html", context))


@router.post("/interventions")
def draft_intervention(
    user: Annotated[WebUser, requires(P.COOPERATION_INTERVENTION_MANAGE)], uow: UowDep, form: FormFields
) -> Response:
    raw: dict[str, Any] = {k: v for k, v in form.items() if k != "csrf_token" and v.strip()}
    raw["holder_possibly_coerced"] = form.get("holder_possibly_coerced") == "on"
    created = interventions.draft(uow, user.principal, validated(InterventionDraft, raw))
    return committed(uow, _see(f"/cooperation/interventions/{created.id}"))


@router.get("/interventions/{intervention_id}")
def intervention_page(
    request: Request,
    intervention_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_INTERVENTION_READ)],
    uow: UowDep,
) -> Response:
    view = interventions.get_intervention(uow, user.principal, intervention_id)
    return committed(uow, _page(request, user, "cooperation/intervention.html", {"i": view}))


@router.post("/interventions/{intervention_id}/steps")
def intervention_step(
    intervention_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.COOPERATION_INTERVENTION_READ)],
    uow: UowDep,
    step: Annotated[str, Form()],
    result_text: Annotated[str, Form(alias="result")] = "",
    amount_secured: Annotated[str, Form()] = "",
) -> Response:
    raw = {
        "step": step,
        "result": result_text,
        "amount_secured": Decimal(amount_secured) if amount_secured else None,
    }
    interventions.advance(uow, user.principal, intervention_id, validated(StepInput, raw))
    return committed(uow, _see(f"/cooperation/interventions/{intervention_id}"))


@router.get("/dashboard")
def kpi_page(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_INTERVENTION_READ)], uow: UowDep
) -> Response:
    """Time-to-freeze and time-to-takedown, per partner and per type."""
    return committed(
        uow, _page(request, user, "cooperation/dashboard.html", {"kpis": dashboard.kpis(uow, user.principal)})
    )


@router.get("/registers")
def registers(
    request: Request, user: Annotated[WebUser, requires(P.COOPERATION_REQUEST_READ)], uow: UowDep
) -> Response:
    """The country risk and transfer registers the rule set uses, with sources and review dates."""
    config = load_ruleset().config
    context = {
        "today": uow.clock.now().date(),
        "risks": config.country_risk,
        "authorities": config.transfer_register,
        "version": config.version,
    }
    return committed(uow, _page(request, user, "cooperation/registers.html", context))
