"""Human decisions on a screening: rights reviews, overrides of non-absolute BLOCKs, the approval.

A REVIEW is decided by a rights reviewer of another agency (the reviewer pool); an overridable BLOCK
is lifted only by two such reviewers and the oversight body is notified; an absolute BLOCK is never
lifted. The approval to send is always a recorded human decision with reasons (INV-2).
"""

from __future__ import annotations

import secrets
import uuid
from typing import Literal

from pydantic import BaseModel, Field

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.events import CoopEvent
from jointdesk.cooperation.models import CoopDecision, CoopRequest, CoopScreening
from jointdesk.cooperation.requests import next_status, transition, view
from jointdesk.cooperation.review_state import actor_of, chain_of, result_of, state_of
from jointdesk.cooperation.schemas import RequestView, Status
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Forbidden, InvalidInput, InvalidTransition
from jointdesk.kernel.ids import new_id
from jointdesk.screening import (
    Actor,
    HumanDecision,
    Override,
    ReviewDecision,
    ReviewState,
    ReviewVerdict,
    ScreeningResult,
    record_approval,
    record_override,
    record_review,
    unresolved,
)


class ReviewInput(BaseModel):
    verdict: ReviewVerdict
    rule_keys: list[str] = Field(min_length=1, max_length=100)
    reason_codes: list[str] = Field(min_length=1, max_length=20)
    reasons: str = Field(min_length=10, max_length=4000)


class OverrideInput(BaseModel):
    rule_keys: list[str] = Field(min_length=1, max_length=100)
    reason_codes: list[str] = Field(min_length=1, max_length=20)
    reasons: str = Field(min_length=10, max_length=4000)


class ApprovalInput(BaseModel):
    reasons: str = Field(min_length=10, max_length=4000)


def _actor(principal: Principal) -> Actor:
    if principal.user_id is None or principal.agency_id is None:
        raise Forbidden("a decision is taken by a named person")
    return Actor(
        user_id=str(principal.user_id), agency_id=str(principal.agency_id), unit_id=str(principal.agency_id)
    )


def _current(uow: UnitOfWork, request: CoopRequest) -> CoopScreening:
    screening = repo.screening(uow, request.screening_id)
    if screening is None:
        raise InvalidTransition("the request has not been screened")
    return screening


def review(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, decision: ReviewInput
) -> RequestView:
    """A rights reviewer outside the requesting unit approves REVIEW items or escalates them to BLOCK."""
    ensure(principal, Permission.COOPERATION_REQUEST_REVIEW)
    request = repo.reviewable_request(uow, principal, request_id)
    screening = _current(uow, request)
    result, state = result_of(screening), state_of(uow, request, screening)
    pure = ReviewDecision(
        reviewer=_actor(principal),
        verdict=decision.verdict,
        rule_keys=tuple(decision.rule_keys),
        reason_codes=tuple(decision.reason_codes),
    )
    state = record_review(state, result, pure)
    _store(uow, principal, request, screening, "review", decision.verdict.value, decision.rule_keys,
           decision.reason_codes, decision.reasons)  # fmt: skip
    transition(uow, principal, request, next_status(result, [], state), f"review: {decision.verdict.value}")
    audit.record(
        uow, principal, CoopEvent.REVIEW_DECIDED, target=("coop_request", str(request.id)),
        fields={"verdict": decision.verdict.value, "rules": list(decision.rule_keys)},
        private={"reasons": decision.reasons},
    )  # fmt: skip
    return view(uow, request, requester=False)


