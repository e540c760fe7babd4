"""What happens after sending: the partner acknowledges, executes or refuses; the requester may
withdraw; both write in the thread; freeze holds are renewed or expire; deadlines remind."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure, ensure_readable
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.events import CoopEvent
from jointdesk.cooperation.models import CoopAttachment, CoopMessage, CoopRequest
from jointdesk.cooperation.requests import transition, view
from jointdesk.cooperation.schemas import CLOSED, RequestView, Status
from jointdesk.cooperation.transport import FREEZE_HOLD
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel.models import IntelBlob
from jointdesk.kernel.errors import Forbidden, InvalidInput, InvalidTransition
from jointdesk.kernel.ids import new_id

MAX_RENEWALS = 5
REMINDER_BEFORE = timedelta(hours=12)
SYSTEM_NOTE = "[jointdesk] "


class Outcome(StrEnum):
    EXECUTED = "executed"
    PARTLY_EXECUTED = "partly_executed"
    REFUSED = "refused"


class ResultInput(BaseModel):
    outcome: Outcome
    result: str = Field(min_length=3, max_length=4000)
    amount_secured: Decimal | None = Field(default=None, ge=0)


def _as_receiver(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> CoopRequest:
    ensure(principal, Permission.COOPERATION_REQUEST_RESPOND)
    request = repo.visible_request(uow, principal, request_id)
    if principal.agency_id != request.receiving_agency_id:
        raise Forbidden("only the receiving agency answers a request")
    return request


def acknowledge(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> RequestView:
    request = _as_receiver(uow, principal, request_id)
    if request.status != Status.SENT:
        raise InvalidTransition(f"a {request.status} request cannot be acknowledged")
    request.acknowledged_at = uow.clock.now()
    transition(uow, principal, request, Status.ACKNOWLEDGED, "acknowledged by the partner")
    audit.record(uow, principal, CoopEvent.REQUEST_ACKNOWLEDGED, target=("coop_request", str(request.id)))
    return view(uow, request)


def record_result(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, answer: ResultInput
) -> RequestView:
    """Executed, partly executed or refused, with what was secured (freezes keep their hold timer)."""
    request = _as_receiver(uow, principal, request_id)
    if request.status not in (Status.SENT, Status.ACKNOWLEDGED):
        raise InvalidTransition(f"a {request.status} request has its result already")
    now = uow.clock.now()
    request.acknowledged_at = request.acknowledged_at or now
    request.result = answer.result
    if answer.outcome is not Outcome.REFUSED:
        request.executed_at, request.amount_secured = now, answer.amount_secured
    else:
        request.closed_at, request.hold_expires_at = now, None
    transition(uow, principal, request, Status(answer.outcome.value), answer.result)
    event = CoopEvent.REQUEST_REFUSED if answer.outcome is Outcome.REFUSED else CoopEvent.REQUEST_EXECUTED
    audit.record(
        uow,
        principal,
        event,
        target=("coop_request", str(request.id)),
        fields={"outcome": answer.outcome.value},
    )
    return view(uow, request)


def withdraw(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, *, reason: str) -> RequestView:
    request = repo.visible_request(uow, principal, request_id)
    ensure(principal, Permission.COOPERATION_REQUEST_DRAFT, request)
    if Status(request.status) in CLOSED:
        raise InvalidTransition(f"a {request.status} request cannot be withdrawn")
    if len(reason.strip()) < 10:
        raise InvalidInput("say why the request is withdrawn (at least 10 characters)", field="reason")
    request.closed_at, request.hold_expires_at = uow.clock.now(), None
    transition(uow, principal, request, Status.WITHDRAWN, reason.strip())
    audit.record(uow, principal, CoopEvent.REQUEST_WITHDRAWN, target=("coop_request", str(request.id)),
                 private={"reason": reason.strip()})  # fmt: skip
    return view(uow, request)


def renew_hold(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, *, reason: str) -> RequestView:
    """Extend a freeze hold by another period (at most MAX_RENEWALS times)."""
    request = repo.visible_request(uow, principal, request_id)
    ensure(principal, Permission.COOPERATION_REQUEST_DRAFT, request)
    if request.hold_expires_at is None or Status(request.status) in {Status.REFUSED, Status.WITHDRAWN}:
        raise InvalidTransition("this request has no running hold")
    if request.renewals >= MAX_RENEWALS:
        raise InvalidTransition(f"a hold is renewed at most {MAX_RENEWALS} times; ask for a judicial order")
    request.renewals += 1
    request.hold_expires_at = max(request.hold_expires_at, uow.clock.now()) + FREEZE_HOLD
    _post(uow, principal, request, f"{SYSTEM_NOTE}hold renewed ({request.renewals}): {reason.strip()}")
    audit.record(uow, principal, CoopEvent.HOLD_RENEWED, target=("coop_request", str(request.id)),
                 fields={"renewals": request.renewals})  # fmt: skip
    return view(uow, request)


class MessageInput(BaseModel):
    body: str = Field(min_length=1, max_length=20_000)


def post_message(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, message: MessageInput
) -> RequestView:
    """The thread between the two agencies (the receiving one only once the request was sent)."""
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    request = repo.visible_request(uow, principal, request_id)
    if principal.agency_id not in (request.owner_agency_id, request.receiving_agency_id):
        raise Forbidden("only the two agencies write in a request's thread")
    _post(uow, principal, request, message.body)
    audit.record(uow, principal, CoopEvent.MESSAGE_POSTED, target=("coop_request", str(request.id)))
    return view(uow, request)


def _post(uow: UnitOfWork, principal: Principal, request: CoopRequest, body: str) -> None:
    agency_id = principal.agency_id or request.owner_agency_id
    uow.session.add(
        CoopMessage(
            id=new_id(),
            request_id=request.id,
            agency_id=agency_id,
            author_id=principal.user_id,
            body=body,
            at=uow.clock.now(),
        )
    )
    uow.session.flush()


def run_deadlines(uow: UnitOfWork, principal: Principal) -> dict[str, int]:
    """Expire holds that ran out and remind both sides once before a hold or due date passes."""
    now = uow.clock.now()
    expired = reminded = 0
    for request in repo.open_requests(uow):
        if request.hold_expires_at is not None and request.hold_expires_at <= now:
            request.hold_expires_at, request.closed_at = None, now
            transition(uow, principal, request, Status.EXPIRED, "hold expired without renewal")
            audit.record(uow, principal, CoopEvent.HOLD_EXPIRED, target=("coop_request", str(request.id)))
            expired += 1
            continue
        reminded += _remind(uow, principal, request, now)
    return {"expired": expired, "reminded": reminded}


def _remind(uow: UnitOfWork, principal: Principal, request: CoopRequest, now: datetime) -> int:
    sent = 0
    answered = request.status in (Status.EXECUTED, Status.PARTLY_EXECUTED)
    due = None if answered else request.due_at
    for label, when in (("hold expires", request.hold_expires_at), ("answer due", due)):
        if when is None or not (now < when <= now + REMINDER_BEFORE):
            continue
        note = f"{SYSTEM_NOTE}reminder: {label} at {when:%Y-%m-%d %H:%M} UTC"
        if all(m.body != note for m in repo.messages(uow, request.id)):
            _post(uow, principal, request, note)
            sent += 1
    return sent


class AttachmentView(BaseModel):
    id: uuid.UUID
    filename: str
    media_type: str
    sha256: str
    agency_id: uuid.UUID
    at: datetime


MAX_ATTACHMENT = 25 * 1024 * 1024


def add_attachment(
    uow: UnitOfWork,
    principal: Principal,
    request_id: uuid.UUID,
    *,
    data: bytes,
    filename: str,
    media_type: str,
) -> AttachmentView:
    """A file for the other side (stored once by SHA-256); either agency of the request may attach."""
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    request = repo.visible_request(uow, principal, request_id)
    if principal.agency_id not in (request.owner_agency_id, request.receiving_agency_id):
        raise Forbidden("only the two agencies attach files to a request")
    if not data or len(data) > MAX_ATTACHMENT:
        raise InvalidInput("a file of 1 byte to 25 MB is required", field="file")
    digest = hashlib.sha256(data).hexdigest()
    now = uow.clock.now()
    if uow.session.get(IntelBlob, digest) is None:
        uow.session.add(IntelBlob(sha256=digest, size=len(data), content=data, created_at=now))
        uow.session.flush()
    row = CoopAttachment(
        id=new_id(), request_id=request.id, sha256=digest, filename=filename[:255] or "upload",
        media_type=media_type[:120] or "application/octet-stream", agency_id=principal.agency_id, at=now,
    )  # fmt: skip
    uow.session.add(row)
    uow.session.flush()
    audit.record(uow, principal, CoopEvent.MESSAGE_POSTED, target=("coop_request", str(request.id)),
                 fields={"attachment": True, "bytes": len(data)}, private={"sha256": digest})  # fmt: skip
    return _attachment_view(row)


def list_attachments(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> list[AttachmentView]:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    request = repo.visible_request(uow, principal, request_id)
    return [_attachment_view(a) for a in repo.attachments(uow, request.id)]


def download_attachment(
    uow: UnitOfWork, principal: Principal, request_id: uuid.UUID, attachment_id: uuid.UUID
) -> tuple[AttachmentView, bytes]:
    ensure_readable(principal, Permission.COOPERATION_REQUEST_READ)
    request = repo.visible_request(uow, principal, request_id)
    row = next((a for a in repo.attachments(uow, request.id) if a.id == attachment_id), None)
    blob = uow.session.get(IntelBlob, row.sha256) if row else None
    if row is None or blob is None:
        raise InvalidInput("no such attachment on this request", field="attachment_id")
    if hashlib.sha256(blob.content).hexdigest() != row.sha256:
        raise InvalidTransition("the stored file no longer matches its SHA-256; it is not served")
    return _attachment_view(row), blob.content


def _attachment_view(row: CoopAttachment) -> AttachmentView:
    return AttachmentView(
        id=row.id,
        filename=row.filename,
        media_type=row.media_type,
        sha256=row.sha256,
        agency_id=row.agency_id,
        at=row.at,
    )
