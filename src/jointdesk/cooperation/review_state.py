"""Rebuild the pure ``ReviewState`` of a screening from the stored human decisions."""

from __future__ import annotations

from collections import defaultdict

from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.models import CoopDecision, CoopRequest, CoopScreening
from jointdesk.db.uow import UnitOfWork
from jointdesk.screening import (
    Actor,
    HumanDecision,
    Override,
    RequestingChain,
    ReviewDecision,
    ReviewState,
    ReviewVerdict,
    ScreeningResult,
)


def result_of(row: CoopScreening) -> ScreeningResult:
    return ScreeningResult.model_validate(row.result)


def chain_of(request: CoopRequest) -> RequestingChain:
    """The requesting unit is the requesting agency; its members are whoever drafted it."""
    members = {str(request.created_by)} if request.created_by else set()
    return RequestingChain(
        agency_id=str(request.owner_agency_id),
        unit_id=str(request.owner_agency_id),
        member_ids=frozenset(members),
    )


def actor_of(row: CoopDecision) -> Actor:
    return Actor(user_id=str(row.actor_id), agency_id=str(row.actor_agency_id), unit_id=row.actor_unit)


def state_of(uow: UnitOfWork, request: CoopRequest, screening: CoopScreening) -> ReviewState:
    rows = repo.decisions(uow, request.id, screening.id)
    reviews = tuple(
        ReviewDecision(
            reviewer=actor_of(r),
            verdict=ReviewVerdict(r.verdict),
            rule_keys=tuple(r.rule_keys),
            reason_codes=tuple(r.reason_codes),
        )
        for r in rows
        if r.kind == "review"
    )
    approval = next((r for r in reversed(rows) if r.kind == "approval"), None)
    return ReviewState(
        chain=chain_of(request),
        reviews=reviews,
        overrides=overrides_of(rows),
        approval=HumanDecision(decided_by=actor_of(approval), reasons=approval.reasons) if approval else None,
    )


def overrides_of(rows: list[CoopDecision]) -> tuple[Override, ...]:
    """Two override signatures on the same rule keys make one override."""
    pending: defaultdict[tuple[str, ...], list[CoopDecision]] = defaultdict(list)
    found: list[Override] = []
    for row in rows:
        if row.kind != "override":
            continue
        key = tuple(sorted(row.rule_keys))
        pending[key].append(row)
        signers = {r.actor_id for r in pending[key]}
        if len(signers) >= 2:
            first, second = (
                pending[key][0],
                next(r for r in pending[key] if r.actor_id != pending[key][0].actor_id),
            )
            found.append(
                Override(
                    approvers=(actor_of(first), actor_of(second)),
                    rule_keys=key,
                    reason_codes=tuple(dict.fromkeys(first.reason_codes + second.reason_codes)),
                    oversight_notification_id=second.oversight_notice or "missing",
                )
            )
            pending[key] = []
    return tuple(found)
