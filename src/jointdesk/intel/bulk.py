"""Bulk ingestion: many reports per transaction, leaving the state one-by-one filing would leave.

Same end state as :func:`jointdesk.intel.filing.file_report` per report (reports, victims,
identifiers stored once with counters and hot states, occurrences, transactions, networks equal
to the connected components through linkable scam-side sightings), but set-based: a chunk is
normalised first (:func:`prepare`, pure, so it may run in worker processes), identifiers are
upserted with one select and two executemany statements, rows are bulk inserted, and networks are
maintained once per chunk (union-find over the chunk's linkable identifiers). Suggestions are left
to the ``intel.suggest`` job and nothing is audited here: the caller records one event per batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select, update

from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.indicators import Normalised, Result
from jointdesk.intel import networks, registry
from jointdesk.intel import repository as repo
from jointdesk.intel.bulk_prepare import Context, Failure, Prepared, prepare
from jointdesk.intel.bulk_sql import insert_rows, update_rows
from jointdesk.intel.linking import Side, State, components, hot_threshold, is_linkable, side_of
from jointdesk.intel.models import (
    IntelIdentifier,
    IntelNetwork,
    IntelNetworkChange,
    IntelOccurrence,
    IntelReport,
    IntelTransaction,
    IntelVictim,
)
from jointdesk.intel.registry import Sighting
from jointdesk.intel.schemas import ReportIn
from jointdesk.kernel.fieldcrypt import encrypt_field
from jointdesk.kernel.ids import new_id

CHUNK = 500
IN_LIMIT = 1000  # values per IN (...) list
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A chunk's result: new report ids, duplicates skipped (by ``source_ref``), failures."""

    imported: list[uuid.UUID]
    duplicates: list[int]
    failures: list[Failure]


def context(uow: UnitOfWork, principal: Principal) -> Context:
    if principal.agency_id is None:
        raise ValueError("bulk filing needs an agency")
    return Context(
        agency_id=principal.agency_id,
        user_id=principal.user_id,
        country=repo.agency_country(uow, principal.agency_id),
        identifier_key=uow.secrets.identifier_key,
        field_key=uow.secrets.field_key,
        now=uow.clock.now(),
    )


def ingest(uow: UnitOfWork, principal: Principal, commands: Sequence[ReportIn]) -> Outcome:
    """File ``commands`` (``Outcome`` indices are positions in it) in the caller's transaction."""
    return ingest_prepared(uow, principal, prepare(enumerate(commands), context(uow, principal)))


def ingest_prepared(uow: UnitOfWork, principal: Principal, items: Sequence[Prepared | Failure]) -> Outcome:
    ensure(principal, Permission.INTEL_REPORT_CREATE)
    if principal.agency_id is None:
        raise ValueError("bulk filing needs an agency")
    networks.lock_graph(uow)
    ready = [item for item in items if isinstance(item, Prepared)]
    fresh, duplicates = _fresh(uow, principal.agency_id, ready)
    if fresh:
        now = fresh[0].report["created_at"]
        stored = _upsert_identifiers(uow, fresh, now)
        parts = _components(uow, fresh, stored)  # before the chunk's rows: no need to read them back
        _insert_rows(uow, fresh, stored.ids, now)
        if parts:
            _Joiner(uow, now, parts).run()
        uow.session.expire_all()
    failures = [item for item in items if isinstance(item, Failure)]
    return Outcome([p.report["id"] for p in fresh], duplicates, failures)


def _fresh(uow: UnitOfWork, agency_id: uuid.UUID, ready: list[Prepared]) -> tuple[list[Prepared], list[int]]:
    """Drop reports whose ``source_ref`` is already in (before or earlier in this chunk)."""
    refs = [p.source_ref for p in ready if p.source_ref]
    seen: set[str] = set()
    for start in range(0, len(refs), IN_LIMIT):
        wanted = refs[start : start + IN_LIMIT]
        mine = (IntelReport.owner_agency_id == agency_id, IntelReport.source_ref.in_(wanted))
        stmt = select(IntelReport.source_ref).where(*mine)  # convention: allow - own agency's import keys
        seen.update(ref for ref in uow.session.scalars(stmt) if ref)
    fresh: list[Prepared] = []
    duplicates: list[int] = []
    for item in ready:
        if item.source_ref and item.source_ref in seen:
            duplicates.append(item.index)
            continue
        if item.source_ref:
            seen.add(item.source_ref)
        fresh.append(item)
    return fresh, duplicates


