"""The single outbound channel (INV-1): nothing leaves without a screening decision id, the rule-set
hash, a decision still matching the document, no open BLOCK or REVIEW and a human approval.

On this node "leaving" means: the receiving agency is given access (an explicit share) and the
request becomes visible in its inbox; a federation transport would call the same gate first.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from jointdesk import audit
from jointdesk.authz import Permission, Principal, RowShare, ensure
from jointdesk.cooperation import documents
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.events import CoopEvent
from jointdesk.cooperation.models import CoopRequest
from jointdesk.cooperation.requests import transition, view
from jointdesk.cooperation.review_state import result_of, state_of
from jointdesk.cooperation.schemas import RequestView, Status
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import InvalidTransition
from jointdesk.kernel.ids import new_id
from jointdesk.screening import NotSendable, assert_published, assert_sendable, document_hash

FREEZE_HOLD = timedelta(days=7)


def gate(uow: UnitOfWork, request: CoopRequest) -> None:
    """INV-1/INV-2/INV-3 on the stored decision and the document as it is *now*."""
    screening = repo.screening(uow, request.screening_id)
    if screening is None:
        raise NotSendable(["no_screening_decision_id"])
    published = [screening.ruleset_hash] if repo.published(uow, screening.ruleset_hash) else []
    assert_published(screening.ruleset_hash, published)
    current = document_hash(documents.assemble(uow, request))
    assert_sendable(
        str(request.approval_id) if request.approval_id else None,
        screening.ruleset_hash,
        result_of(screening),
        state_of(uow, request, screening),
        current_document_hash=current,
    )


def send(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> RequestView:
    """Send an approved request to the receiving agency (liaison officer / central authority)."""
    request = repo.visible_request(uow, principal, request_id)
    ensure(principal, Permission.CROSS_BORDER_REQUEST_SEND, request)
    if request.status != Status.APPROVED:
        raise InvalidTransition(f"only an approved request can be sent (it is {request.status})")
    gate(uow, request)
    now = uow.clock.now()
    uow.session.add(
        RowShare(
            id=new_id(),
            resource_kind=CoopRequest.resource_kind,
            resource_id=request.id,
            agency_id=request.receiving_agency_id,
            user_id=None,
            created_at=now,
        )
    )
    request.sent_at = now
    if request.request_type == "freeze":
        request.hold_expires_at = now + FREEZE_HOLD
    transition(uow, principal, request, Status.SENT, "sent through the screened channel")
    audit.record(
        uow, principal, CoopEvent.REQUEST_SENT, target=("coop_request", str(request.id)),
        fields={"type": request.request_type, "decision": str(request.screening_id),
                "ruleset": repo.screening(uow, request.screening_id).ruleset_hash},  # type: ignore[union-attr]
    )  # fmt: skip
    return view(uow, request)
