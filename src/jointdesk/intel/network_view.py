"""What an investigator sees of a fraud network: figures, rankings, why two reports are linked."""

from __future__ import annotations

import json
import uuid
from collections import Counter, defaultdict, deque
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel
from sqlalchemy import case, func, select

from jointdesk.authz import Permission, Principal, ensure_readable, visible_to
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as repo
from jointdesk.intel.linking import Side, edge_weight, gap_in_days
from jointdesk.intel.models import (
    IntelIdentifier,
    IntelNetwork,
    IntelOccurrence,
    IntelReport,
    IntelTransaction,
)
from jointdesk.kernel.errors import NotFound

REPORTING_CURRENCY = "USD"
MASK = "••••••"


class NetworkFigures(BaseModel):
    id: uuid.UUID
    label: str
    status: str
    size: int
    reports_visible: int
    distinct_victims: int
    losses: dict[str, Decimal]
    loss_reporting_currency: Decimal
    reporting_currency: str
    rates_version: str
    unconverted_currencies: list[str]
    countries: dict[str, int]
    typologies: dict[str, int]
    first_seen: datetime | None
    last_seen: datetime | None
    new_last_30_days: int
    new_previous_30_days: int
    machine_suggested: bool = True


class LinkStep(BaseModel):
    """One hop of the path; a report the caller may not see is None and its own values masked."""

    from_report: uuid.UUID | None
    to_report: uuid.UUID | None
    id_type: str
    value: str
    n_reports: int
    weight: float
    gap_days: float


@cache
def reference_rates() -> tuple[str, dict[str, Decimal]]:
    raw = json.loads(resources.files("jointdesk.intel").joinpath("data/reference_rates.json").read_text())
    return raw["version"], {code: Decimal(str(rate)) for code, rate in raw["rates"].items()}


def _network(uow: UnitOfWork, network_id: uuid.UUID) -> IntelNetwork:
    network = uow.session.get(IntelNetwork, network_id)
    while network is not None and network.status == "merged" and network.merged_into is not None:
        network = uow.session.get(IntelNetwork, network.merged_into)
    if network is None or network.status != "active":
        raise NotFound("network not found")
    return network


def network_figures(uow: UnitOfWork, principal: Principal, network_id: uuid.UUID) -> NetworkFigures:
    """Reports, victims, losses, countries, typologies and growth over the reports the caller sees."""
    ensure_readable(principal, Permission.INTEL_NETWORK_READ)
    network = _network(uow, network_id)
    members = repo.visible_network_members(uow, principal, network.id)
    if not members:
        raise NotFound("network not found")
    losses = _losses(uow, [m.id for m in members])
    converted, missing = _convert(losses)
    now = uow.clock.now()
    received = [m.received_at for m in members]
    return NetworkFigures(
        id=network.id,
        label=network.label,
        status=network.status,
        size=network.size,
        reports_visible=len(members),
        distinct_victims=len({m.victim_key or str(m.id) for m in members}),
        losses=losses,
        loss_reporting_currency=converted,
        reporting_currency=REPORTING_CURRENCY,
        rates_version=reference_rates()[0],
        unconverted_currencies=missing,
        countries=dict(Counter(m.jurisdiction for m in members).most_common()),
        typologies=dict(Counter(m.typology_code or "unclassified" for m in members).most_common()),
        first_seen=min(received),
        last_seen=max(received),
        new_last_30_days=sum(1 for r in received if r >= now - timedelta(days=30)),
        new_previous_30_days=sum(
            1 for r in received if now - timedelta(days=60) <= r < now - timedelta(days=30)
        ),
    )


