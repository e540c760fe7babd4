"""Every DNA query; reads start from ``authz.visible_to``."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, or_, select

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


def scope_fingerprint(uow: UnitOfWork, agency_id: uuid.UUID, *, sandbox: bool) -> tuple[int, datetime | None]:
    """Count and newest ``created_at`` of one agency's profiles (the search index's staleness check)."""
    newest = func.max(DnaProfile.created_at)
    stmt = select(func.count(DnaProfile.id), newest).where(  # convention: allow - index scope
        DnaProfile.owner_agency_id == agency_id, DnaProfile.sandbox == sandbox
    )
    count, last = uow.session.execute(stmt).one()
    return int(count), last


class IndexRow(NamedTuple):
    """The columns of a profile the search index needs."""

    profile_ref: str
    specimen_category: str
    mixture: bool
    loci: dict[str, Any]
    created_at: datetime


def scope_rows(
    uow: UnitOfWork,
    agency_id: uuid.UUID,
    *,
    sandbox: bool,
    newer_than: datetime | None = None,
    refs: Iterable[str] = (),
) -> Iterator[IndexRow]:
    """What the search index holds of one agency's profiles: all of them, or only those created after
    ``newer_than`` or named in ``refs`` (columns only, no ORM objects)."""
    stmt = select(  # convention: allow - search index of the agency, filtered by policy at search
        DnaProfile.profile_ref,
        DnaProfile.specimen_category,
        DnaProfile.mixture,
        DnaProfile.loci,
        DnaProfile.created_at,
    ).where(DnaProfile.owner_agency_id == agency_id, DnaProfile.sandbox == sandbox)
    named = list(refs)
    if newer_than is not None:
        newer = DnaProfile.created_at > newer_than
        stmt = stmt.where(or_(newer, DnaProfile.profile_ref.in_(named)) if named else newer)
    for row in uow.session.execute(stmt.execution_options(yield_per=5000)):
        yield IndexRow(*row)


def scope_profiles_by_ref(
    uow: UnitOfWork, agency_id: uuid.UUID, refs: Iterable[str], *, sandbox: bool
) -> dict[str, DnaProfile]:
    """Profiles of one agency's search index by reference (candidates the index returned)."""
    stmt = select(DnaProfile).where(  # convention: allow - candidates of the agency's own index
        DnaProfile.owner_agency_id == agency_id,
        DnaProfile.sandbox == sandbox,
        DnaProfile.profile_ref.in_(list(refs)),
    )
    return {p.profile_ref: p for p in uow.session.scalars(stmt)}


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
