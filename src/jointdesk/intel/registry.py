"""Identifiers stored once, sightings linked to reports, counters and hot states (sharing.md §2.2–2.3).

Every value is kept: a normalised one under its canonical key, a rejected one under a key of its
raw value, with the reason. Counters change in the same transaction as the sighting.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from jointdesk.db.uow import UnitOfWork
from jointdesk.indicators import Normalised, Rejected, Result, keyed_hash, normalise
from jointdesk.indicators.types import UnknownType, get_type
from jointdesk.intel.linking import Role, State, hot_threshold, is_linkable, side_of
from jointdesk.intel.models import IntelHotThreshold, IntelIdentifier, IntelOccurrence
from jointdesk.kernel.errors import InvalidInput
from jointdesk.kernel.fieldcrypt import encrypt_field
from jointdesk.kernel.ids import new_id

WARNING_FLAG = "warning_list"


@dataclass(frozen=True, slots=True)
class Sighting:
    """A value about to be stored: its normal form (or rejection), role and where it came from."""

    result: Result
    role: Role
    source: str
    confidence: float


@dataclass(frozen=True, slots=True)
class StoredSightings:
    """What a batch of sightings changed: identifiers touched and those whose linkability flipped."""

    identifier_ids: set[uuid.UUID]
    turned_off: set[uuid.UUID]
    turned_on: set[uuid.UUID]


def check_type(id_type: str, field: str = "id_type") -> None:
    try:
        get_type(id_type)
    except UnknownType as exc:
        raise InvalidInput(f"unknown identifier type {id_type!r}", field=field) from exc


def sighting(
    id_type: str,
    raw: str,
    *,
    role: Role,
    source: str,
    region: str | None,
    key: bytes,
    confidence: float = 1.0,
) -> list[Sighting]:
    """Normalise one value; an EMV QR payload also yields the proxies found inside it."""
    result = normalise(id_type, raw, region=region, key=key)
    found = [Sighting(result, role, source, _confidence(result) * confidence)]
    if isinstance(result, Normalised):
        found += [Sighting(inner, role, source, _confidence(inner) * confidence) for inner in result.derived]
    return found


def _confidence(result: Result) -> float:
    return result.confidence if isinstance(result, Normalised) else 0.0


def identifier_key(result: Result, key: bytes) -> str:
    """The matching key: digest of ``type|canonical``; rejected values by (keyed) raw value."""
    if isinstance(result, Normalised):
        material = f"{result.id_type}|{result.canonical}"
    elif result.protected:
        material = f"{result.id_type}|rejected|{keyed_hash(key, result.raw)}"
    else:
        material = f"{result.id_type}|rejected|{result.raw.strip()}"
    return hashlib.sha256(material.encode()).hexdigest()


def thresholds(uow: UnitOfWork) -> dict[str, int]:
    """The node's own hot thresholds (defaults in ``linking.py`` for the other types)."""
    rows = uow.session.scalars(select(IntelHotThreshold))
    return {row.id_type: row.threshold for row in rows}


def store(
    uow: UnitOfWork,
    report_id: uuid.UUID,
    sightings: Sequence[Sighting],
    *,
    now: datetime,
    overrides: Mapping[str, int],
) -> StoredSightings:
    """Upsert identifiers, add the occurrences, bump counters once per report, update hot states."""
    keys = [identifier_key(s.result, uow.secrets.identifier_key) for s in sightings]
    known = existing_identifiers(uow, set(keys))
    seen_here = _already_in_report(uow, report_id, [known[k].id for k in keys if k in known])
    touched: set[uuid.UUID] = set()
    turned_off: set[uuid.UUID] = set()
    for item, ident_key in zip(sightings, keys, strict=True):
        row = known.get(ident_key)
        if row is None:
            row = _new_identifier(uow, item.result, ident_key, now)
            known[ident_key] = row
        if row.id not in seen_here:
            seen_here.add(row.id)
            row.n_reports += 1
            row.last_seen = max(row.last_seen, now)
            if _maybe_hot(row, overrides):
                turned_off.add(row.id)
        uow.session.add(_occurrence(uow, report_id, row, item, now))
        touched.add(row.id)
    uow.session.flush()
    return StoredSightings(touched, turned_off, set())


_KEY_CHUNK = 500  # keys per IN (...) list