def _losses(uow: UnitOfWork, report_ids: list[uuid.UUID]) -> dict[str, Decimal]:
    """Victims' losses (hop 1); one victim reporting twice still lost the money once per transfer."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for start in range(0, len(report_ids), 500):
        stmt = (
            select(IntelTransaction.currency, func.sum(IntelTransaction.amount))
            .where(IntelTransaction.report_id.in_(report_ids[start : start + 500]), IntelTransaction.hop == 1)
            .group_by(IntelTransaction.currency)
        )
        for currency, amount in uow.session.execute(stmt):
            totals[currency] += Decimal(amount)
    return dict(sorted(totals.items()))


def _convert(losses: dict[str, Decimal]) -> tuple[Decimal, list[str]]:
    _, rates = reference_rates()
    total = Decimal(0)
    missing: list[str] = []
    for currency, amount in losses.items():
        if currency in rates and rates[currency] > 0:
            total += amount / rates[currency]
        else:
            missing.append(currency)
    return total.quantize(Decimal("0.01")), missing


def ranked_networks(
    uow: UnitOfWork, principal: Principal, *, order: str = "size", limit: int = 50
) -> list[dict[str, Any]]:
    """Networks the caller sees at least two reports of, by visible size, recent growth or latest report."""
    ensure_readable(principal, Permission.INTEL_NETWORK_READ)
    recent = uow.clock.now() - timedelta(days=30)
    stmt = visible_to(
        principal,
        select(
            IntelNetwork.id,
            IntelNetwork.label,
            IntelNetwork.size,
            func.count(IntelReport.id),
            func.max(IntelReport.received_at),
            func.sum(_recent_flag(recent)),
        )
        .join(IntelReport, IntelReport.network_id == IntelNetwork.id)
        .where(IntelReport.status == "active", IntelNetwork.status == "active")
        .group_by(IntelNetwork.id, IntelNetwork.label, IntelNetwork.size)
        .having(func.count(IntelReport.id) >= 2),
        IntelReport,
    )
    rows = [
        {
            "id": r[0],
            "label": r[1],
            "size": r[2],
            "visible": r[3],
            "last_seen": r[4],
            "recent": int(r[5] or 0),
        }
        for r in uow.session.execute(stmt)
    ]
    keys = {"size": "visible", "growth": "recent", "latest": "last_seen"}
    rows.sort(key=lambda row: (row[keys.get(order, "visible")], row["label"]), reverse=True)
    return rows[:limit]


def _recent_flag(since: datetime) -> Any:
    return case((IntelReport.received_at >= since, 1), else_=0)


def explain_link(
    uow: UnitOfWork, principal: Principal, first: uuid.UUID, second: uuid.UUID
) -> list[LinkStep]:
    """The shortest identifier path joining two visible reports of one network (BFS)."""
    ensure_readable(principal, Permission.INTEL_NETWORK_READ)
    members = {m.id: m for m in _members_of_pair(uow, principal, first, second)}
    adjacency, identifiers = _linking_graph(uow, list(members))
    previous: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID] | None] = {first: None}
    queue = deque([first])
    while queue and second not in previous:
        report = queue.popleft()
        for identifier_id in adjacency[("r", report)]:
            for other in adjacency[("i", identifier_id)]:
                if other not in previous:
                    previous[other] = (report, identifier_id)
                    queue.append(other)
    if second not in previous:
        raise NotFound("these reports are not linked")
    visible = repo.visible_report_ids(uow, principal, members)
    return _steps(second, previous, identifiers, members, visible)


def _members_of_pair(
    uow: UnitOfWork, principal: Principal, first: uuid.UUID, second: uuid.UUID
) -> list[IntelReport]:
    pair = repo.visible_pair(uow, principal, first, second)
    if len(pair) != 2 or pair[0].network_id is None or pair[0].network_id != pair[1].network_id:
        raise NotFound("these reports are not linked")
    return repo.network_members(uow, pair[0].network_id)


def _linking_graph(
    uow: UnitOfWork, report_ids: list[uuid.UUID]
) -> tuple[defaultdict[tuple[str, uuid.UUID], list[Any]], dict[uuid.UUID, IntelIdentifier]]:
    adjacency: defaultdict[tuple[str, uuid.UUID], list[Any]] = defaultdict(list)
    identifiers: dict[uuid.UUID, IntelIdentifier] = {}
    for start in range(0, len(report_ids), 500):
        stmt = (
            select(IntelOccurrence.report_id, IntelIdentifier)
            .join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
            .where(
                IntelOccurrence.report_id.in_(report_ids[start : start + 500]),
                IntelOccurrence.side == Side.SCAM.value,
                IntelIdentifier.linkable.is_(True),
            )
            .distinct()
        )
        for report_id, identifier in uow.session.execute(stmt):
            identifiers[identifier.id] = identifier
            adjacency[("r", report_id)].append(identifier.id)
            adjacency[("i", identifier.id)].append(report_id)
    return adjacency, identifiers


def _steps(
    last: uuid.UUID,
    previous: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID] | None],
    identifiers: dict[uuid.UUID, IntelIdentifier],
    members: dict[uuid.UUID, IntelReport],
    visible: set[uuid.UUID],
) -> list[LinkStep]:
    steps: list[LinkStep] = []
    node = last
    while (link := previous[node]) is not None:
        report, identifier_id = link
        identifier = identifiers[identifier_id]
        gap = gap_in_days(members[report].received_at, members[node].received_at)
        shown = report in visible or node in visible
        steps.append(
            LinkStep(
                from_report=report if report in visible else None,
                to_report=node if node in visible else None,
                id_type=identifier.id_type,
                value=(identifier.display or identifier.canonical) if shown else MASK,
                n_reports=identifier.n_reports,
                weight=round(edge_weight(identifier.id_type, identifier.n_reports, gap), 4),
                gap_days=round(gap, 1),
            )
        )
        node = report
    return list(reversed(steps))


class MemberRow(BaseModel):
    id: uuid.UUID
    crime_reference_no: str
    jurisdiction: str
    received_at: datetime
    typology_code: str | None


def network_members(
    uow: UnitOfWork, principal: Principal, network_id: uuid.UUID, *, limit: int = 500
) -> list[MemberRow]:
    """The network's reports the caller may see, newest first."""
    ensure_readable(principal, Permission.INTEL_NETWORK_READ)
    members = repo.visible_network_members(uow, principal, _network(uow, network_id).id)
    members.sort(key=lambda m: m.received_at, reverse=True)
    return [
        MemberRow(
            id=m.id,
            crime_reference_no=m.crime_reference_no,
            jurisdiction=m.jurisdiction,
            received_at=m.received_at,
            typology_code=m.typology_code,
        )
        for m in members[:limit]
    ]


def network_payees(
    uow: UnitOfWork, principal: Principal, network_id: uuid.UUID, *, limit: int = 20
) -> list[tuple[uuid.UUID, str, str]]:
    """The accounts, wallets and cards victims of the network paid into (freeze targets), most used first."""
    members = [m.id for m in repo.visible_network_members(uow, principal, _network(uow, network_id).id)]
    counts: Counter[uuid.UUID] = Counter()
    rows: dict[uuid.UUID, IntelIdentifier] = {}
    for start in range(0, len(members), 500):
        stmt = (
            select(IntelOccurrence.identifier_id, IntelIdentifier)
            .join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
            .where(
                IntelOccurrence.report_id.in_(members[start : start + 500]),
                IntelOccurrence.role.in_(["payee", "intermediary"]),
                IntelIdentifier.status == "normalised",
            )
        )
        for identifier_id, identifier in uow.session.execute(stmt):
            counts[identifier_id] += 1
            rows[identifier_id] = identifier
    return [(i, rows[i].id_type, rows[i].display or rows[i].canonical) for i, _ in counts.most_common(limit)]
