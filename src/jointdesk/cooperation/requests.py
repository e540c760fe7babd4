"""Drafting, amending and screening cross-border requests; the request read model.

Lifecycle: draft → (screen) → review | blocked | screened → approved (a recorded human decision) →
sent (transport, INV-1) → acknowledged → executed | partly_executed | refused; withdrawn any time
before a result; an amendment voids the screening and screens again.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.cooperation import documents, rulesets
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.events import CoopEvent
from jointdesk.cooperation.models import CoopRequest, CoopScreening, CoopTransition
from jointdesk.cooperation.review_state import result_of, state_of
from jointdesk.cooperation.schemas import (
    Amendment,
    DecisionView,
    MessageView,
    RequestDraft,
    RequestView,
    RuleView,
    ScreeningView,
    Status,
    TransitionView,
)
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import InvalidInput, InvalidTransition
from jointdesk.kernel.ids import new_id
from jointdesk.screening import Outcome, ScreeningResult, screen, unresolved

EDITABLE = frozenset({Status.DRAFT, Status.SCREENED, Status.REVIEW, Status.BLOCKED, Status.APPROVED})
DEFAULT_DUE = {"urgent": timedelta(hours=24), "priority": timedelta(days=3), "routine": timedelta(days=30)}


def create_request(uow: UnitOfWork, principal: Principal, draft: RequestDraft) -> RequestView:
    """A new draft; the document is checked against the screening schema at once."""
    ensure(principal, Permission.COOPERATION_REQUEST_DRAFT)
    if principal.agency_id is None or principal.agency_id == draft.receiving_agency_id:
        raise InvalidInput("a request goes to another agency", field="receiving_agency_id")
    repo.agency(uow, draft.receiving_agency_id)
    now = uow.clock.now()
    request = CoopRequest(
        id=new_id(),
        ref=f"REQ-{repo.agency(uow, principal.agency_id).country}-{now:%Y}-{secrets.token_hex(4).upper()}",
        owner_agency_id=principal.agency_id,
        tlp="AMBER+STRICT",
        request_type=draft.request_type.value,
        status=Status.DRAFT.value,
        receiving_agency_id=draft.receiving_agency_id,
        urgency="routine",
        renewals=0,
        created_by=principal.user_id,
        created_at=now,
        updated_at=now,
        batch_id=draft.batch_id,
    )
    _apply(request, draft.document, draft.person_ids, draft.person_records)
    request.report_ids = [str(r) for r in draft.report_ids]
    request.identifier_ids = [str(i) for i in draft.identifier_ids]
    request.network_ids = [str(n) for n in draft.network_ids]
    request.amount_requested, request.currency = draft.amount_requested, draft.currency
    request.due_at = draft.due_at or now + DEFAULT_DUE.get(request.urgency, DEFAULT_DUE["routine"])
    uow.session.add(request)
    uow.session.flush()
    documents.assemble(uow, request)  # refuse an invalid document now, naming the field
    _transition(uow, principal, request, Status.DRAFT, "drafted")
    audit.record(
        uow, principal, CoopEvent.REQUEST_DRAFTED, target=("coop_request", str(request.id)),
        fields={"type": request.request_type},
    )  # fmt: skip
    return view(uow, request)


def _apply(
    request: CoopRequest,
    document: dict[str, Any],
    person_ids: list[uuid.UUID],
    person_records: dict[str, dict[str, Any]],
) -> None:
    request.document = {**document, "person_records": dict(person_records)}
    request.person_ids = [str(p) for p in person_ids]
    urgency = document.get("urgency") if isinstance(document.get("urgency"), dict) else {}
    request.urgency = str((urgency or {}).get("level") or "routine")


def amend(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, change: Amendment) -> RequestView:
    """Change the document before it is sent: the previous decision is void; screen again."""
    request = repo.visible_request(uow, principal, request_id)
    ensure(principal, Permission.COOPERATION_REQUEST_DRAFT, request)
    if Status(request.status) not in EDITABLE:
        raise InvalidTransition(f"a {request.status} request can no longer be amended")
    ids = change.person_ids if change.person_ids is not None else [uuid.UUID(p) for p in request.person_ids]
    records = (
        change.person_records
        if change.person_records is not None
        else request.document.get("person_records", {})
    )
    _apply(request, change.document, ids, records)
    documents.assemble(uow, request)
    request.screening_id, request.approval_id = None, None
    _transition(uow, principal, request, Status.DRAFT, "amended: previous decision void")
    audit.record(uow, principal, CoopEvent.REQUEST_AMENDED, target=("coop_request", str(request.id)))
    return screen_request(uow, principal, request.id)


def screen_request(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> RequestView:
    """Run the published rule set on the exact document; the outcome decides the next status."""
    request = repo.visible_request(uow, principal, request_id)
    ensure(principal, Permission.COOPERATION_REQUEST_DRAFT, request)
    if Status(request.status) not in EDITABLE:
        raise InvalidTransition(f"a {request.status} request is not screened again")
    ruleset = rulesets.current(uow, principal)
    document = documents.assemble(uow, request)
    result = screen(document, ruleset, uow.clock.now())
    row = _store_screening(uow, principal, request, result, document.model_dump(mode="json"))
    request.screening_id, request.approval_id = row.id, None
    request.document_hash = result.document_hash
    _transition(
        uow, principal, request, next_status(result, []), f"screened: {result.aggregate.outcome.name}"
    )
    audit.record(
        uow, principal, CoopEvent.SCREENING_RUN, target=("coop_request", str(request.id)),
        fields={
            "aggregate": result.aggregate.outcome.name, "absolute": result.aggregate.absolute,
            "ruleset": result.ruleset_hash, "missing": len(result.missing_inputs),
        },
    )  # fmt: skip
    return view(uow, request)


def _store_screening(
    uow: UnitOfWork,
    principal: Principal,
    request: CoopRequest,
    result: ScreeningResult,
    document: dict[str, Any],
) -> CoopScreening:
    row = CoopScreening(
        id=new_id(),
        request_id=request.id,
        ruleset_version=result.ruleset_version,
        ruleset_hash=result.ruleset_hash,
        document_hash=result.document_hash,
        aggregate=result.aggregate.outcome.name,
        absolute=result.aggregate.absolute,
        result=result.model_dump(mode="json"),
        document=document,
        screened_at=result.screened_at,
        screened_by=principal.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def next_status(result: ScreeningResult, decisions: list[Any], state: Any = None) -> Status:
    """Blocked while any BLOCK stands, in review while any REVIEW is open, else screened."""
    if state is None:
        blocks = [r.key for r in result.per_rule if r.outcome is Outcome.BLOCK]
        reviews = [r.key for r in result.per_rule if r.outcome is Outcome.REVIEW]
    else:
        blocks, reviews = (list(x) for x in unresolved(result, state))
    if blocks:
        return Status.BLOCKED
    if reviews:
        return Status.REVIEW
    return Status.SCREENED


def _transition(uow: UnitOfWork, principal: Principal, request: CoopRequest, to: Status, note: str) -> None:
    now = uow.clock.now()
    uow.session.add(
        CoopTransition(
            id=new_id(),
            request_id=request.id,
            from_status=request.status,
            to_status=to.value,
            actor_id=principal.user_id,
            agency_id=principal.agency_id,
            note=note[:2000],
            at=now,
        )
    )
    request.status, request.updated_at = to.value, now
    uow.session.flush()


transition = _transition


def get_request(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> RequestView:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    return view(uow, repo.visible_request(uow, principal, request_id), requester=_is_requester(principal))


def review_queue(uow: UnitOfWork, principal: Principal) -> list[RequestView]:
    """Requests of other agencies waiting for a rights review or an override (the reviewer pool)."""
    ensure_readable(principal, Permission.COOPERATION_REQUEST_REVIEW)
    return [view(uow, r, requester=False) for r in repo.review_queue(uow, principal)]


def list_requests(uow: UnitOfWork, principal: Principal) -> list[RequestView]:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    return [view(uow, r, full=False) for r in repo.visible_requests(uow, principal)]


def _is_requester(principal: Principal) -> bool:
    return Permission.COOPERATION_REQUEST_REVIEW not in principal.permissions


def view(uow: UnitOfWork, request: CoopRequest, *, full: bool = True, requester: bool = True) -> RequestView:
    screening = repo.screening(uow, request.screening_id) if full else None
    return RequestView(
        id=request.id,
        ref=request.ref,
        request_type=request.request_type,
        status=request.status,
        owner_agency_id=request.owner_agency_id,
        receiving_agency_id=request.receiving_agency_id,
        urgency=request.urgency,
        document={k: v for k, v in request.document.items() if k != "person_records"},
        person_ids=list(request.person_ids),
        report_ids=list(request.report_ids),
        identifier_ids=list(request.identifier_ids),
        network_ids=list(request.network_ids),
        due_at=request.due_at,
        hold_expires_at=request.hold_expires_at,
        renewals=request.renewals,
        amount_requested=request.amount_requested,
        amount_secured=request.amount_secured,
        currency=request.currency,
        result=request.result,
        created_at=request.created_at,
        sent_at=request.sent_at,
        acknowledged_at=request.acknowledged_at,
        executed_at=request.executed_at,
        screening=_screening_view(uow, request, screening, requester) if screening else None,
        decisions=[_decision_view(d) for d in repo.decisions(uow, request.id)] if full else [],
        messages=[
            MessageView(agency_id=m.agency_id, body=m.body, at=m.at) for m in repo.messages(uow, request.id)
        ]
        if full
        else [],
        timeline=[
            TransitionView(from_status=t.from_status, to_status=t.to_status, note=t.note, at=t.at)
            for t in repo.transitions(uow, request.id)
        ]
        if full
        else [],
    )


def _screening_view(
    uow: UnitOfWork, request: CoopRequest, row: CoopScreening, requester: bool
) -> ScreeningView:
    result = result_of(row)
    blocks, reviews = unresolved(result, state_of(uow, request, row))
    shown = result.requester_view() if requester else result
    return ScreeningView(
        id=row.id,
        aggregate=row.aggregate,
        absolute=row.absolute,
        ruleset_version=row.ruleset_version,
        ruleset_hash=row.ruleset_hash,
        document_hash=row.document_hash,
        screened_at=row.screened_at,
        rules=[
            RuleView(
                key=r.key,
                rule_id=r.rule_id,
                outcome=r.outcome.name,
                absolute=r.absolute,
                overridable=r.overridable,
                explanation=r.explanation,
                missing_inputs=list(r.missing_inputs),
                person_ref=r.person_ref,
            )
            for r in shown.per_rule
        ],
        open_blocks=list(blocks),
        open_reviews=list(reviews),
    )


def _decision_view(row: Any) -> DecisionView:
    return DecisionView(
        kind=row.kind,
        verdict=row.verdict,
        actor_agency_id=row.actor_agency_id,
        reasons=row.reasons,
        rule_keys=list(row.rule_keys),
        at=row.at,
    )