@dataclass(frozen=True, slots=True)
class _Stored:
    ids: dict[str, uuid.UUID]  # key -> identifier id
    linkable: set[uuid.UUID]  # touched identifiers that link after this chunk
    turned_off: set[uuid.UUID]  # identifiers that linked before and turned hot here


_COLUMNS = ("id", "key", "id_type", "state", "hot_cleared", "linkable", "n_reports", "last_seen")


def _upsert_identifiers(uow: UnitOfWork, fresh: list[Prepared], now: datetime) -> _Stored:
    first: dict[str, Result] = {}
    reports_of: dict[str, int] = {}
    for item in fresh:
        for key, sighting in zip(item.keys, item.sightings, strict=True):
            first.setdefault(key, sighting.result)
        for key in set(item.keys):
            reports_of[key] = reports_of.get(key, 0) + 1
    rows = _existing(uow, list(first))
    created = {key: _identifier_row(result, key, now) for key, result in first.items() if key not in rows}
    was_linkable = {key for key, row in rows.items() if row["linkable"]}
    rows |= created
    overrides = registry.thresholds(uow)
    for key, row in rows.items():
        _count(row, reports_of[key], now, overrides)
    insert_rows(uow.session, IntelIdentifier, list(created.values()))
    update_rows(
        uow.session, IntelIdentifier, [_changes(row) for key, row in rows.items() if key not in created]
    )
    return _Stored(
        ids={key: row["id"] for key, row in rows.items()},
        linkable={row["id"] for row in rows.values() if row["linkable"]},
        turned_off={rows[key]["id"] for key in was_linkable if not rows[key]["linkable"]},
    )


