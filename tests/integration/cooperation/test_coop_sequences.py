"""Property: whatever people do, and in whatever order, nothing is sent while a BLOCK stands, a
REVIEW is open or no person approved it; interventions are screened and timed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integration.cooperation.coop_support import Cast, cast, freeze_document
from jointdesk.cooperation import decisions, interventions, requests, transport
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.decisions import ApprovalInput, OverrideInput, ReviewInput
from jointdesk.cooperation.interventions import Step, StepInput
from jointdesk.cooperation.review_state import result_of, state_of
from jointdesk.cooperation.schemas import Amendment, InterventionDraft, RequestDraft
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.errors import DomainError
from jointdesk.screening import ReviewVerdict, unresolved

DOCUMENTS = {
    "pass": freeze_document(),
    "review": freeze_document(freeze__holder__possible_victim_or_mule=True),
    "block": freeze_document(freeze__double_criminality=False),
    "absolute": freeze_document(
        facts__narrative="Pay now or we cancel the pension of his parents in the village."
    ),
}
ACTIONS = st.lists(
    st.sampled_from(
        ["review_a", "escalate_a", "override_a", "override_b", "approve", "send", "amend_pass", "amend_block"]
    ),
    max_size=10,
)


def _try(uow_factory: UnitOfWorkFactory, action: Any, *args: Any) -> bool:
    with uow_factory() as uow:
        try:
            action(uow, *args)
        except DomainError:
            return False
        uow.commit()
    return True


def _act(uow_factory: UnitOfWorkFactory, c: Cast, name: str, request_id: Any) -> bool:
    keys = ["FRZ-01"]
    review = ReviewInput(
        verdict=ReviewVerdict.APPROVE, rule_keys=keys, reason_codes=["ok"], reasons="checked it all"
    )
    steps = {
        "review_a": (decisions.review, c.reviewer_a.principal, request_id, review),
        "escalate_a": (
            decisions.review, c.reviewer_a.principal, request_id,
            review.model_copy(update={"verdict": ReviewVerdict.ESCALATE_TO_BLOCK}),
        ),
        "override_a": (decisions.override, c.reviewer_a.principal, request_id,
                       OverrideInput(rule_keys=keys, reason_codes=["ok"], reasons="dual law confirmed")),
        "override_b": (decisions.override, c.reviewer_b.principal, request_id,
                       OverrideInput(rule_keys=keys, reason_codes=["ok"], reasons="dual law confirmed")),
        "approve": (decisions.approve, c.supervisor.principal, request_id, ApprovalInput(reasons="proportionate")),
        "send": (transport.send, c.liaison.principal, request_id),
        "amend_pass": (requests.amend, c.liaison.principal, request_id, Amendment(document=DOCUMENTS["pass"])),
        "amend_block": (requests.amend, c.liaison.principal, request_id, Amendment(document=DOCUMENTS["block"])),
    }  # fmt: skip
    action, *args = steps[name]
    return _try(uow_factory, action, *args)


def _sendable_now(uow_factory: UnitOfWorkFactory, c: Cast, request_id: Any) -> bool:
    with uow_factory() as uow:
        request = repo.visible_request(uow, c.liaison.principal, request_id)
        screening = repo.screening(uow, request.screening_id)
        if screening is None or request.approval_id is None:
            return False
        result = result_of(screening)
        blocks, reviews = unresolved(result, state_of(uow, request, screening))
        return not blocks and not reviews and not result.aggregate.absolute


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(sorted(DOCUMENTS)), actions=ACTIONS)
def test_nothing_is_sent_with_an_open_block_or_review_or_without_approval(
    uow_factory: UnitOfWorkFactory, start: str, actions: list[str]
) -> None:
    c = cast_once(uow_factory)
    draft = RequestDraft(request_type="freeze", receiving_agency_id=c.th, document=DOCUMENTS[start])
    with uow_factory() as uow:
        created = requests.create_request(uow, c.liaison.principal, draft)
        requests.screen_request(uow, c.liaison.principal, created.id)
        uow.commit()
    for name in actions:
        allowed_before = _sendable_now(uow_factory, c, created.id)
        sent = _act(uow_factory, c, name, created.id)
        if name == "send" and sent:
            assert allowed_before, "sent although a BLOCK, an open REVIEW or no approval stood"
            return


_CASTS: dict[int, Cast] = {}


def cast_once(uow_factory: UnitOfWorkFactory) -> Cast:
    """One cast per database (hypothesis reuses the function-scoped fixture across examples)."""
    key = id(uow_factory)
    if key not in _CASTS:
        _CASTS[key] = cast(uow_factory)
    return _CASTS[key]


def test_intervention_is_screened_and_timed(uow_factory: UnitOfWorkFactory) -> None:
    from datetime import timedelta

    from jointdesk.cooperation import dashboard

    c = cast(uow_factory)
    base = {
        "partner": "Bank of Example",
        "legal_basis": "Anti-Telecom Fraud Law art. 19",
        "target": "bank_account:CN:62220202",
    }
    held_cmd = InterventionDraft(kind="stop_payment", amount_requested=Decimal("5000"), currency="CNY", hold_days=7,
                                 holder_possibly_coerced=True, order_ref="ORD-9", **base)  # fmt: skip
    with uow_factory() as uow:
        held = interventions.draft(uow, c.liaison.principal, held_cmd)
        ok = interventions.draft(
            uow, c.liaison.principal, held_cmd.model_copy(update={"holder_possibly_coerced": False})
        )
        uow.commit()
    assert held.status == "held" and ok.status == "screened", ok.screening
    assert not _try(
        uow_factory, interventions.advance, c.liaison.principal, held.id, StepInput(step=Step.SEND)
    )
    assert not _try(uow_factory, interventions.advance, c.liaison.principal, held.id,
                    StepInput(step=Step.CLEAR, result="holder is a known mule, not coerced"))  # fmt: skip
    assert _try(uow_factory, interventions.advance, c.supervisor.principal, held.id,
                StepInput(step=Step.CLEAR, result="holder is a known mule, not coerced"))  # fmt: skip
    for step in (Step.SEND, Step.ACKNOWLEDGE):
        assert _try(uow_factory, interventions.advance, c.liaison.principal, ok.id, StepInput(step=step))
    uow_factory.clock.advance(timedelta(minutes=18))  # type: ignore[attr-defined]
    done = StepInput(step=Step.EXECUTE, result="held at the bank", amount_secured=Decimal("4200"))
    assert _try(uow_factory, interventions.advance, c.liaison.principal, ok.id, done)
    with uow_factory() as uow:
        view = interventions.get_intervention(uow, c.liaison.principal, ok.id)
        kpi = {(k.group, k.metric): k for k in dashboard.kpis(uow, c.liaison.principal)}
    assert view.minutes_to_freeze == 18.0
    assert kpi[("kind:stop_payment", "time_to_freeze")].p50_minutes == 18.0
