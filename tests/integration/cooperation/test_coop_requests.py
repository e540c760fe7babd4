"""A freeze request from draft to execution, reviews, overrides, amendments and the INV-1 gate."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from integration.cooperation.coop_support import Cast, cast, freeze_document
from jointdesk.audit.models import AuditEvent
from jointdesk.authz import Principal
from jointdesk.cooperation import dashboard, decisions, requests, responses, transport
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.decisions import ApprovalInput, OverrideInput, ReviewInput
from jointdesk.cooperation.models import RulesetPublication
from jointdesk.cooperation.responses import Outcome, ResultInput
from jointdesk.cooperation.schemas import Amendment, RequestDraft, RequestView
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.errors import Forbidden, InvalidInput, InvalidTransition, NotFound
from jointdesk.screening import NotSendable, ReviewActionRefused, ReviewVerdict


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> Cast:
    return cast(uow_factory)


def _do(uow_factory: UnitOfWorkFactory, action: Any, *args: Any) -> RequestView:
    with uow_factory() as uow:
        result = action(uow, *args)
        uow.commit()
    return result  # type: ignore[no-any-return]


def _draft(uow_factory: UnitOfWorkFactory, c: Cast, document: dict[str, Any]) -> RequestView:
    draft = RequestDraft(
        request_type="freeze", receiving_agency_id=c.th, document=document,
        amount_requested=Decimal("48000"), currency="USD",
    )  # fmt: skip
    created = _do(uow_factory, requests.create_request, c.liaison.principal, draft)
    return _do(uow_factory, requests.screen_request, c.liaison.principal, created.id)


def _approve(uow_factory: UnitOfWorkFactory, c: Cast, request_id: uuid.UUID) -> RequestView:
    reasons = ApprovalInput(reasons="proportionate: live proceeds of 12 victims")
    return _do(uow_factory, decisions.approve, c.supervisor.principal, request_id, reasons)


def test_freeze_goes_from_draft_to_executed_and_time_to_freeze_is_measured(
    uow_factory: UnitOfWorkFactory, people: Cast, clock: FixedClock
) -> None:
    c = people
    screened = _draft(uow_factory, c, freeze_document())
    assert screened.status == "screened", screened.screening
    assert screened.screening and screened.screening.aggregate == "PASS"
    with pytest.raises(InvalidTransition):  # PASS is never approval
        _do(uow_factory, transport.send, c.liaison.principal, screened.id)
    approved = _approve(uow_factory, c, screened.id)
    assert approved.status == "approved"
    with uow_factory() as uow, pytest.raises(NotFound):  # the partner sees nothing before sending
        requests.get_request(uow, c.th_liaison.principal, screened.id)
    sent = _do(uow_factory, transport.send, c.liaison.principal, screened.id)
    assert sent.status == "sent" and sent.hold_expires_at == sent.sent_at + timedelta(days=7)  # type: ignore[operator]
    clock.advance(timedelta(minutes=35))
    _do(uow_factory, responses.acknowledge, c.th_liaison.principal, screened.id)
    done = ResultInput(outcome=Outcome.EXECUTED, result="account frozen", amount_secured=Decimal("31000"))
    executed = _do(uow_factory, responses.record_result, c.th_liaison.principal, screened.id, done)
    assert executed.status == "executed" and executed.amount_secured == Decimal("31000")
    with uow_factory() as uow:
        figures = {(k.group, k.metric): k for k in dashboard.kpis(uow, c.liaison.principal)}
        events = uow.session.scalars(select(AuditEvent.event_type).order_by(AuditEvent.seq)).all()
        published = uow.session.scalars(select(RulesetPublication.ruleset_hash)).all()
    kpi = figures[("partner:TH Cyber Crime Bureau", "time_to_freeze")]
    assert kpi.n == 1 and kpi.p50_minutes == 35.0 and kpi.secured == {"USD": Decimal("31000")}
    assert [e for e in events if e.startswith(("ruleset", "request", "screening"))] == [
        "request.drafted", "ruleset.published", "screening.run", "request.approved", "request.sent",
        "request.acknowledged", "request.executed",
    ]  # fmt: skip
    assert published == [screened.screening.ruleset_hash]


def test_review_needs_a_reviewer_of_another_agency(uow_factory: UnitOfWorkFactory, people: Cast) -> None:
    c = people
    held = _draft(uow_factory, c, freeze_document(freeze__holder__possible_victim_or_mule=True))
    assert held.status == "review" and held.screening and held.screening.open_reviews == ["FRZ-01"]
    decision = ReviewInput(
        verdict=ReviewVerdict.APPROVE, rule_keys=["FRZ-01"], reason_codes=["tip_checked"],
        reasons="holder screened by the NGO service: no trafficking indicators",
    )  # fmt: skip
    with pytest.raises(NotFound):  # the requesting agency's own reviewer is not independent
        _do(uow_factory, decisions.review, c.cn_reviewer.principal, held.id, decision)
    with pytest.raises(Forbidden):
        _do(uow_factory, decisions.review, c.liaison.principal, held.id, decision)
    with pytest.raises(InvalidTransition):
        _approve(uow_factory, c, held.id)
    reviewed = _do(uow_factory, decisions.review, c.reviewer_a.principal, held.id, decision)
    assert reviewed.status == "screened"
    assert _approve(uow_factory, c, held.id).status == "approved"
    assert _do(uow_factory, transport.send, c.liaison.principal, held.id).status == "sent"


def test_overridable_block_needs_two_outside_reviewers_and_notifies_oversight(
    uow_factory: UnitOfWorkFactory, people: Cast
) -> None:
    c = people
    blocked = _draft(uow_factory, c, freeze_document(freeze__double_criminality=False))
    assert blocked.status == "blocked" and blocked.screening and blocked.screening.open_blocks == ["FRZ-01"]
    sign = OverrideInput(
        rule_keys=["FRZ-01"], reason_codes=["judicial_check"], reasons="court confirmed dual law"
    )
    first = _do(uow_factory, decisions.override, c.reviewer_a.principal, blocked.id, sign)
    assert first.status == "blocked"
    with pytest.raises(Forbidden, match="second, different"):
        _do(uow_factory, decisions.override, c.reviewer_a.principal, blocked.id, sign)
    lifted = _do(uow_factory, decisions.override, c.reviewer_b.principal, blocked.id, sign)
    assert lifted.status == "screened"
    with uow_factory() as uow:
        assert "oversight.notified" in uow.session.scalars(select(AuditEvent.event_type)).all()


def test_absolute_block_can_never_be_overridden(uow_factory: UnitOfWorkFactory, people: Cast) -> None:
    c = people
    document = freeze_document(
        facts__narrative="Transfer the funds. If not, we will cancel the pension of his parents."
    )
    blocked = _draft(uow_factory, c, document)
    assert blocked.status == "blocked" and blocked.screening and blocked.screening.absolute
    keys = blocked.screening.open_blocks
    sign = OverrideInput(rule_keys=keys, reason_codes=["urgent"], reasons="we really need the money back")
    with pytest.raises(ReviewActionRefused, match="cannot be overridden"):
        _do(uow_factory, decisions.override, c.reviewer_a.principal, blocked.id, sign)


def test_amendment_voids_the_decision_and_the_gate_refuses_a_stale_one(
    uow_factory: UnitOfWorkFactory, people: Cast
) -> None:
    c = people
    screened = _draft(uow_factory, c, freeze_document())
    _approve(uow_factory, c, screened.id)
    amended = _do(uow_factory, requests.amend, c.liaison.principal, screened.id,
                  Amendment(document=freeze_document(freeze__amount=50000, freeze__suspected_proceeds=50000)))  # fmt: skip
    assert (
        amended.status == "screened" and amended.screening and amended.screening.id != screened.screening.id
    )  # type: ignore[union-attr]
    with pytest.raises(InvalidTransition):
        _do(uow_factory, transport.send, c.liaison.principal, screened.id)
    with uow_factory() as uow:  # even called directly, the transport gate refuses without a decision
        request = repo.visible_request(uow, c.liaison.principal, screened.id)
        with pytest.raises(NotSendable, match="no_human_decision"):
            transport.gate(uow, request)


def test_bad_documents_and_wrong_parties_are_refused(uow_factory: UnitOfWorkFactory, people: Cast) -> None:
    c = people
    with pytest.raises(InvalidInput, match=r"document\.offences"):
        _draft(uow_factory, c, freeze_document(offences="fraud"))
    draft = RequestDraft(request_type="freeze", receiving_agency_id=c.cn, document=freeze_document())
    with pytest.raises(InvalidInput, match="another agency"):
        _do(uow_factory, requests.create_request, c.liaison.principal, draft)
    screened = _draft(uow_factory, c, freeze_document())
    _approve(uow_factory, c, screened.id)
    _do(uow_factory, transport.send, c.liaison.principal, screened.id)
    with pytest.raises(Forbidden, match="receiving agency"):
        _do(uow_factory, responses.acknowledge, c.liaison.principal, screened.id)


def test_holds_expire_and_deadlines_remind(
    uow_factory: UnitOfWorkFactory, people: Cast, clock: FixedClock
) -> None:
    c = people
    screened = _draft(uow_factory, c, freeze_document())
    _approve(uow_factory, c, screened.id)
    _do(uow_factory, transport.send, c.liaison.principal, screened.id)
    system = Principal.system("test")
    clock.advance(timedelta(days=6, hours=13))
    with uow_factory() as uow:
        assert responses.run_deadlines(uow, system) == {"expired": 0, "reminded": 1}
        assert responses.run_deadlines(uow, system) == {"expired": 0, "reminded": 0}
        uow.commit()
    renewed = _do(
        uow_factory,
        lambda uow, p, r: responses.renew_hold(uow, p, r, reason="court order pending"),
        c.liaison.principal,
        screened.id,
    )
    assert renewed.renewals == 1
    clock.advance(timedelta(days=8))
    with uow_factory() as uow:
        assert responses.run_deadlines(uow, system)["expired"] == 1
        uow.commit()
    with uow_factory() as uow:
        assert requests.get_request(uow, c.liaison.principal, screened.id).status == "expired"


def test_attachments_are_shared_only_between_the_two_agencies(
    uow_factory: UnitOfWorkFactory, people: Cast
) -> None:
    from jointdesk.cooperation import responses

    c = people
    screened = _draft(uow_factory, c, freeze_document())
    with uow_factory() as uow:
        added = responses.add_attachment(
            uow,
            c.liaison.principal,
            screened.id,
            data=b"statement",
            filename="s.txt",
            media_type="text/plain",
        )
        uow.commit()
    with uow_factory() as uow, pytest.raises(NotFound):  # not sent yet: the partner sees nothing
        responses.list_attachments(uow, c.th_liaison.principal, screened.id)
    _approve(uow_factory, c, screened.id)
    _do(uow_factory, transport.send, c.liaison.principal, screened.id)
    with uow_factory() as uow:
        view, data = responses.download_attachment(uow, c.th_liaison.principal, screened.id, added.id)
        with pytest.raises(InvalidInput, match="1 byte to 25 MB"):
            responses.add_attachment(
                uow, c.th_liaison.principal, screened.id, data=b"", filename="e", media_type="x"
            )
    assert data == b"statement" and view.sha256 == added.sha256