def _existing(uow: UnitOfWork, keys: list[str]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    columns = [getattr(IntelIdentifier, name) for name in _COLUMNS]
    for start in range(0, len(keys), IN_LIMIT):
        stmt = select(*columns).where(IntelIdentifier.key.in_(keys[start : start + IN_LIMIT]))
        for values in uow.session.execute(stmt):
            row = dict(zip(_COLUMNS, values, strict=True))
            found[row["key"]] = row
    return found


def _identifier_row(result: Result, key: str, now: datetime) -> Row:
    if isinstance(result, Normalised):
        listed = registry.WARNING_FLAG in result.flags or result.strength == "-"
        state = State.WARNINGLISTED if listed else State.NORMAL
        row: Row = {
            "canonical": result.canonical[:512],
            "display": (result.display or result.canonical)[:512],
            "status": "normalised",
            "reason": None,
            "strength": result.strength,
            "state": state.value,
            "state_reason": _listed_reason(result) if listed else None,
            "attrs": dict(result.attrs),
        }
    else:
        shown = (result.display or ("[protected]" if result.protected else result.raw.strip()))[:512]
        row = {
            "canonical": shown,
            "display": shown,
            "status": "rejected",
            "reason": result.reason,
            "strength": "-",
            "state": State.INVALID.value,
            "state_reason": result.message[:200],
            "attrs": {},
        }
    row.update(id=new_id(), key=key, id_type=result.id_type, flags=sorted(result.flags), hot_cleared=False)
    row.update(normaliser_version=result.normaliser_version, n_reports=0, first_seen=now, last_seen=now)
    row["linkable"] = is_linkable(status=row["status"], strength=row["strength"], state=row["state"])
    return row


def _listed_reason(result: Normalised) -> str:
    label = result.attrs.get("warning") or result.attrs.get("label") or result.attrs.get("asset")
    base = "warning list" if registry.WARNING_FLAG in result.flags else "weak by rule"
    return f"{base}: {label}" if label else base


def _count(row: Row, reports: int, now: datetime, overrides: dict[str, int]) -> None:
    """Add this chunk's reports; flip to hot past the type's threshold (as registry._maybe_hot)."""
    row["n_reports"] += reports
    row["last_seen"] = max(row["last_seen"], now)
    limit = hot_threshold(row["id_type"], overrides)
    if row["state"] == State.NORMAL and not row["hot_cleared"] and row["n_reports"] > limit:
        row["state"], row["state_reason"] = State.HOT.value, f"hot: seen in more than {limit} reports"
        row["linkable"] = False


def _changes(row: Row) -> Row:
    changed = {name: row[name] for name in ("id", "n_reports", "last_seen", "state", "linkable")}
    if "state_reason" in row:  # turned hot in this chunk
        changed["state_reason"] = row["state_reason"]
    return changed


def _insert_rows(uow: UnitOfWork, fresh: list[Prepared], ids: dict[str, uuid.UUID], now: datetime) -> None:
    insert_rows(uow.session, IntelReport, [item.report for item in fresh])
    insert_rows(uow.session, IntelVictim, [item.victim for item in fresh if item.victim is not None])
    field_key = uow.secrets.field_key
    occurrences = [
        _occurrence(item.report["id"], ids[key], sighting, now, field_key)
        for item in fresh
        for key, sighting in zip(item.keys, item.sightings, strict=True)
    ]
    insert_rows(uow.session, IntelOccurrence, occurrences)
    transactions = [
        row | {"payer_identifier_id": ids.get(payer or ""), "payee_identifier_id": ids.get(payee or "")}
        for item in fresh
        for row, payer, payee in item.transactions
    ]
    insert_rows(uow.session, IntelTransaction, transactions)


def _occurrence(
    report_id: uuid.UUID, identifier_id: uuid.UUID, item: Sighting, now: datetime, field_key: bytes
) -> Row:
    protected = item.result.protected
    return {
        "id": new_id(),
        "identifier_id": identifier_id,
        "report_id": report_id,
        "role": item.role.value,
        "side": side_of(item.role).value,
        "raw_value": None if protected else item.result.raw[:512],
        "raw_encrypted": encrypt_field(field_key, item.result.raw) if protected else None,
        "confidence": round(item.confidence, 4),
        "source": item.source,
        "observed_at": now,
    }


# --- networks: once per chunk ----------------------------------------------------------------


def _components(uow: UnitOfWork, fresh: list[Prepared], stored: _Stored) -> list[set[str]]:
    """Split networks cut by values that turned hot; the chunk's reports joined to the graph.

    Runs before the chunk's rows are inserted: the graph's side comes from the database, the
    chunk's side from ``fresh`` (reading the new rows back would only repeat it).
    """
    for network_id in networks.networks_of(uow, stored.turned_off):
        networks.recompute(uow, network_id)
    if not stored.linkable:
        return []
    groups: dict[uuid.UUID, set[str]] = {}
    for item in fresh:
        node = f"r:{item.report['id']}"
        for key, sighting in zip(item.keys, item.sightings, strict=True):
            identifier_id = stored.ids[key]
            if identifier_id in stored.linkable and side_of(sighting.role) == Side.SCAM:
                groups.setdefault(identifier_id, set()).add(node)
    for identifier_id, node in _attachments(uow, list(groups)):
        groups[identifier_id].add(node)
    edges = [(first, other) for first, nodes in _firsts(groups) for other in nodes if other != first]
    nodes = {node for group in groups.values() for node in group}
    return [part for part in components(nodes, edges) if len(part) > 1]


def _firsts(groups: dict[uuid.UUID, set[str]]) -> list[tuple[str, set[str]]]:
    return [(min(nodes), nodes) for nodes in groups.values()]


def _attachments(uow: UnitOfWork, identifier_ids: list[uuid.UUID]) -> list[tuple[uuid.UUID, str]]:
    """Existing networks (``n:``) and lone active reports (``r:``) reached through these identifiers.

    The plan must start from the sightings' (identifier, report) index: ``lower(status)`` keeps
    SQLite's planner (no statistics) from walking every report through the status index instead.
    """
    alone = case((IntelReport.network_id.is_(None), IntelReport.id), else_=None)
    found: list[tuple[uuid.UUID, str]] = []
    for start in range(0, len(identifier_ids), IN_LIMIT):
        stmt = (
            select(IntelOccurrence.identifier_id, IntelReport.network_id, alone)
            .join(IntelReport, IntelReport.id == IntelOccurrence.report_id)
            .where(
                IntelOccurrence.identifier_id.in_(identifier_ids[start : start + IN_LIMIT]),
                IntelOccurrence.side == Side.SCAM.value,
                func.lower(IntelReport.status) == "active",
            )
            .distinct()
        )
        for identifier_id, network_id, report_id in uow.session.execute(stmt):
            found.append((identifier_id, f"n:{network_id}" if network_id else f"r:{report_id}"))
    return found


class _Joiner:
    """Join each component: the oldest network keeps its id (a new one when there is none)."""

    def __init__(self, uow: UnitOfWork, now: datetime, parts: list[set[str]]) -> None:
        self.uow, self.now, self.parts = uow, now, parts
        wanted = [uuid.UUID(node[2:]) for part in parts for node in part if node.startswith("n:")]
        self.known = self._networks(wanted)
        self.next_seq = (uow.session.scalar(select(func.max(IntelNetwork.seq))) or 0) + 1
        self.created: list[Row] = []
        self.changes: list[Row] = []
        self.sizes: dict[uuid.UUID, int] = {}
        self.assigned: list[Row] = []
        self.absorbed: dict[uuid.UUID, uuid.UUID] = {}

    def _networks(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int]]:
        found: dict[uuid.UUID, tuple[int, int]] = {}
        for start in range(0, len(ids), IN_LIMIT):
            stmt = select(IntelNetwork.id, IntelNetwork.seq, IntelNetwork.size).where(
                IntelNetwork.id.in_(ids[start : start + IN_LIMIT])
            )
            found.update({row[0]: (row[1], row[2]) for row in self.uow.session.execute(stmt)})
        return found

    def run(self) -> None:
        for part in self.parts:
            self._join(part)
        session = self.uow.session
        insert_rows(session, IntelNetwork, self.created)
        for target_id, absorbed in _by_target(self.absorbed).items():
            for start in range(0, len(absorbed), IN_LIMIT):
                chunk = absorbed[start : start + IN_LIMIT]
                stmt = update(IntelReport).where(IntelReport.network_id.in_(chunk))
                session.execute(stmt.values(network_id=target_id))
        update_rows(session, IntelReport, self.assigned)
        merged = [
            {"id": n, "status": "merged", "merged_into": t, "size": 0, "updated_at": self.now}
            for n, t in self.absorbed.items()
        ]
        sizes = [{"id": n, "size": size, "updated_at": self.now} for n, size in self.sizes.items()]
        update_rows(session, IntelNetwork, merged + sizes)
        insert_rows(session, IntelNetworkChange, self.changes)

    def _join(self, part: set[str]) -> None:
        olds = sorted((uuid.UUID(n[2:]) for n in part if n.startswith("n:")), key=lambda n: self.known[n][0])
        reports = [uuid.UUID(n[2:]) for n in part if n.startswith("r:")]
        target = olds[0] if olds else self._new_network()
        size = sum(self.known[n][1] for n in olds) + len(reports)
        self.assigned += [{"id": report_id, "network_id": target} for report_id in reports]
        for other in olds[1:]:
            self.absorbed[other] = target
        if olds[1:]:
            self._log(target, "merged", olds[1:], size)
        if olds:
            self.sizes[target] = size
        else:
            self.created[-1]["size"] = size

    def _new_network(self) -> uuid.UUID:
        network_id, seq = new_id(), self.next_seq
        self.created.append(
            {"id": network_id, "label": networks.label_for(seq), "seq": seq, "status": "active"}
            | {"merged_into": None, "size": 0, "created_at": self.now, "updated_at": self.now}
        )
        self.next_seq += 1
        self._log(network_id, "created", [], 0)
        return network_id

    def _log(self, network_id: uuid.UUID, kind: str, others: list[uuid.UUID], size: int) -> None:
        self.changes.append(
            {"id": new_id(), "network_id": network_id, "kind": kind, "other_ids": [str(o) for o in others]}
            | {"size": size, "at": self.now}
        )


def _by_target(absorbed: dict[uuid.UUID, uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    grouped: dict[uuid.UUID, list[uuid.UUID]] = {}
    for network_id, target in absorbed.items():
        grouped.setdefault(target, []).append(network_id)
    return grouped
