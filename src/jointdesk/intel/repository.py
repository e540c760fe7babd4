"""Every fraud-intelligence query; reads of reports start from ``authz.visible_to``."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, func, or_, select

from jointdesk.authz import Principal, visible_to
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity.models import Agency
from jointdesk.intel.models import IntelIdentifier, IntelNetwork, IntelOccurrence, IntelReport
from jointdesk.kernel.errors import NotFound

CHUNK = 500


def active_report() -> ColumnElement[bool]:
    """``status = 'active'`` written so that no planner starts from the low-selectivity status index
    (SQLite without statistics does): lookups must start from the sightings' identifier index."""
    return func.lower(IntelReport.status) == "active"


def agency_country(uow: UnitOfWork, agency_id: uuid.UUID) -> str:
    agency = uow.session.get(Agency, agency_id)
    return agency.country if agency is not None else "ZZ"


def visible_reports_stmt(principal: Principal) -> Select[IntelReport]:
    return visible_to(principal, select(IntelReport), IntelReport).where(IntelReport.status == "active")


def visible_report(uow: UnitOfWork, principal: Principal, report_id: uuid.UUID) -> IntelReport:
    stmt = visible_to(principal, select(IntelReport).where(IntelReport.id == report_id), IntelReport)
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("report not found")
    return found


def visible_report_ids(uow: UnitOfWork, principal: Principal, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(set(ids))
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), CHUNK):
        stmt = visible_to(principal, select(IntelReport.id), IntelReport).where(
            IntelReport.id.in_(wanted[start : start + CHUNK]), IntelReport.status == "active"
        )
        found.update(uow.session.scalars(stmt))
    return found


def by_source_ref(uow: UnitOfWork, agency_id: uuid.UUID, source_ref: str) -> IntelReport | None:
    stmt = select(IntelReport).where(  # convention: allow - the caller's own agency only
        IntelReport.owner_agency_id == agency_id, IntelReport.source_ref == source_ref
    )
    return uow.session.scalar(stmt)


def identifiers_by_id(uow: UnitOfWork, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, IntelIdentifier]:
    wanted = list(set(ids))
    found: dict[uuid.UUID, IntelIdentifier] = {}
    for start in range(0, len(wanted), CHUNK):
        stmt = select(IntelIdentifier).where(IntelIdentifier.id.in_(wanted[start : start + CHUNK]))
        found.update({row.id: row for row in uow.session.scalars(stmt)})
    return found


