"""Cooperation objects for the authorisation matrix: requests in the state each route acts on."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from integration.cooperation.coop_support import freeze_document
from jointdesk.authz import Principal, Role
from jointdesk.cooperation import decisions, interventions, requests, transport
from jointdesk.cooperation.decisions import ApprovalInput
from jointdesk.cooperation.schemas import InterventionDraft, RequestDraft
from jointdesk.db import UnitOfWorkFactory
from support import make_agency, make_user

PASSING = freeze_document()
NEEDS_REVIEW = freeze_document(freeze__holder__possible_victim_or_mule=True)
OVERRIDABLE = freeze_document(freeze__double_criminality=False)
TO_HOME = freeze_document(retention__destination_authority_id="demo-kh")  # the home unit is in KH


def _run(uow_factory: UnitOfWorkFactory, action: Any, *args: Any) -> Any:
    with uow_factory() as uow:
        result = action(uow, *args)
        uow.commit()
    return result


def request(
    uow_factory: UnitOfWorkFactory,
    owner: uuid.UUID,
    receiver: uuid.UUID,
    *,
    document: dict[str, Any],
    until: str,
) -> uuid.UUID:
    """A freeze request of ``owner`` to ``receiver`` taken to ``until`` (draft/screened/approved/sent)."""
    tag = uuid.uuid4().hex[:6]
    liaison = make_user(uow_factory, owner, f"l.{tag}", Role.LIAISON_OFFICER).principal
    draft = RequestDraft(request_type="freeze", receiving_agency_id=receiver, document=document,
                         amount_requested=Decimal("1000"), currency="USD")  # fmt: skip
    request_id: uuid.UUID = _run(uow_factory, requests.create_request, liaison, draft).id
    if until == "draft":
        return request_id
    _run(uow_factory, requests.screen_request, liaison, request_id)
    if until == "screened":
        return request_id
    boss = make_user(uow_factory, owner, f"s.{tag}", Role.SUPERVISOR).principal
    _run(uow_factory, decisions.approve, boss, request_id, ApprovalInput(reasons="proportionate and lawful"))
    if until == "approved":
        return request_id
    _run(uow_factory, transport.send, liaison, request_id)
    return request_id


def stage_for(route_path: str) -> str:
    for suffix, stage in (("/approve", "screened"), ("/send", "approved"), ("/renew-hold", "sent")):
        if route_path.endswith(suffix):
            return stage
    return "draft"


def third_agency(uow_factory: UnitOfWorkFactory) -> uuid.UUID:
    return make_agency(
        uow_factory, f"Third Unit {uuid.uuid4().hex[:4]}", "TH"
    )  # the document names a TH destination


def intervention(uow_factory: UnitOfWorkFactory, author: Principal) -> uuid.UUID:
    cmd = InterventionDraft(
        kind="block_number", target="phone:+8613800138000", partner="China Mobile",
        legal_basis="Anti-Telecom Fraud Law art. 11",
    )  # fmt: skip
    return _run(uow_factory, interventions.draft, author, cmd).id  # type: ignore[no-any-return]


WEB_FORM = {
    "request_type": "freeze",
    "legal_basis_kind": "mla_treaty",
    "legal_basis_reference": "ASEAN MLAT 2004 Art. 1",
    "purpose_code": "asset_freeze_for_confiscation",
    "case_ref": "CASE-1",
    "offence_code": "fraud_telecom",
    "statute_ref": "CL 266",
    "max_penalty_years": "15",
    "receiving_statute_ref": "CC s.341",
    "receiving_max_penalty_years": "5",
    "facts": PASSING["facts"]["narrative"],
    "conduct_role": "account holder receiving victims' funds",
    "period_start": "2026-09-03",
    "period_end": "2026-09-21",
    "place": "Bangkok",
    "means": "bank transfers",
    "amount": "48000",
    "currency": "USD",
    "victims_count": "12",
    "evidence_refs": "EV-1",
    "statements": "fact: 12 victim reports name transfers to the account.\nassessment: the holder is a mule.",
    "payload_fields": ",".join(PASSING["payload_fields"]),
    "identifiers": "bank_account:TH-KBANK-000-0-00000-0",
    "order_ref": "COURT-1",
    "order_authority": "judicial",
    "freeze_expiry": "2026-12-29T12:00:00+00:00",
    "double_criminality": "on",
    "ne_bis_in_idem_clear": "on",
    "urgency": "urgent",
    "urgency_reason": "funds moving",
    "handling_H0": "on",
    "handling_H2": "on",
    "tlp": "AMBER+STRICT",
    "destination_authority_id": "demo-th",
    "review_date": "2028-11-01",
}


def attachment(uow_factory: UnitOfWorkFactory, request_id: uuid.UUID, owner: uuid.UUID) -> uuid.UUID:
    from jointdesk.cooperation import responses

    author = make_user(uow_factory, owner, f"a.{uuid.uuid4().hex[:6]}", Role.LIAISON_OFFICER).principal
    with uow_factory() as uow:
        view = responses.add_attachment(
            uow, author, request_id, data=b"bank statement", filename="statement.txt", media_type="text/plain"
        )
        uow.commit()
    return view.id