def override(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, decision: OverrideInput
) -> RequestView:
    """One of the two signatures an override needs; the second lifts the BLOCKs and notifies oversight."""
    ensure(principal, Permission.COOPERATION_REQUEST_REVIEW)
    request = repo.reviewable_request(uow, principal, request_id)
    screening = _current(uow, request)
    result, state = result_of(screening), state_of(uow, request, screening)
    actor = _actor(principal)
    if chain_of(request).contains(actor):
        raise Forbidden("override approvers must be outside the requesting chain")
    first = _first_signature(repo.decisions(uow, request.id, screening.id), actor, decision.rule_keys)
    notice = None
    if first is not None:
        notice = "OVS-" + secrets.token_hex(6).upper()
        completed = Override(
            approvers=(actor_of(first), actor),
            rule_keys=tuple(sorted(decision.rule_keys)),
            reason_codes=tuple(dict.fromkeys([*first.reason_codes, *decision.reason_codes])),
            oversight_notification_id=notice,
        )
        record_override(state, result, completed)
    else:
        _check_overridable(result, state, decision.rule_keys)
    _store(uow, principal, request, screening, "override", "lift", decision.rule_keys, decision.reason_codes,
           decision.reasons, notice=notice)  # fmt: skip
    state = state_of(uow, request, screening)
    transition(
        uow,
        principal,
        request,
        next_status(result, [], state),
        "override signed" + (" (lifted)" if notice else ""),
    )
    audit.record(
        uow, principal, CoopEvent.OVERRIDE_RECORDED, target=("coop_request", str(request.id)),
        fields={"rules": list(decision.rule_keys), "complete": notice is not None},
        private={"reasons": decision.reasons},
    )  # fmt: skip
    if notice:
        audit.record(uow, principal, CoopEvent.OVERSIGHT_NOTIFIED, target=("coop_request", str(request.id)),
                     fields={"notice": notice, "rules": list(decision.rule_keys)})  # fmt: skip
    return view(uow, request, requester=False)


def _first_signature(rows: list[CoopDecision], actor: Actor, keys: list[str]) -> CoopDecision | None:
    """The waiting first signature on the same rules, if any (the second must be another person)."""
    signatures = [r for r in rows if r.kind == "override" and sorted(r.rule_keys) == sorted(keys)]
    if len(signatures) % 2 == 0:
        return None
    if str(signatures[-1].actor_id) == actor.user_id:
        raise Forbidden("an override needs a second, different reviewer")
    return signatures[-1]


def _check_overridable(result: ScreeningResult, state: ReviewState, keys: list[str]) -> None:
    """The first signature is refused early when the BLOCK could never be lifted."""
    probe = Override(
        approvers=(
            Actor(user_id="probe-a", agency_id="probe", unit_id="probe"),
            Actor(user_id="probe-b", agency_id="probe", unit_id="probe"),
        ),
        rule_keys=tuple(keys),
        reason_codes=("probe",),
        oversight_notification_id="probe",
    )
    record_override(state, result, probe)


def approve(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, decision: ApprovalInput
) -> RequestView:
    """INV-2: the recorded human decision to send; only when nothing is open."""
    request = repo.visible_request(uow, principal, request_id)
    ensure(principal, Permission.COOPERATION_REQUEST_APPROVE, request)
    if request.status != Status.SCREENED:
        raise InvalidTransition(
            f"only a screened request with nothing open can be approved (it is {request.status})"
        )
    screening = _current(uow, request)
    result, state = result_of(screening), state_of(uow, request, screening)
    blocks, reviews = unresolved(result, state)
    if blocks or reviews or result.aggregate.absolute:
        raise InvalidTransition("a BLOCK or REVIEW is still open")
    record_approval(state, HumanDecision(decided_by=_actor(principal), reasons=decision.reasons))
    row = _store(
        uow, principal, request, screening, "approval", "approve", [], ["approved"], decision.reasons
    )
    request.approval_id = row.id
    transition(uow, principal, request, Status.APPROVED, "approved by a person")
    audit.record(uow, principal, CoopEvent.REQUEST_APPROVED, target=("coop_request", str(request.id)),
                 private={"reasons": decision.reasons})  # fmt: skip
    return view(uow, request)


def _store(
    uow: UnitOfWork,
    principal: Principal,
    request: CoopRequest,
    screening: CoopScreening,
    kind: Literal["review", "override", "approval"],
    verdict: str,
    rule_keys: list[str],
    reason_codes: list[str],
    reasons: str,
    *,
    notice: str | None = None,
) -> CoopDecision:
    if len(reasons.strip()) < 10:
        raise InvalidInput("give the reasons (at least 10 characters)", field="reasons")
    row = CoopDecision(
        id=new_id(),
        request_id=request.id,
        screening_id=screening.id,
        kind=kind,
        verdict=verdict,
        actor_id=principal.user_id,
        actor_agency_id=principal.agency_id,
        actor_unit=str(principal.agency_id),
        rule_keys=list(rule_keys),
        reason_codes=list(reason_codes),
        reasons=reasons.strip(),
        oversight_notice=notice,
        at=uow.clock.now(),
    )
    uow.session.add(row)
    uow.session.flush()
    return row
