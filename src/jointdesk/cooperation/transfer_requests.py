"""The outbound transfer request of a batch: only individually cleared persons (TRF-02)."""

from __future__ import annotations

import uuid
from typing import Any

from jointdesk.authz import Principal
from jointdesk.cooperation import persons_repository as repo
from jointdesk.cooperation.requests import create_request
from jointdesk.cooperation.schemas import RequestDraft, RequestView
from jointdesk.cooperation.transfer_clearance import batch_persons_for_request
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import Conflict
from jointdesk.screening.vocabulary import RequestType


def prepare_request(
    uow: UnitOfWork, principal: Principal, batch_id: uuid.UUID, document: dict[str, Any]
) -> RequestView:
    """Draft the transfer request of a batch with its cleared persons and their transfer records.

    ``document`` carries the T-CY fields (legal basis, offences, facts, markings, retention...); the
    batch adds ``transfer`` (route, countries, declared batch size = cleared persons only).
    """
    cleared = batch_persons_for_request(uow, principal, batch_id)
    if not cleared:
        raise Conflict("no person of this batch is individually cleared", field="batch_id")
    batch = repo.visible_batch(uow, principal, batch_id)
    records = {
        str(e.person_id): dict(e.record) for e in repo.entries(uow, batch.id) if e.person_id in cleared
    }
    transfer = {
        "route": batch.route,
        "sending_country": batch.sending_country,
        "destination_country": batch.destination_country,
        "declared_batch_size": len(cleared),
    }
    draft = RequestDraft(
        request_type=RequestType.TRANSFER,
        receiving_agency_id=batch.receiving_agency_id,
        document={**document, "transfer": transfer},
        person_ids=cleared,
        person_records=records,
        batch_id=batch.id,
    )
    return create_request(uow, principal, draft)
