"""System invariants INV-1..INV-4 (safeguards.md §2.3) as pure checks for the workflow layer.

The workflow keeps a :class:`ReviewState` per screening decision, folds reviewer actions into it with
:func:`record_review`, :func:`record_override` and :func:`record_approval` (each refuses an action the
rules of §2.1 do not allow), and calls :func:`assert_sendable` in the transport layer before anything
leaves. ``request.amended`` voids a decision: the document hash it was computed from must still match.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from jointdesk.kernel.errors import Conflict, Forbidden
from jointdesk.screening.document import ScreeningDocument
from jointdesk.screening.engine import ScreeningResult, screen
from jointdesk.screening.outcomes import Outcome, RuleResult
from jointdesk.screening.ruleset import RuleSet

HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class NotSendable(Conflict):
    """The transport layer must refuse the message; ``reasons`` are stable codes for the log."""

    code = "not_sendable"

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("not sendable: " + ", ".join(self.reasons), field="screening")


class ReviewActionRefused(Forbidden):
    code = "review_action_refused"


class ReplayMismatch(Conflict):
    code = "replay_mismatch"


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str = Field(min_length=1)
    agency_id: str = Field(min_length=1)
    unit_id: str = Field(min_length=1)


class RequestingChain(BaseModel):
    """The requester, the unit and everyone above them who asked for or approved the request."""

    model_config = ConfigDict(frozen=True)

    agency_id: str
    unit_id: str
    member_ids: frozenset[str]

    def contains(self, actor: Actor) -> bool:
        return actor.user_id in self.member_ids or actor.unit_id == self.unit_id

    def same_unit(self, actor: Actor) -> bool:
        return actor.unit_id == self.unit_id and actor.agency_id == self.agency_id


class ReviewVerdict(StrEnum):
    APPROVE = "approve"
    ESCALATE_TO_BLOCK = "escalate_to_block"


class ReviewDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    reviewer: Actor
    verdict: ReviewVerdict
    rule_keys: tuple[str, ...] = Field(min_length=1)
    reason_codes: tuple[str, ...] = Field(min_length=1)


class Override(BaseModel):
    """Lifts named non-absolute BLOCKs; two approvers outside the chain; oversight notified (§2.1)."""

    model_config = ConfigDict(frozen=True)

    approvers: tuple[Actor, Actor]
    rule_keys: tuple[str, ...] = Field(min_length=1)
    reason_codes: tuple[str, ...] = Field(min_length=1)
    oversight_notification_id: str = Field(min_length=1)


class HumanDecision(BaseModel):
    """INV-2: the recorded human approval to send, with reasons; PASS alone is never approval."""

    model_config = ConfigDict(frozen=True)

    decided_by: Actor
    reasons: str = Field(min_length=1)


class ReviewState(BaseModel):
    model_config = ConfigDict(frozen=True)

    chain: RequestingChain
    reviews: tuple[ReviewDecision, ...] = ()
    overrides: tuple[Override, ...] = ()
    approval: HumanDecision | None = None


def _by_key(result: ScreeningResult) -> dict[str, RuleResult]:
    return {r.key: r for r in result.per_rule}


def record_review(state: ReviewState, result: ScreeningResult, decision: ReviewDecision) -> ReviewState:
    """A rights reviewer not in the requesting unit decides REVIEW items (approve or escalate)."""
    if state.chain.same_unit(decision.reviewer) or decision.reviewer.user_id in state.chain.member_ids:
        raise ReviewActionRefused("the reviewer belongs to the requesting unit or chain", field="reviewer")
    results = _by_key(result)
    for key in decision.rule_keys:
        if key not in results or results[key].outcome is not Outcome.REVIEW:
            raise ReviewActionRefused(f"{key} is not a REVIEW item of this decision", field="rule_keys")
    return state.model_copy(update={"reviews": (*state.reviews, decision)})


def record_override(state: ReviewState, result: ScreeningResult, override: Override) -> ReviewState:
    """Two distinct reviewers outside the requesting chain lift named overridable BLOCKs."""
    first, second = override.approvers
    if first.user_id == second.user_id:
        raise ReviewActionRefused("an override needs two different reviewers", field="approvers")
    if state.chain.contains(first) or state.chain.contains(second):
        raise ReviewActionRefused(
            "override approvers must be outside the requesting chain", field="approvers"
        )
    blocking = _escalated_keys(state) | {r.key for r in result.per_rule if r.outcome is Outcome.BLOCK}
    results = _by_key(result)
    for key in override.rule_keys:
        if key not in blocking:
            raise ReviewActionRefused(f"{key} is not a BLOCK of this decision", field="rule_keys")
        if key in results and results[key].outcome is Outcome.BLOCK and not results[key].overridable:
            why = "absolute" if results[key].absolute else "caused by missing input (amend instead)"
            raise ReviewActionRefused(f"{key} cannot be overridden: {why}", field="rule_keys")
    return state.model_copy(update={"overrides": (*state.overrides, override)})


def record_approval(state: ReviewState, decision: HumanDecision) -> ReviewState:
    if not decision.reasons.strip():
        raise ReviewActionRefused("an approval needs its reasons", field="reasons")
    return state.model_copy(update={"approval": decision})


def _escalated_keys(state: ReviewState) -> set[str]:
    return {key for d in state.reviews if d.verdict is ReviewVerdict.ESCALATE_TO_BLOCK for key in d.rule_keys}


def _approved_keys(state: ReviewState) -> set[str]:
    return {key for d in state.reviews if d.verdict is ReviewVerdict.APPROVE for key in d.rule_keys}


def _lifted_keys(state: ReviewState) -> set[str]:
    return {key for o in state.overrides for key in o.rule_keys}


def unresolved(result: ScreeningResult, state: ReviewState) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(standing BLOCK keys, REVIEW keys not yet approved); an escalation makes a REVIEW a BLOCK."""
    lifted = _lifted_keys(state)
    escalated = _escalated_keys(state)
    blocks = [
        r.key
        for r in result.per_rule
        if r.outcome is Outcome.BLOCK and (r.absolute or not r.overridable or r.key not in lifted)
    ]
    blocks += sorted(k for k in escalated if k not in lifted)
    approved = _approved_keys(state)
    reviews = [
        r.key
        for r in result.per_rule
        if r.outcome is Outcome.REVIEW and r.key not in approved and r.key not in escalated
    ]
    return tuple(blocks), tuple(reviews)