def _key_chunks(keys: Iterable[str]) -> Iterator[list[str]]:
    wanted = list(keys)
    for start in range(0, len(wanted), _KEY_CHUNK):
        yield wanted[start : start + _KEY_CHUNK]


def existing_identifiers(uow: UnitOfWork, keys: Iterable[str]) -> dict[str, IntelIdentifier]:
    found: dict[str, IntelIdentifier] = {}
    for chunk in _key_chunks(keys):
        stmt = select(IntelIdentifier).where(IntelIdentifier.key.in_(chunk))
        found.update({row.key: row for row in uow.session.scalars(stmt)})
    return found


def _already_in_report(uow: UnitOfWork, report_id: uuid.UUID, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    stmt = select(IntelOccurrence.identifier_id).where(
        IntelOccurrence.report_id == report_id, IntelOccurrence.identifier_id.in_(ids)
    )
    return set(uow.session.scalars(stmt))


def _new_identifier(uow: UnitOfWork, result: Result, ident_key: str, now: datetime) -> IntelIdentifier:
    if isinstance(result, Normalised):
        listed = WARNING_FLAG in result.flags or result.strength == "-"
        state = State.WARNINGLISTED if listed else State.NORMAL
        row = IntelIdentifier(
            id=new_id(),
            key=ident_key,
            id_type=result.id_type,
            canonical=result.canonical[:512],
            display=(result.display or result.canonical)[:512],
            status="normalised",
            reason=None,
            strength=result.strength,
            state=state.value,
            state_reason=_listed_reason(result) if listed else None,
            flags=sorted(result.flags),
            attrs=dict(result.attrs),
            normaliser_version=result.normaliser_version,
        )
    else:
        row = _rejected_identifier(result, ident_key)
    row.hot_cleared = False
    row.n_reports, row.first_seen, row.last_seen = 0, now, now
    row.linkable = is_linkable(status=row.status, strength=row.strength, state=row.state)
    uow.session.add(row)
    return row


def _rejected_identifier(result: Rejected, ident_key: str) -> IntelIdentifier:
    shown = result.display or ("[protected]" if result.protected else result.raw.strip())
    return IntelIdentifier(
        id=new_id(),
        key=ident_key,
        id_type=result.id_type,
        canonical=shown[:512],
        display=shown[:512],
        status="rejected",
        reason=result.reason,
        strength="-",
        state=State.INVALID.value,
        state_reason=result.message[:200],
        flags=sorted(result.flags),
        attrs={},
        normaliser_version=result.normaliser_version,
    )


def _listed_reason(result: Normalised) -> str:
    label = result.attrs.get("warning") or result.attrs.get("label") or result.attrs.get("asset")
    base = "warning list" if WARNING_FLAG in result.flags else "weak by rule"
    return f"{base}: {label}" if label else base


def _maybe_hot(row: IntelIdentifier, overrides: Mapping[str, int]) -> bool:
    """Flip a normal identifier to hot when it links more reports than its type allows."""
    if row.state != State.NORMAL or row.hot_cleared:
        return False
    limit = hot_threshold(row.id_type, overrides)
    if row.n_reports <= limit:
        return False
    was_linkable = row.linkable
    row.state, row.state_reason = State.HOT.value, f"hot: seen in more than {limit} reports"
    row.linkable = False
    return was_linkable


def cool_down(row: IntelIdentifier, overrides: Mapping[str, int]) -> bool:
    """A hot identifier back at or under its threshold links again; True when it flipped on."""
    if row.state != State.HOT or row.n_reports > hot_threshold(row.id_type, overrides):
        return False
    row.state, row.state_reason = State.NORMAL.value, None
    row.linkable = is_linkable(status=row.status, strength=row.strength, state=row.state)
    return row.linkable


def _occurrence(
    uow: UnitOfWork, report_id: uuid.UUID, row: IntelIdentifier, item: Sighting, now: datetime
) -> IntelOccurrence:
    protected = item.result.protected
    return IntelOccurrence(
        id=new_id(),
        identifier_id=row.id,
        report_id=report_id,
        role=item.role.value,
        side=side_of(item.role).value,
        raw_value=None if protected else item.result.raw[:512],
        raw_encrypted=encrypt_field(uow.secrets.field_key, item.result.raw) if protected else None,
        confidence=round(item.confidence, 4),
        source=item.source,
        observed_at=now,
    )
