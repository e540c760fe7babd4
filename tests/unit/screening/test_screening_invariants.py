"""INV-1..INV-3 checks, reviewer and override rules (§2.1), and a property over action sequences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointdesk.screening import (
    Actor,
    HumanDecision,
    NotSendable,
    Outcome,
    Override,
    RequestingChain,
    ReviewActionRefused,
    ReviewDecision,
    ReviewState,
    ReviewVerdict,
    RuleResult,
    ScreeningResult,
    assert_published,
    assert_sendable,
    record_approval,
    record_override,
    record_review,
)
from jointdesk.screening.outcomes import aggregate, review_requirements
from unit.screening.screening_support import mutate, run

CHAIN = RequestingChain(agency_id="demo-cn", unit_id="cn-unit-3", member_ids=frozenset({"requester", "boss"}))
REQUESTER = Actor(user_id="requester", agency_id="demo-cn", unit_id="cn-unit-3")
BOSS = Actor(user_id="boss", agency_id="demo-cn", unit_id="cn-unit-1")
COLLEAGUE = Actor(user_id="colleague", agency_id="demo-cn", unit_id="cn-unit-3")
REVIEWER_A = Actor(user_id="rev-a", agency_id="demo-ca", unit_id="ca-rights")
REVIEWER_B = Actor(user_id="rev-b", agency_id="demo-ca", unit_id="ca-rights")
ACTORS = [REQUESTER, BOSS, COLLEAGUE, REVIEWER_A, REVIEWER_B]
APPROVAL = HumanDecision(decided_by=BOSS, reasons="Proportionate; funds at risk of dissipation.")


def state() -> ReviewState:
    return ReviewState(chain=CHAIN)


def sendable(result: ScreeningResult, review: ReviewState, *, decision_id: str | None = "D-1") -> None:
    assert_sendable(
        decision_id, result.ruleset_hash, result, review, current_document_hash=result.document_hash
    )


def test_a_pass_still_needs_a_recorded_human_decision() -> None:
    result = run(mutate("ok_freeze_mule_account", []))
    with pytest.raises(NotSendable) as refused:
        sendable(result, state())
    assert refused.value.reasons == ("no_human_decision",)
    sendable(result, record_approval(state(), APPROVAL))


def test_inv_1_refuses_without_decision_id_or_ruleset_hash() -> None:
    result = run(mutate("ok_freeze_mule_account", []))
    approved = record_approval(state(), APPROVAL)
    with pytest.raises(NotSendable, match="no_screening_decision_id"):
        sendable(result, approved, decision_id=None)
    for bad in (None, "", "abc", "0" * 64):
        with pytest.raises(NotSendable, match="ruleset_hash"):
            assert_sendable("D-1", bad, result, approved, current_document_hash=result.document_hash)


def test_an_amended_document_voids_the_decision() -> None:
    result = run(mutate("ok_freeze_mule_account", []))
    amended = run(mutate("ok_freeze_mule_account", [("freeze.amount", 40000)]))
    with pytest.raises(NotSendable, match="decision_stale_after_amendment"):
        assert_sendable(
            "D-1",
            result.ruleset_hash,
            result,
            record_approval(state(), APPROVAL),
            current_document_hash=amended.document_hash,
        )


def test_inv_3_ruleset_must_be_published_before_use() -> None:
    result = run(mutate("ok_freeze_mule_account", []))
    assert_published(result.ruleset_hash, {result.ruleset_hash})
    with pytest.raises(NotSendable, match="ruleset_not_published"):
        assert_published(result.ruleset_hash, set())


def test_review_needs_a_reviewer_outside_the_requesting_unit() -> None:
    result = run(mutate("base_extradition", []))
    keys = result.review_requirements.review_keys
    assert keys == ("TRF-03@p1", "TRF-05@p1")
    for insider in (REQUESTER, COLLEAGUE, BOSS):
        with pytest.raises(ReviewActionRefused):
            record_review(
                state(),
                result,
                ReviewDecision(
                    reviewer=insider, verdict=ReviewVerdict.APPROVE, rule_keys=keys, reason_codes=("ok",)
                ),
            )
    reviewed = record_review(
        state(),
        result,
        ReviewDecision(
            reviewer=REVIEWER_A, verdict=ReviewVerdict.APPROVE, rule_keys=keys, reason_codes=("assessed",)
        ),
    )
    with pytest.raises(NotSendable, match="no_human_decision"):
        sendable(result, reviewed)
    sendable(result, record_approval(reviewed, APPROVAL))


def test_escalation_turns_a_review_into_a_block() -> None:
    result = run(mutate("base_extradition", []))
    keys = result.review_requirements.review_keys
    review = record_review(
        state(),
        result,
        ReviewDecision(
            reviewer=REVIEWER_A, verdict=ReviewVerdict.APPROVE, rule_keys=keys, reason_codes=("ok",)
        ),
    )
    review = record_review(
        review,
        result,
        ReviewDecision(
            reviewer=REVIEWER_B,
            verdict=ReviewVerdict.ESCALATE_TO_BLOCK,
            rule_keys=keys[:1],
            reason_codes=("risk",),
        ),
    )
    with pytest.raises(NotSendable, match="unresolved_block"):
        sendable(result, record_approval(review, APPROVAL))


def test_override_rules() -> None:
    result = run(mutate("ok_freeze_mule_account", [("freeze.double_criminality", False)]))
    assert result.review_requirements.overridable_block_keys == ("FRZ-01",)
    ok = Override(
        approvers=(REVIEWER_A, REVIEWER_B),
        rule_keys=("FRZ-01",),
        reason_codes=("judicial_check",),
        oversight_notification_id="OB-1",
    )
    with pytest.raises(ReviewActionRefused, match="two different"):
        record_override(state(), result, ok.model_copy(update={"approvers": (REVIEWER_A, REVIEWER_A)}))
    with pytest.raises(ReviewActionRefused, match="outside the requesting chain"):
        record_override(state(), result, ok.model_copy(update={"approvers": (REVIEWER_A, BOSS)}))
    with pytest.raises(ReviewActionRefused, match="not a BLOCK"):
        record_override(state(), result, ok.model_copy(update={"rule_keys": ("GEN-01",)}))
    approved = record_approval(state(), APPROVAL)
    with pytest.raises(NotSendable, match="unresolved_block"):
        sendable(result, approved)
    sendable(result, record_override(approved, result, ok))


@pytest.mark.parametrize(
    ("name", "changes", "key", "why"),
    [
        ("abuse_pressure_on_relatives", [], "LOC-02", "absolute"),
        ("ok_freeze_mule_account", [("freeze.order_ref", None)], "FRZ-01", "missing input"),
    ],
)
def test_absolute_and_missing_input_blocks_cannot_be_overridden(
    name: str, changes: list[tuple[str, object]], key: str, why: str
) -> None:
    result = run(mutate(name, changes))
    override = Override(
        approvers=(REVIEWER_A, REVIEWER_B),
        rule_keys=(key,),
        reason_codes=("x",),
        oversight_notification_id="OB-1",
    )
    with pytest.raises(ReviewActionRefused, match=why):
        record_override(state(), result, override)


# --- property: no sequence of actions sends while a BLOCK stands or a REVIEW is open ---------------

KEYS = ["A-01", "B-01", "C-01", "D-01"]
result_items = st.tuples(
    st.sampled_from([Outcome.PASS, Outcome.WARN, Outcome.REVIEW, Outcome.BLOCK]), st.booleans(), st.booleans()
)


def synthetic_result(items: list[tuple[Outcome, bool, bool]]) -> ScreeningResult:
    base = run(mutate("ok_subscriber_information", []))
    per_rule = tuple(
        RuleResult(
            rule_id=key,
            outcome=outcome,
            absolute=outcome is Outcome.BLOCK and absolute,
            overridable=outcome is Outcome.BLOCK and not absolute and not missing,
            reason_codes=(),
            missing_inputs=("x",) if missing else (),
            explanation="e",
            inputs_used=("i",),
        )
        for key, (outcome, absolute, missing) in zip(KEYS, items, strict=False)
    )
    return base.model_copy(
        update={
            "per_rule": per_rule,
            "aggregate": aggregate(per_rule),
            "review_requirements": review_requirements(per_rule),
        }
    )


actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("review"),
            st.sampled_from(ACTORS),
            st.sampled_from(list(ReviewVerdict)),
            st.lists(st.sampled_from(KEYS), min_size=1, max_size=3),
        ),
        st.tuples(
            st.just("override"),
            st.sampled_from(ACTORS),
            st.sampled_from(ACTORS),
            st.lists(st.sampled_from(KEYS), min_size=1, max_size=3),
        ),
        st.tuples(st.just("approve"), st.sampled_from(ACTORS), st.just(ReviewVerdict.APPROVE), st.just(KEYS)),
    ),
    max_size=8,
)


def outsider(actor: Actor) -> bool:
    return actor.unit_id != CHAIN.unit_id and actor.user_id not in CHAIN.member_ids


def oracle(result: ScreeningResult, accepted: list[tuple[object, ...]]) -> bool:
    """Independent statement of §2.1: every BLOCK lifted by a valid override, every REVIEW approved by an
    outsider and not escalated (unless the escalation was overridden), and a human approval."""
    by_key = {r.rule_id: r for r in result.per_rule}
    lifted: set[str] = set()
    approved: set[str] = set()
    escalated: set[str] = set()
    human = False
    for kind, first, second, keys in accepted:
        assert isinstance(keys, list)
        if kind == "approve":
            human = True
        elif kind == "review" and isinstance(first, Actor) and outsider(first):
            (approved if second is ReviewVerdict.APPROVE else escalated).update(keys)
        elif kind == "override" and isinstance(first, Actor) and isinstance(second, Actor):
            valid = first.user_id != second.user_id and outsider(first) and outsider(second)
            lifted.update(keys if valid else [])
    for key, item in by_key.items():
        if item.outcome is Outcome.BLOCK and (item.absolute or not item.overridable or key not in lifted):
            return False
        if item.outcome is Outcome.REVIEW and (key not in approved or key in escalated) and key not in lifted:
            return False
    return human


def apply(review: ReviewState, result: ScreeningResult, action: tuple[object, ...]) -> ReviewState:
    kind, first, second, keys = action
    assert isinstance(first, Actor) and isinstance(keys, list)
    if kind == "review":
        assert isinstance(second, ReviewVerdict)
        return record_review(
            review,
            result,
            ReviewDecision(reviewer=first, verdict=second, rule_keys=tuple(keys), reason_codes=("r",)),
        )
    if kind == "override":
        assert isinstance(second, Actor)
        return record_override(
            review,
            result,
            Override(
                approvers=(first, second),
                rule_keys=tuple(keys),
                reason_codes=("r",),
                oversight_notification_id="OB",
            ),
        )
    return record_approval(review, HumanDecision(decided_by=first, reasons="because"))


@settings(max_examples=300, deadline=None)
@given(items=st.lists(result_items, min_size=1, max_size=4), steps=actions)
def test_no_action_sequence_sends_past_a_block_or_an_open_review(
    items: list[tuple[Outcome, bool, bool]], steps: list[tuple[object, ...]]
) -> None:
    result = synthetic_result(items)
    review = state()
    accepted: list[tuple[object, ...]] = []
    for step in steps:
        try:
            review = apply(review, result, step)
        except ReviewActionRefused:
            continue
        accepted.append(step)
    try:
        sendable(result, review)
        sent = True
    except NotSendable:
        sent = False
    assert sent == oracle(result, accepted)
    if sent:
        assert not result.aggregate.absolute
        assert all(r.outcome is not Outcome.BLOCK or r.overridable for r in result.per_rule)
