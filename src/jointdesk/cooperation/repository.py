"""Every cooperation query; reads of requests start from ``authz.visible_to``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select

from jointdesk.authz import Principal, visible_to
from jointdesk.cooperation.models import (
    CoopAttachment,
    CoopDecision,
    CoopMessage,
    CoopRequest,
    CoopScreening,
    CoopTransition,
    Intervention,
    RulesetPublication,
)
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity.models import Agency
from jointdesk.kernel.errors import NotFound

REVIEWABLE = ("review", "blocked", "screened", "approved", "sent", "acknowledged", "executed")


def visible_request(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> CoopRequest:
    stmt = visible_to(principal, select(CoopRequest).where(CoopRequest.id == request_id), CoopRequest)
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("request not found")
    return found


def reviewable_request(uow: UnitOfWork, principal: Principal, request_id: uuid.UUID) -> CoopRequest:
    """Rights reviewers are the node's independent pool: they see screened requests of other agencies."""
    stmt = select(CoopRequest).where(  # convention: allow - the reviewer pool, never the own agency
        CoopRequest.id == request_id,
        CoopRequest.status.in_(REVIEWABLE),
        CoopRequest.owner_agency_id != principal.agency_id,
    )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("request not found")
    return found


def visible_requests(uow: UnitOfWork, principal: Principal, *, limit: int = 200) -> list[CoopRequest]:
    stmt = visible_to(principal, select(CoopRequest), CoopRequest).order_by(CoopRequest.created_at.desc())
    return list(uow.session.scalars(stmt.limit(limit)))


def review_queue(uow: UnitOfWork, principal: Principal, *, limit: int = 200) -> list[CoopRequest]:
    stmt = select(CoopRequest).where(  # convention: allow - the reviewer pool, never the own agency
        CoopRequest.status.in_(("review", "blocked")), CoopRequest.owner_agency_id != principal.agency_id
    )
    return list(uow.session.scalars(stmt.order_by(CoopRequest.created_at).limit(limit)))


def open_requests(uow: UnitOfWork) -> list[CoopRequest]:
    """For the deadline worker, across agencies."""
    stmt = select(CoopRequest).where(  # convention: allow - system worker
        CoopRequest.status.in_(("sent", "acknowledged", "executed", "partly_executed"))
    )
    return list(uow.session.scalars(stmt))


def agency(uow: UnitOfWork, agency_id: uuid.UUID) -> Agency:
    found = uow.session.get(Agency, agency_id)
    if found is None:
        raise NotFound("agency not found")
    return found


def screening(uow: UnitOfWork, screening_id: uuid.UUID | None) -> CoopScreening | None:
    return uow.session.get(CoopScreening, screening_id) if screening_id else None


def decisions(
    uow: UnitOfWork, request_id: uuid.UUID, screening_id: uuid.UUID | None = None
) -> list[CoopDecision]:
    stmt = select(CoopDecision).where(CoopDecision.request_id == request_id)
    if screening_id is not None:
        stmt = stmt.where(CoopDecision.screening_id == screening_id)
    return list(uow.session.scalars(stmt.order_by(CoopDecision.at)))


def messages(uow: UnitOfWork, request_id: uuid.UUID) -> list[CoopMessage]:
    stmt = select(CoopMessage).where(CoopMessage.request_id == request_id).order_by(CoopMessage.at)
    return list(uow.session.scalars(stmt))


def attachments(uow: UnitOfWork, request_id: uuid.UUID) -> list[CoopAttachment]:
    stmt = select(CoopAttachment).where(CoopAttachment.request_id == request_id).order_by(CoopAttachment.at)
    return list(uow.session.scalars(stmt))


def transitions(uow: UnitOfWork, request_id: uuid.UUID) -> list[CoopTransition]:
    stmt = select(CoopTransition).where(CoopTransition.request_id == request_id).order_by(CoopTransition.at)
    return list(uow.session.scalars(stmt))


def published(uow: UnitOfWork, ruleset_hash: str) -> RulesetPublication | None:
    return uow.session.get(RulesetPublication, ruleset_hash)


def partner_counts(uow: UnitOfWork, partner_id: uuid.UUID, since: datetime) -> tuple[int, int]:
    """(requests to the partner, of which blocked) over the window, for GEN-10."""
    base = (
        select(func.count())
        .select_from(CoopRequest)
        .where(  # convention: allow - counts only
            CoopRequest.receiving_agency_id == partner_id, CoopRequest.created_at >= since
        )
    )
    total = uow.session.scalar(base) or 0
    blocked = uow.session.scalar(base.where(CoopRequest.status == "blocked")) or 0
    return int(total), int(blocked)


def visible_intervention(uow: UnitOfWork, principal: Principal, intervention_id: uuid.UUID) -> Intervention:
    stmt = visible_to(principal, select(Intervention).where(Intervention.id == intervention_id), Intervention)
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("intervention not found")
    return found


def visible_interventions(uow: UnitOfWork, principal: Principal, *, limit: int = 500) -> list[Intervention]:
    stmt = visible_to(principal, select(Intervention), Intervention).order_by(Intervention.drafted_at.desc())
    return list(uow.session.scalars(stmt.limit(limit)))
