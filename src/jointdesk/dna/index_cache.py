"""One in-memory search index (:class:`~jointdesk.dna.index.StrIndex`) per search scope, kept in step
with the database.

A scope is what a search compares against: one agency's profiles in one database, real or sandbox
(dna.md §3.6 categories are applied at search time). Its index is built lazily by the first search and
then kept current:

- **in this process**, ORM events record the references of profiles inserted or deleted by a session;
  on commit they are handed to the scope's index, which applies them before the next search (rolled
  back changes are dropped). A session's own uncommitted changes to a scope make :func:`search` answer
  ``None`` so the caller compares row by row, seeing exactly what the transaction sees. Updates of
  profile rows and bulk DML statements rebuild every index;
- **from other processes** (workers, CLI imports), each search first reads the scope's fingerprint
  (row count and newest ``created_at``): on a change, profiles created after the last one seen are
  added, and if the count still differs (a deletion elsewhere) the index is rebuilt.

Answers are the index's, candidate for candidate equal to the compute module's matchers (property
tests in ``tests/unit/dna``). Searches of one scope run one at a time (the index keeps per-query caches).
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter, OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session, object_session

from jointdesk.db.uow import UnitOfWork
from jointdesk.dna import repository as repo
from jointdesk.dna.compute import CodisPolicy, DnaError, PrumPolicy
from jointdesk.dna.index import Candidate, IndexCapacityError, StrIndex
from jointdesk.dna.models import DnaProfile
from jointdesk.dna.rules import profile_from_json
from jointdesk.dna.service import to_compute

#: Scopes kept in memory; the least recently searched is dropped beyond this.
MAX_SCOPES = 32
_PENDING = "jointdesk.dna.index.pending"
_EVERYTHING = "jointdesk.dna.index.everything"
Fingerprint = tuple[int, datetime | None]


@dataclass(frozen=True)
class Scope:
    """One agency's profiles in one database, real or sandbox."""

    database: str
    agency_id: uuid.UUID
    sandbox: bool


@dataclass
class Changes:
    """References of committed (or, in a session, flushed) inserts and deletes of one scope."""

    inserted: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.inserted or self.deleted)

    def merge(self, other: Changes) -> None:
        """Add another batch of changes."""
        self.inserted |= other.inserted
        self.deleted |= other.deleted


@dataclass(frozen=True)
class Indexed:
    """An indexed search: the candidates (the query itself included if it is in scope) and the number
    of profiles of the searched categories in the scope."""

    candidates: list[Candidate]
    compared: int


class _Entry:
    """The index of one scope with its per-category counts and the fingerprint it reflects."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.index: StrIndex | None = None
        self.counts: Counter[str] = Counter()
        self.fingerprint: Fingerprint | None = None
        self.epoch = -1
        self.failed: Fingerprint | None = None
        self.changes = Changes()  # guarded by the registry's lock


class _Registry:
    """Entries by scope (least recently used dropped) and the epoch that invalidates them all."""

    def __init__(self, limit: int) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._entries: OrderedDict[Scope, _Entry] = OrderedDict()
        self.epoch = 0

    def entry(self, scope: Scope) -> _Entry:
        with self._lock:
            found = self._entries.get(scope)
            if found is None:
                found = self._entries[scope] = _Entry()
            self._entries.move_to_end(scope)
            while len(self._entries) > self._limit:
                self._entries.popitem(last=False)
            return found

    def publish(self, scope: Scope, changes: Changes) -> None:
        with self._lock:
            found = self._entries.get(scope)
            if found is not None:
                found.changes.merge(changes)

    def take(self, entry: _Entry) -> Changes:
        with self._lock:
            taken, entry.changes = entry.changes, Changes()
            return taken

    def drop(self, scope: Scope) -> None:
        with self._lock:
            self._entries.pop(scope, None)

    def invalidate_all(self) -> None:
        with self._lock:
            self.epoch += 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.epoch += 1


_registry = _Registry(MAX_SCOPES)


def scope_of(uow: UnitOfWork, agency_id: uuid.UUID, *, sandbox: bool) -> Scope:
    """The scope of an agency's profiles in the unit of work's database."""
    return Scope(_database(uow.session.get_bind().engine), agency_id, sandbox)


def search(
    uow: UnitOfWork,
    scope: Scope,
    query: DnaProfile,
    policy: CodisPolicy | PrumPolicy,
    categories: Collection[str],
) -> Indexed | None:
    """Search the scope's index, brought up to date first; ``None`` when the caller must compare row
    by row (its own uncommitted changes to the scope, or profiles the index cannot hold)."""
    if uow.session.info.get(_EVERYTHING) or scope in uow.session.info.get(_PENDING, {}):
        return None
    entry = _registry.entry(scope)
    with entry.lock:
        index = _synced(uow, scope, entry)
        if index is None:
            return None
        try:
            found = index.search(to_compute(query), policy, categories=categories)
        except DnaError:
            if isinstance(policy, CodisPolicy):
                raise
            found = []  # a mixture never takes part in Prüm (§3.4), as query or candidate
        return Indexed(found, sum(entry.counts[name] for name in set(categories)))


def invalidate(scope: Scope) -> None:
    """Forget a scope's index (the next search rebuilds it)."""
    _registry.drop(scope)


