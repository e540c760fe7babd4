"""Domestic interventions (operations.md §5): stop-payment/freeze, block number, terminate SIM,
takedown, disable account, crypto issuer freeze, warn victim — screened before they go out
(GEN-01, GEN-08, GEN-11, FRZ-01 for freezes, TIP-01 when a person is affected), then timed:
time-to-freeze = executed − reported is the headline figure of the dashboard."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation import rulesets
from jointdesk.cooperation.documents import IDENTIFIER_KINDS
from jointdesk.cooperation.events import CoopEvent
from jointdesk.cooperation.models import Intervention
from jointdesk.cooperation.schemas import InterventionDraft, InterventionView
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as intel_repo
from jointdesk.kernel.errors import InvalidInput, InvalidTransition
from jointdesk.kernel.ids import new_id
from jointdesk.screening import Outcome, ScreeningDocument, screen
from jointdesk.screening.vocabulary import FREEZE_INTERVENTIONS


class Step(StrEnum):
    SEND = "send"
    ACKNOWLEDGE = "acknowledge"
    EXECUTE = "execute"
    PARTLY = "partly_execute"
    REFUSE = "refuse"
    RELEASE = "release"
    CLEAR = "clear_review"


NEXT = {
    Step.CLEAR: ({"held"}, "screened"),
    Step.SEND: ({"screened"}, "sent"),
    Step.ACKNOWLEDGE: ({"sent"}, "acknowledged"),
    Step.EXECUTE: ({"sent", "acknowledged"}, "executed"),
    Step.PARTLY: ({"sent", "acknowledged"}, "partly_executed"),
    Step.REFUSE: ({"sent", "acknowledged"}, "refused"),
    Step.RELEASE: ({"executed", "partly_executed"}, "released"),
}


PURPOSES = {"stop_payment": "asset_freeze_for_confiscation", "crypto_freeze": "asset_freeze_for_confiscation",
            "warn_victim": "victim_warning"}  # fmt: skip


class StepInput(BaseModel):
    step: Step
    result: str = Field(default="", max_length=4000)
    amount_secured: Decimal | None = Field(default=None, ge=0)


def draft(uow: UnitOfWork, principal: Principal, cmd: InterventionDraft) -> InterventionView:
    """Record the action and screen it; a BLOCK or REVIEW keeps it from being sent."""
    ensure(principal, Permission.COOPERATION_INTERVENTION_MANAGE)
    if principal.agency_id is None:
        raise InvalidInput("an intervention belongs to an agency", field="agency")
    target, reported_at, transfer_at = _target(uow, principal, cmd)
    now = uow.clock.now()
    row = Intervention(
        id=new_id(),
        ref=f"INT-{now:%Y}-{secrets.token_hex(4).upper()}",
        owner_agency_id=principal.agency_id,
        kind=cmd.kind.value,
        status="draft",
        target_identifier_id=cmd.target_identifier_id,
        target=target,
        partner=cmd.partner,
        legal_basis=cmd.legal_basis,
        report_id=cmd.report_id,
        affected_person_id=cmd.affected_person_id,
        amount_requested=cmd.amount_requested,
        currency=cmd.currency,
        reported_at=reported_at or now,
        transfer_at=transfer_at,
        drafted_at=now,
        expires_at=now + timedelta(days=cmd.hold_days) if cmd.hold_days else None,
        renewals=0,
        created_by=principal.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    _screen(uow, principal, row, cmd)
    audit.record(uow, principal, CoopEvent.INTERVENTION_DRAFTED, target=("coop_intervention", str(row.id)),
                 fields={"kind": row.kind, "screening": row.status})  # fmt: skip
    return view(row)


def _target(uow: UnitOfWork, principal: Principal, cmd: InterventionDraft) -> tuple[str, Any, Any]:
    """The target's display value, and from the linked report when it was reported and paid."""
    target = cmd.target
    if cmd.target_identifier_id is not None:
        found = intel_repo.identifiers_by_id(uow, [cmd.target_identifier_id]).get(cmd.target_identifier_id)
        if found is None:
            raise InvalidInput("no such identifier", field="target_identifier_id")
        target = f"{found.id_type}:{found.display or found.canonical}"
    if not target:
        raise InvalidInput("name the target (identifier or value)", field="target")
    if cmd.report_id is None:
        return target, None, None
    report = intel_repo.visible_report(uow, principal, cmd.report_id)
    return target, report.received_at, report.last_transfer_at


def _screen(uow: UnitOfWork, principal: Principal, row: Intervention, cmd: InterventionDraft) -> None:
    ruleset = rulesets.current(uow, principal)
    document = ScreeningDocument.model_validate(_document(uow, row, cmd))
    result = screen(document, ruleset, uow.clock.now())
    row.screening = result.requester_view().model_dump(mode="json")
    row.status = "screened" if result.aggregate.outcome <= Outcome.WARN else "held"
    uow.session.flush()


