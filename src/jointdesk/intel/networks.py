"""Incremental fraud networks: union on insert, local recompute on delete (sharing.md §2.5).

Invariant (property-tested): every active report's ``network_id`` names exactly its connected
component through scam-side sightings of linkable identifiers; a report that links to nothing
has none. A merge keeps the oldest network id, a split leaves the id with the largest part.
Writers are serialised (PostgreSQL advisory lock, SQLite's single writer), so two filings never
race on one component.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, text, update

from jointdesk.db.uow import UnitOfWork
from jointdesk.intel.linking import Side, components
from jointdesk.intel.models import (
    IntelIdentifier,
    IntelNetwork,
    IntelNetworkChange,
    IntelOccurrence,
    IntelReport,
)
from jointdesk.intel.repository import active_report
from jointdesk.kernel.ids import new_id

ADVISORY_LOCK_ID = 0x1D7E1  # one writer of the network graph at a time on PostgreSQL
CHUNK = 500


def lock_graph(uow: UnitOfWork) -> None:
    """Serialise network maintenance (no-op on SQLite, whose writers are serial already)."""
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_ID})


def merge_through(uow: UnitOfWork, identifier_ids: Iterable[uuid.UUID]) -> None:
    """Join into one network every report linked through each of these identifiers."""
    rows = _linking_rows(uow, identifier_ids)
    if not rows:
        return
    groups: dict[uuid.UUID, list[str]] = {}
    networks: set[uuid.UUID] = set()
    for identifier_id, report_id, network_id in rows:
        node = f"n:{network_id}" if network_id else f"r:{report_id}"
        groups.setdefault(identifier_id, []).append(node)
        if network_id:
            networks.add(network_id)
    edges = [(nodes[0], other) for nodes in groups.values() for other in nodes[1:]]
    nodes = {node for group in groups.values() for node in group}
    ages = _ages(uow, networks)
    now = uow.clock.now()
    for component in components(nodes, edges):
        if len(component) > 1 or any(node.startswith("n:") for node in component):
            _join(uow, component, ages, now)


def _linking_rows(
    uow: UnitOfWork, identifier_ids: Iterable[uuid.UUID]
) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None]]:
    wanted = list(set(identifier_ids))
    found: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None]] = []
    for start in range(0, len(wanted), CHUNK):
        stmt = (
            select(IntelOccurrence.identifier_id, IntelOccurrence.report_id, IntelReport.network_id)
            .join(IntelReport, IntelReport.id == IntelOccurrence.report_id)
            .join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
            .where(
                IntelOccurrence.identifier_id.in_(wanted[start : start + CHUNK]),
                IntelOccurrence.side == Side.SCAM.value,
                IntelIdentifier.linkable.is_(True),
                active_report(),
            )
            .distinct()
        )
        found.extend((row[0], row[1], row[2]) for row in uow.session.execute(stmt))
    return found


def _ages(uow: UnitOfWork, networks: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not networks:
        return {}
    stmt = select(IntelNetwork.id, IntelNetwork.seq).where(IntelNetwork.id.in_(list(networks)))
    return {row[0]: row[1] for row in uow.session.execute(stmt)}


def _join(uow: UnitOfWork, component: set[str], ages: dict[uuid.UUID, int], now: datetime) -> None:
    networks = sorted(
        (uuid.UUID(node[2:]) for node in component if node.startswith("n:")), key=ages.__getitem__
    )
    reports = [uuid.UUID(node[2:]) for node in component if node.startswith("r:")]
    if networks:
        target, absorbed = networks[0], networks[1:]
    else:
        target, absorbed = _new_network(uow, now).id, []
    if absorbed:
        uow.session.execute(
            update(IntelReport).where(IntelReport.network_id.in_(absorbed)).values(network_id=target)
        )
        uow.session.execute(
            update(IntelNetwork)
            .where(IntelNetwork.id.in_(absorbed))
            .values(status="merged", merged_into=target, size=0, updated_at=now)
        )
    for start in range(0, len(reports), CHUNK):
        chunk = reports[start : start + CHUNK]
        uow.session.execute(update(IntelReport).where(IntelReport.id.in_(chunk)).values(network_id=target))
    size = _refresh_size(uow, target, now)
    if absorbed:
        _log(uow, target, "merged", absorbed, size, now)


def _new_network(uow: UnitOfWork, now: datetime) -> IntelNetwork:
    seq = (uow.session.scalar(select(func.max(IntelNetwork.seq))) or 0) + 1
    network = IntelNetwork(
        id=new_id(), label=label_for(seq), seq=seq, status="active", size=0, created_at=now, updated_at=now
    )
    uow.session.add(network)
    uow.session.flush()
    _log(uow, network.id, "created", [], 0, now)
    return network


#: Odd, so multiplying by it modulo 2**32 is a bijection.
_LABEL_MULTIPLIER = 0x9E3779B1
_LABEL_MASK = 0xFFFFFFFF


def label_for(seq: int) -> str:
    """A network's label from its unique birth number ``seq``: a bijection on the low 32 bits, so two
    networks never share a label (random 32-bit labels collided: about even odds by 77,000
    networks). It does not read as a count of networks; it is not a secret."""
    high, low = divmod(seq, 1 << 32)
    mixed = ((low * _LABEL_MULTIPLIER) & _LABEL_MASK) ^ 0x5A5A5A5A
    return f"FN-{high:X}{mixed:08X}" if high else f"FN-{mixed:08X}"


def _refresh_size(uow: UnitOfWork, network_id: uuid.UUID, now: datetime) -> int:
    size = uow.session.scalar(
        select(func.count()).select_from(IntelReport).where(IntelReport.network_id == network_id)
    )
    uow.session.execute(
        update(IntelNetwork).where(IntelNetwork.id == network_id).values(size=size or 0, updated_at=now)
    )
    return int(size or 0)


def _log(
    uow: UnitOfWork, network_id: uuid.UUID, kind: str, others: list[uuid.UUID], size: int, at: datetime
) -> None:
    uow.session.add(
        IntelNetworkChange(
            id=new_id(),
            network_id=network_id,
            kind=kind,
            other_ids=[str(o) for o in others],
            size=size,
            at=at,
        )
    )


def recompute(uow: UnitOfWork, network_id: uuid.UUID) -> None:
    """Split a network whose links were cut (a delete, a value turning hot) into its components."""
    members = list(uow.session.scalars(select(IntelReport.id).where(IntelReport.network_id == network_id)))
    if not members:
        return
    edges = _member_edges(uow, members)
    parts = components((str(m) for m in members), edges)
    now = uow.clock.now()
    keep, rest = parts[0], parts[1:]
    split_off: list[uuid.UUID] = []
    for part in rest:
        ids = [uuid.UUID(node) for node in part]
        target = _new_network(uow, now).id if len(part) > 1 else None
        for start in range(0, len(ids), CHUNK):
            stmt = update(IntelReport).where(IntelReport.id.in_(ids[start : start + CHUNK]))
            uow.session.execute(stmt.values(network_id=target))
        if target is not None:
            _refresh_size(uow, target, now)
            split_off.append(target)
    if len(keep) == 1:
        _dissolve(uow, network_id, uuid.UUID(next(iter(keep))), now)
        return
    size = _refresh_size(uow, network_id, now)
    if rest:
        _log(uow, network_id, "split", split_off, size, now)


def _dissolve(uow: UnitOfWork, network_id: uuid.UUID, last: uuid.UUID, now: datetime) -> None:
    uow.session.execute(update(IntelReport).where(IntelReport.id == last).values(network_id=None))
    uow.session.execute(
        update(IntelNetwork)
        .where(IntelNetwork.id == network_id)
        .values(status="dissolved", size=0, updated_at=now)
    )
    _log(uow, network_id, "dissolved", [], 0, now)


def _member_edges(uow: UnitOfWork, members: list[uuid.UUID]) -> list[tuple[str, str]]:
    by_identifier: dict[uuid.UUID, list[str]] = {}
    for start in range(0, len(members), CHUNK):
        stmt = (
            select(IntelOccurrence.identifier_id, IntelOccurrence.report_id)
            .join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
            .where(
                IntelOccurrence.report_id.in_(members[start : start + CHUNK]),
                IntelOccurrence.side == Side.SCAM.value,
                IntelIdentifier.linkable.is_(True),
            )
            .distinct()
        )
        for identifier_id, report_id in uow.session.execute(stmt):
            by_identifier.setdefault(identifier_id, []).append(str(report_id))
    return [(nodes[0], other) for nodes in by_identifier.values() for other in nodes[1:]]


def networks_of(uow: UnitOfWork, identifier_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Networks holding scam-side sightings of these identifiers (before they stop linking)."""
    wanted = list(set(identifier_ids))
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), CHUNK):
        stmt = (
            select(IntelReport.network_id)
            .join(IntelOccurrence, IntelOccurrence.report_id == IntelReport.id)
            .where(
                IntelOccurrence.identifier_id.in_(wanted[start : start + CHUNK]),
                IntelOccurrence.side == Side.SCAM.value,
                IntelReport.network_id.is_not(None),
            )
            .distinct()
        )
        found.update(n for n in uow.session.scalars(stmt) if n is not None)
    return found