def reset() -> None:
    """Forget every index (tests)."""
    _registry.clear()


def indexed_profiles(scope: Scope) -> int | None:
    """Profiles held by a scope's index, ``None`` if it has none (tests and diagnostics)."""
    entry = _registry.entry(scope)
    with entry.lock:
        return None if entry.index is None else len(entry.index)


def _synced(uow: UnitOfWork, scope: Scope, entry: _Entry) -> StrIndex | None:
    fingerprint = repo.scope_fingerprint(uow, scope.agency_id, sandbox=scope.sandbox)
    changes = _registry.take(entry)
    current = entry.index is not None and entry.epoch == _registry.epoch
    if current and not changes and fingerprint == entry.fingerprint:
        return entry.index
    if entry.failed == fingerprint:
        return None
    try:
        if current and _caught_up(uow, scope, entry, changes, fingerprint):
            return entry.index
        return _rebuilt(uow, scope, entry)
    except (IndexCapacityError, DnaError):
        entry.index, entry.failed = None, fingerprint
        return None


def _caught_up(
    uow: UnitOfWork, scope: Scope, entry: _Entry, changes: Changes, fingerprint: Fingerprint
) -> bool:
    """Apply known deletions, add profiles created since the last one seen (or known inserted);
    ``True`` if the index then holds as many profiles as the scope."""
    for ref in changes.deleted:
        _remove(entry, ref)
    index = entry.index
    if index is None:
        return False
    newest = entry.fingerprint[1] if entry.fingerprint else None
    rows = repo.scope_rows(
        uow, scope.agency_id, sandbox=scope.sandbox, newer_than=newest, refs=changes.inserted
    )
    for row in rows:
        if row.profile_ref not in index:
            _add(index, entry.counts, row)
    if len(index) != fingerprint[0]:
        return False
    entry.fingerprint = fingerprint
    return True


def _rebuilt(uow: UnitOfWork, scope: Scope, entry: _Entry) -> StrIndex:
    epoch = _registry.epoch
    index = entry.index = StrIndex()
    entry.counts, entry.fingerprint = Counter(), None
    newest: datetime | None = None
    for row in repo.scope_rows(uow, scope.agency_id, sandbox=scope.sandbox):
        _add(index, entry.counts, row)
        newest = row.created_at if newest is None else max(newest, row.created_at)
    index.optimize()
    entry.fingerprint, entry.epoch, entry.failed = (len(index), newest), epoch, None
    return index


def _add(index: StrIndex, counts: Counter[str], row: repo.IndexRow) -> None:
    ref, category, mixture, loci, _created = row
    index.add(ref, profile_from_json(ref, loci, mixture=mixture, category=category), category)
    counts[category] += 1


def _remove(entry: _Entry, ref: str) -> None:
    index = entry.index
    if index is not None and ref in index:
        category = index.profile(ref).specimen_category
        index.remove(ref)
        if category is not None:
            entry.counts[category] -= 1


def _database(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


# ---------------------------------------------------------------------------------------------------
# ORM events: what a session changed, handed to the indexes when (and only if) it commits.


def _pending(session: Session) -> dict[Scope, Changes]:
    found: dict[Scope, Changes] = session.info.setdefault(_PENDING, {})
    return found


def _changes(connection: Any, target: DnaProfile) -> Changes | None:
    session = object_session(target)
    if session is None:
        return None
    scope = Scope(_database(connection.engine), target.owner_agency_id, bool(target.sandbox))
    return _pending(session).setdefault(scope, Changes())


@event.listens_for(DnaProfile, "after_insert")
def _inserted(_mapper: Any, connection: Any, target: DnaProfile) -> None:
    changes = _changes(connection, target)
    if changes is not None:
        changes.inserted.add(target.profile_ref)


@event.listens_for(DnaProfile, "after_delete")
def _deleted(_mapper: Any, connection: Any, target: DnaProfile) -> None:
    changes = _changes(connection, target)
    if changes is not None:
        changes.deleted.add(target.profile_ref)


@event.listens_for(DnaProfile, "after_update")
def _updated(_mapper: Any, _connection: Any, target: DnaProfile) -> None:
    session = object_session(target)
    if session is not None:
        session.info[_EVERYTHING] = True


@event.listens_for(Session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and _touches_profiles(state.statement):
        state.session.info[_EVERYTHING] = True


def _touches_profiles(statement: Any) -> bool:
    return getattr(statement, "table", None) is DnaProfile.__table__


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    pending: dict[Scope, Changes] = session.info.pop(_PENDING, {})
    for scope, changes in pending.items():
        _registry.publish(scope, changes)
    if session.info.pop(_EVERYTHING, False):
        _registry.invalidate_all()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_EVERYTHING, None)
