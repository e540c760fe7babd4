"""Every DNA query; reads start from ``authz.visible_to``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import or_, select

from jointdesk.authz import Principal, visible_to
from jointdesk.db.uow import UnitOfWork
from jointdesk.dna.models import DnaFollowUp, DnaMatch, DnaPartnerQuery, DnaPersonLink, DnaProfile
from jointdesk.kernel.errors import NotFound


def visible_profiles(
    uow: UnitOfWork, principal: Principal, *, sandbox: bool, limit: int = 200, offset: int = 0
) -> list[DnaProfile]:
    stmt = visible_to(principal, select(DnaProfile), DnaProfile).where(DnaProfile.sandbox == sandbox)
    stmt = stmt.order_by(DnaProfile.created_at.desc(), DnaProfile.id).limit(limit).offset(offset)
    return list(uow.session.scalars(stmt))


def visible_profile(uow: UnitOfWork, principal: Principal, profile_id: uuid.UUID) -> DnaProfile:
    stmt = visible_to(principal, select(DnaProfile).where(DnaProfile.id == profile_id), DnaProfile)
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("profile not found")
    return found


def agency_profiles(
    uow: UnitOfWork, agency_id: uuid.UUID, *, categories: Iterable[str], sandbox: bool
) -> list[DnaProfile]:
    """The searchable index of one agency (a search's own agency, or the target of a hit/no-hit
    query, which answers without showing the rows)."""
    stmt = select(DnaProfile).where(  # convention: allow - search universe, filtered by policy
        DnaProfile.owner_agency_id == agency_id,
        DnaProfile.specimen_category.in_(list(categories)),
        DnaProfile.sandbox == sandbox,
    )
    return list(uow.session.scalars(stmt))


def profile_by_ref(uow: UnitOfWork, profile_ref: str) -> DnaProfile | None:
    stmt = select(DnaProfile).where(DnaProfile.profile_ref == profile_ref)  # convention: allow - internal
    return uow.session.scalar(stmt)


def profiles_by_id(uow: UnitOfWork, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, DnaProfile]:
    stmt = select(DnaProfile).where(DnaProfile.id.in_(list(ids)))  # convention: allow - ids already vetted
    return {p.id: p for p in uow.session.scalars(stmt)}


def person_link(uow: UnitOfWork, profile_id: uuid.UUID) -> DnaPersonLink | None:
    return uow.session.get(DnaPersonLink, profile_id)


def has_person_links(uow: UnitOfWork, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    stmt = select(DnaPersonLink.profile_id).where(DnaPersonLink.profile_id.in_(list(ids)))
    return set(uow.session.scalars(stmt))


def matches_for(uow: UnitOfWork, principal: Principal, profile_id: uuid.UUID) -> list[DnaMatch]:
    stmt = visible_to(principal, select(DnaMatch), DnaMatch).where(DnaMatch.query_profile_id == profile_id)
    return list(uow.session.scalars(stmt.order_by(DnaMatch.likelihood_ratio.desc(), DnaMatch.id)))


def visible_match(uow: UnitOfWork, principal: Principal, match_id: uuid.UUID) -> DnaMatch:
    found = uow.session.scalar(
        visible_to(principal, select(DnaMatch).where(DnaMatch.id == match_id), DnaMatch)
    )
    if found is None:
        raise NotFound("match not found")
    return found


def partner_queries(uow: UnitOfWork, principal: Principal) -> list[DnaPartnerQuery]:
    stmt = visible_to(principal, select(DnaPartnerQuery), DnaPartnerQuery)
    return list(uow.session.scalars(stmt.order_by(DnaPartnerQuery.created_at.desc()).limit(100)))


def visible_partner_query(uow: UnitOfWork, principal: Principal, query_id: uuid.UUID) -> DnaPartnerQuery:
    stmt = visible_to(
        principal, select(DnaPartnerQuery).where(DnaPartnerQuery.id == query_id), DnaPartnerQuery
    )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("partner query not found")
    return found


def follow_ups(uow: UnitOfWork, principal: Principal) -> list[DnaFollowUp]:
    """Follow-ups the caller's agency asked for or must decide on."""
    mine = or_(
        DnaFollowUp.requesting_agency_id == principal.agency_id,
        DnaFollowUp.holding_agency_id == principal.agency_id,
    )
    stmt = select(DnaFollowUp) if principal.is_system else select(DnaFollowUp).where(mine)
    return list(uow.session.scalars(stmt.order_by(DnaFollowUp.created_at.desc()).limit(200)))


def visible_follow_up(uow: UnitOfWork, principal: Principal, follow_up_id: uuid.UUID) -> DnaFollowUp:
    stmt = select(DnaFollowUp).where(DnaFollowUp.id == follow_up_id)
    if not principal.is_system:
        stmt = stmt.where(
            or_(
                DnaFollowUp.requesting_agency_id == principal.agency_id,
                DnaFollowUp.holding_agency_id == principal.agency_id,
            )
        )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("follow-up not found")
    return found
