"""``record()``: the only writer of audit events and oversight leaves."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from jointdesk.audit.canonical import Coded, canonical_json, check_coded
from jointdesk.audit.events import AuditEventType, registry
from jointdesk.audit.frontier import append_leaf, decode_peaks, encode_peaks, root_of
from jointdesk.audit.models import AuditEvent, AuditHead, AuditOpening
from jointdesk.authz.principal import Principal
from jointdesk.db.uow import UnitOfWork

LEAF_SCHEMA = "jointdesk.audit/1"
HEAD_ID = 1


def timestamp(at: datetime) -> str:
    """RFC 3339 UTC with milliseconds: the one textual form of time in leaves."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def leaf_hash_hex(entry: str) -> str:
    return hashlib.sha256(b"\x00" + entry.encode()).hexdigest()


def record(
    uow: UnitOfWork,
    principal: Principal,
    event: AuditEventType,
    *,
    target: tuple[str, str] | None = None,
    fields: Mapping[str, Coded] | None = None,
    private: Mapping[str, Any] | None = None,
) -> int:
    """Append one event in the caller's transaction; returns its sequence number.

    ``fields`` are coded values that go into the public leaf; ``private`` (free text, real ids)
    stays in the case store and enters the leaf only as a salted commitment. Call it last in a
    service: it locks the log head until commit.
    """
    if event.value not in registry():
        raise ValueError(f"unregistered audit event {event.value!r}")
    coded = dict(fields or {})
    for name, value in coded.items():
        check_coded(name, value)
    head = _locked_head(uow)
    now = uow.clock.now()
    seq = head.size
    actor = _actor(uow, principal)
    target_leaf = _target(uow, target)
    full_record = {
        "event": event.value,
        "actor": {"user_id": str(principal.user_id or ""), "username": principal.username},
        "target": {"kind": target[0], "id": target[1]} if target else None,
        "fields": coded,
        "private": dict(private or {}),
    }
    salt = os.urandom(32)
    commitment = hashlib.sha256(salt + canonical_json(full_record).encode()).hexdigest()
    entry = canonical_json(
        {
            "schema": LEAF_SCHEMA,
            "seq": seq,
            "at": timestamp(now),
            "type": event.value,
            "actor": actor,
            "target": target_leaf,
            "fields": coded,
            "commitment": commitment,
        }
    )
    leaf = leaf_hash_hex(entry)
    uow.session.add(
        AuditEvent(
            seq=seq,
            recorded_at=now,
            event_type=event.value,
            actor_role=actor["role"],
            actor_pseudonym=actor["pseudonym"],
            target_kind=target_leaf["kind"] if target_leaf else None,
            target_pseudonym=target_leaf["pseudonym"] if target_leaf else None,
            entry=entry,
            leaf_hash=leaf,
        )
    )
    uow.session.add(AuditOpening(seq=seq, salt=salt, record=full_record))
    peaks = append_leaf(decode_peaks(head.peaks), bytes.fromhex(leaf))
    head.size, head.peaks, head.root = seq + 1, encode_peaks(peaks), root_of(peaks).hex()
    uow.session.flush()
    return seq


def _locked_head(uow: UnitOfWork) -> AuditHead:
    # Row lock on PostgreSQL; SQLite transactions already hold the write lock (BEGIN IMMEDIATE).
    head = uow.session.scalar(select(AuditHead).where(AuditHead.id == HEAD_ID).with_for_update())
    if head is None:
        raise RuntimeError("audit head row missing: run the database migrations")
    return head


def _actor(uow: UnitOfWork, principal: Principal) -> dict[str, str]:
    ident = str(principal.user_id) if principal.user_id else principal.username
    return {"role": principal.primary_role, "pseudonym": uow.secrets.staff_pseudonym(ident)}


def _target(uow: UnitOfWork, target: tuple[str, str] | None) -> dict[str, str] | None:
    if target is None:
        return None
    kind, ident = target
    check_coded("target.kind", kind)
    return {"kind": kind, "pseudonym": uow.secrets.record_pseudonym(kind, ident)}