def visible_counts(
    uow: UnitOfWork, principal: Principal, identifier_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """How many reports the caller may see per identifier (the node-wide count is on the row)."""
    wanted = list(set(identifier_ids))
    counts: dict[uuid.UUID, int] = {}
    for start in range(0, len(wanted), CHUNK):
        stmt = visible_to(
            principal,
            select(IntelOccurrence.identifier_id, func.count(func.distinct(IntelOccurrence.report_id)))
            .join(IntelReport, IntelReport.id == IntelOccurrence.report_id)
            .where(
                IntelOccurrence.identifier_id.in_(wanted[start : start + CHUNK]),
                active_report(),
            )
            .group_by(IntelOccurrence.identifier_id),
            IntelReport,
        )
        counts.update({row[0]: int(row[1]) for row in uow.session.execute(stmt)})
    return counts


class SeenIdentifier(NamedTuple):
    """A stored identifier as a lookup shows it: the reports and networks the caller may see."""

    id: uuid.UUID
    id_type: str
    canonical: str
    display: str | None
    state: str
    state_reason: str | None
    n_reports: int
    reports_visible: int
    networks: tuple[str, ...]


def seen_by_key(uow: UnitOfWork, principal: Principal, keys: Sequence[str]) -> dict[str, SeenIdentifier]:
    """Per identifier key, what the caller may see of it, in one query per chunk of keys.

    An identifier with no visible active sighting is absent, as if never stored."""
    rows_by_key: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for start in range(0, len(keys), CHUNK):
        for row in uow.session.execute(_seen_stmt(principal, keys[start : start + CHUNK])):
            rows_by_key[row[0]].append(tuple(row))
    return {key: _seen(rows) for key, rows in rows_by_key.items()}


def _seen(rows: list[tuple[Any, ...]]) -> SeenIdentifier:
    """One identifier's rows (one per network it is seen in) as one summary."""
    labels = tuple(sorted(row[-2] for row in rows if row[-2]))
    return SeenIdentifier._make((*rows[0][1:-2], sum(int(row[-1]) for row in rows), labels))


def _seen_stmt(principal: Principal, keys: Sequence[str]) -> Select[Any]:
    summary = [getattr(IntelIdentifier, name) for name in SeenIdentifier._fields[:7]]
    reports = func.count(func.distinct(IntelOccurrence.report_id))
    return visible_to(
        principal,
        select(IntelIdentifier.key, *summary, IntelNetwork.label, reports)
        .join(IntelOccurrence, IntelOccurrence.identifier_id == IntelIdentifier.id)
        .join(IntelReport, IntelReport.id == IntelOccurrence.report_id)
        .outerjoin(IntelNetwork, IntelNetwork.id == IntelReport.network_id)
        .where(IntelIdentifier.key.in_(keys), active_report())
        .group_by(IntelIdentifier.id, IntelNetwork.label),
        IntelReport,
    )


def visible_network_members(
    uow: UnitOfWork, principal: Principal, network_id: uuid.UUID
) -> list[IntelReport]:
    stmt = visible_reports_stmt(principal).where(IntelReport.network_id == network_id)
    return list(uow.session.scalars(stmt))


def visible_pair(
    uow: UnitOfWork, principal: Principal, first: uuid.UUID, second: uuid.UUID
) -> list[IntelReport]:
    return list(
        uow.session.scalars(visible_reports_stmt(principal).where(IntelReport.id.in_([first, second])))
    )


def network_members(uow: UnitOfWork, network_id: uuid.UUID) -> list[IntelReport]:
    """Every member, seen or not: path finding may cross reports the caller cannot see (masked)."""
    stmt = select(IntelReport).where(IntelReport.network_id == network_id)  # convention: allow - masked later
    return list(uow.session.scalars(stmt))


def visible_sightings_of(
    uow: UnitOfWork, principal: Principal, identifier_id: uuid.UUID, limit: int
) -> list[tuple[IntelReport, IntelOccurrence]]:
    stmt = visible_to(
        principal,
        select(IntelReport, IntelOccurrence)
        .join(IntelOccurrence, IntelOccurrence.report_id == IntelReport.id)
        .where(IntelOccurrence.identifier_id == identifier_id, IntelReport.status == "active")
        .order_by(IntelReport.received_at.desc())
        .limit(limit),
        IntelReport,
    )
    return [(row[0], row[1]) for row in uow.session.execute(stmt)]


def reports_without_suggestion(uow: UnitOfWork, limit: int) -> list[IntelReport]:
    """For the suggestion worker, across agencies; it writes only the suggestion column."""
    stmt = (
        select(IntelReport)  # convention: allow - system worker
        .where(IntelReport.suggestion.is_(None), IntelReport.narrative != "", IntelReport.status == "active")
        .limit(limit)
    )
    return list(uow.session.scalars(stmt))


def search_reports(
    uow: UnitOfWork,
    principal: Principal,
    *,
    text: str | None = None,
    code: str | None = None,
    jurisdiction: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[IntelReport]:
    """Visible active reports, newest first, filtered by words, type, country and date."""
    stmt = visible_reports_stmt(principal)
    if text:
        pattern = f"%{text.strip()}%"
        stmt = stmt.where(
            or_(IntelReport.crime_reference_no.ilike(pattern), IntelReport.narrative.ilike(pattern))
        )
    if code:
        stmt = stmt.where(or_(IntelReport.typology_code == code, IntelReport.typology_code.like(f"{code}.%")))
    if jurisdiction:
        stmt = stmt.where(IntelReport.jurisdiction == jurisdiction)
    if since is not None:
        stmt = stmt.where(IntelReport.received_at >= since)
    return list(uow.session.scalars(stmt.order_by(IntelReport.received_at.desc()).limit(limit)))