def assert_sendable(
    decision_id: str | None,
    ruleset_hash: str | None,
    result: ScreeningResult,
    review_state: ReviewState,
    *,
    current_document_hash: str,
) -> None:
    """INV-1 and INV-2 at the transport layer: raise :class:`NotSendable` unless everything holds."""
    reasons: list[str] = []
    if not decision_id:
        reasons.append("no_screening_decision_id")
    if not ruleset_hash or not HASH_PATTERN.match(ruleset_hash):
        reasons.append("no_ruleset_hash")
    elif ruleset_hash != result.ruleset_hash:
        reasons.append("ruleset_hash_mismatch")
    if current_document_hash != result.document_hash:
        reasons.append("decision_stale_after_amendment")
    blocks, reviews = unresolved(result, review_state)
    if result.aggregate.absolute:
        reasons.append("absolute_block")
    if blocks:
        reasons.append("unresolved_block")
    if reviews:
        reasons.append("review_incomplete")
    if review_state.approval is None:
        reasons.append("no_human_decision")
    if reasons:
        raise NotSendable(dict.fromkeys(reasons))


def assert_published(ruleset_hash: str, published_hashes: Collection[str]) -> None:
    """INV-3: a rule set may be used only after ``ruleset.published`` logged its hash."""
    if ruleset_hash not in published_hashes:
        raise NotSendable(["ruleset_not_published"])


def assert_replays(document: ScreeningDocument, ruleset: RuleSet, logged: ScreeningResult) -> ScreeningResult:
    """INV-4: re-screen with the logged time and rule set; the per-rule outcomes must be identical."""
    if ruleset.hash != logged.ruleset_hash:
        raise ReplayMismatch("the rule set given is not the one the decision used", field="ruleset")
    again = screen(document, ruleset, logged.screened_at)
    if again.model_dump(mode="json") != logged.model_dump(mode="json"):
        raise ReplayMismatch("replaying the decision gave different outcomes", field="per_rule")
    return again