def _document(uow: UnitOfWork, row: Intervention, cmd: InterventionDraft) -> dict[str, Any]:
    agency = repo.agency(uow, row.owner_agency_id)
    authority = {"authority_id": str(agency.id), "name": agency.name, "country": agency.country}
    doc: dict[str, Any] = {
        "request_id": row.ref,
        "request_type": "domestic_intervention",
        "requesting": authority,
        "receiving": authority,
        "legal_basis": {"kind": "domestic_statute", "reference": cmd.legal_basis},
        "purpose_code": PURPOSES.get(cmd.kind.value, "harm_prevention"),
        "case_ref": row.ref,
        "markings": {"handling_codes": ["H0", "H2"], "tlp": "AMBER+STRICT", "onward_transfer_consent": False},
        "offences": [
            {
                "code": cmd.offence_code,
                "statute_ref": cmd.statute_ref,
                "max_penalty_years": cmd.max_penalty_years,
            }
        ],
        "intervention": {"kind": cmd.kind.value},
        "identifiers": [{"kind": _kind(row.target), "value": row.target.split(":", 1)[-1]}],
    }
    if cmd.kind in FREEZE_INTERVENTIONS:
        amount = float(cmd.amount_requested) if cmd.amount_requested else None
        doc["freeze"] = {
            "order_ref": cmd.order_ref,
            "order_authority": cmd.order_authority,
            "amount": amount,
            "suspected_proceeds": amount,
            "holder": {"kind": cmd.holder_kind, "possible_victim_or_mule": cmd.holder_possibly_coerced},
            "currency": cmd.currency,
            "expiry": row.expires_at.isoformat() if row.expires_at else None,
            "confirmation_deadline": row.expires_at.isoformat() if row.expires_at else None,
        }
    return doc


def _kind(target: str) -> str:
    return IDENTIFIER_KINDS.get(target.split(":", 1)[0], "account")


def advance(
    uow: UnitOfWork, principal: Principal, intervention_id: uuid.UUID, change: StepInput
) -> InterventionView:
    """Move an intervention on; every step is timestamped for time-to-freeze."""
    row = repo.visible_intervention(uow, principal, intervention_id)
    if change.step is Step.CLEAR:
        _check_clearance(principal, row, change)
    else:
        ensure(principal, Permission.COOPERATION_INTERVENTION_MANAGE, row)
    allowed, target = NEXT[change.step]
    if row.status not in allowed:
        raise InvalidTransition(f"cannot {change.step.value} a {row.status} intervention")
    now = uow.clock.now()
    stamp = {"sent": "sent_at", "acknowledged": "acknowledged_at", "executed": "executed_at",
             "partly_executed": "executed_at", "released": "released_at"}.get(target)  # fmt: skip
    if stamp:
        setattr(row, stamp, now)
    if target in ("executed", "partly_executed", "refused"):
        row.acknowledged_at = row.acknowledged_at or now
        row.result, row.amount_secured = change.result or target, change.amount_secured
    row.status = target
    uow.session.flush()
    audit.record(uow, principal, CoopEvent.INTERVENTION_CHANGED, target=("coop_intervention", str(row.id)),
                 fields={"kind": row.kind, "status": target})  # fmt: skip
    return view(row)


def _check_clearance(principal: Principal, row: Intervention, change: StepInput) -> None:
    """A REVIEW is cleared by a supervisor with reasons; a BLOCK never (draft a corrected one)."""
    ensure(principal, Permission.COOPERATION_REQUEST_APPROVE, row)
    if (row.screening or {}).get("aggregate", {}).get("outcome") != Outcome.REVIEW.name:
        raise InvalidTransition("only a REVIEW can be cleared; a BLOCK needs a corrected intervention")
    if len(change.result.strip()) < 10:
        raise InvalidInput("give the reasons for clearing (at least 10 characters)", field="result")


def list_interventions(uow: UnitOfWork, principal: Principal) -> list[InterventionView]:
    ensure_readable(principal, Permission.COOPERATION_INTERVENTION_READ)
    return [view(r) for r in repo.visible_interventions(uow, principal)]


def get_intervention(uow: UnitOfWork, principal: Principal, intervention_id: uuid.UUID) -> InterventionView:
    ensure_readable(principal, Permission.COOPERATION_INTERVENTION_READ)
    return view(repo.visible_intervention(uow, principal, intervention_id))


def view(row: Intervention) -> InterventionView:
    minutes = None
    if row.executed_at and row.reported_at:
        minutes = round((row.executed_at - row.reported_at).total_seconds() / 60, 1)
    return InterventionView(
        id=row.id, ref=row.ref, kind=row.kind, status=row.status, target=row.target, partner=row.partner,
        legal_basis=row.legal_basis, report_id=row.report_id, amount_requested=row.amount_requested,
        amount_secured=row.amount_secured, currency=row.currency, result=row.result, screening=row.screening,
        reported_at=row.reported_at, transfer_at=row.transfer_at, drafted_at=row.drafted_at,
        sent_at=row.sent_at, acknowledged_at=row.acknowledged_at, executed_at=row.executed_at,
        expires_at=row.expires_at, minutes_to_freeze=minutes,
    )  # fmt: skip
