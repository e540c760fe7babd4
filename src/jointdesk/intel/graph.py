"""Step-by-step graph expansion for the network page: reports, identifiers and money hops.

A report node expands to its identifiers; an identifier node expands to the reports the caller may
see (hot values page: at most ``limit``); money hops join the payer and payee identifiers.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select

from jointdesk.authz import Permission, Principal, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.intel import repository as repo
from jointdesk.intel.models import IntelIdentifier, IntelOccurrence, IntelReport, IntelTransaction
from jointdesk.kernel.errors import InvalidInput, NotFound

NodeKind = Literal["report", "identifier"]
DEFAULT_LIMIT = 200


class GraphNode(BaseModel):
    id: str
    kind: NodeKind
    label: str
    attrs: dict[str, Any]


class GraphEdge(BaseModel):
    source: str
    target: str
    kind: str  # sighting | money
    attrs: dict[str, Any]


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = False


def expand(
    uow: UnitOfWork,
    principal: Principal,
    *,
    kind: NodeKind,
    node_id: uuid.UUID,
    id_types: set[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> Graph:
    """One step out from a node, within the caller's visibility, optionally by identifier type."""
    ensure_readable(principal, Permission.INTEL_NETWORK_READ)
    if not 1 <= limit <= 5000:
        raise InvalidInput("limit is between 1 and 5,000", field="limit")
    if kind == "report":
        return _from_report(uow, principal, node_id, id_types)
    if kind == "identifier":
        return _from_identifier(uow, principal, node_id, limit)
    raise InvalidInput("kind is report or identifier", field="kind")


def two_hops(
    uow: UnitOfWork, principal: Principal, report_id: uuid.UUID, *, limit: int = DEFAULT_LIMIT
) -> Graph:
    """Seed report → its identifiers → their reports (the neighbourhood an analyst opens first)."""
    first = expand(uow, principal, kind="report", node_id=report_id)
    nodes = {n.id: n for n in first.nodes}
    edges = list(first.edges)
    truncated = False
    for node in first.nodes:
        if node.kind == "identifier" and node.attrs.get("linkable"):
            step = expand(uow, principal, kind="identifier", node_id=uuid.UUID(node.id[2:]), limit=limit)
            truncated |= step.truncated
            nodes.update({n.id: n for n in step.nodes})
            edges.extend(e for e in step.edges if e.source != f"r:{report_id}")
    return Graph(nodes=list(nodes.values()), edges=edges, truncated=truncated)


def _from_report(
    uow: UnitOfWork, principal: Principal, report_id: uuid.UUID, id_types: set[str] | None
) -> Graph:
    report = repo.visible_report(uow, principal, report_id)
    rows = uow.session.execute(
        select(IntelOccurrence, IntelIdentifier)
        .join(IntelIdentifier, IntelIdentifier.id == IntelOccurrence.identifier_id)
        .where(IntelOccurrence.report_id == report.id)
    ).all()
    nodes = {f"r:{report.id}": _report_node(report)}
    edges: list[GraphEdge] = []
    for occurrence, identifier in rows:
        if id_types and identifier.id_type not in id_types:
            continue
        nodes[f"i:{identifier.id}"] = _identifier_node(identifier)
        edges.append(_sighting_edge(report, occurrence, identifier))
    edges += _money_edges(uow, report.id, set(nodes))
    return Graph(nodes=list(nodes.values()), edges=edges)


def _from_identifier(uow: UnitOfWork, principal: Principal, identifier_id: uuid.UUID, limit: int) -> Graph:
    identifier = uow.session.get(IntelIdentifier, identifier_id)
    rows = repo.visible_sightings_of(uow, principal, identifier_id, limit + 1)
    if identifier is None or not rows:
        raise NotFound("identifier not found")
    nodes = {f"i:{identifier.id}": _identifier_node(identifier)}
    edges: list[GraphEdge] = []
    for report, occurrence in rows[:limit]:
        nodes[f"r:{report.id}"] = _report_node(report)
        edges.append(_sighting_edge(report, occurrence, identifier))
    return Graph(nodes=list(nodes.values()), edges=edges, truncated=len(rows) > limit)


def _sighting_edge(
    report: IntelReport, occurrence: IntelOccurrence, identifier: IntelIdentifier
) -> GraphEdge:
    return GraphEdge(
        source=f"r:{report.id}",
        target=f"i:{identifier.id}",
        kind="sighting",
        attrs={"role": occurrence.role, "side": occurrence.side, "links": _links(occurrence, identifier)},
    )


def _links(occurrence: IntelOccurrence, identifier: IntelIdentifier) -> bool:
    return occurrence.side == "scam" and identifier.linkable


def _money_edges(uow: UnitOfWork, report_id: uuid.UUID, present: set[str]) -> list[GraphEdge]:
    stmt = select(IntelTransaction).where(IntelTransaction.report_id == report_id)
    edges: list[GraphEdge] = []
    for tx in uow.session.scalars(stmt):
        source, target = f"i:{tx.payer_identifier_id}", f"i:{tx.payee_identifier_id}"
        if tx.payer_identifier_id and tx.payee_identifier_id and {source, target} <= present:
            attrs = {
                "hop": tx.hop,
                "amount": str(tx.amount),
                "currency": tx.currency,
                "at": tx.occurred_at.isoformat(),
            }
            edges.append(GraphEdge(source=source, target=target, kind="money", attrs=attrs))
    return edges


def _report_node(report: IntelReport) -> GraphNode:
    return GraphNode(
        id=f"r:{report.id}",
        kind="report",
        label=report.crime_reference_no,
        attrs={
            "typology": report.typology_code,
            "received_at": report.received_at.isoformat(),
            "jurisdiction": report.jurisdiction,
            "network_id": str(report.network_id) if report.network_id else None,
        },
    )


def _identifier_node(identifier: IntelIdentifier) -> GraphNode:
    return GraphNode(
        id=f"i:{identifier.id}",
        kind="identifier",
        label=identifier.display or identifier.canonical,
        attrs={
            "id_type": identifier.id_type,
            "state": identifier.state,
            "state_reason": identifier.state_reason,
            "linkable": identifier.linkable,
            "n_reports": identifier.n_reports,
        },
    )
