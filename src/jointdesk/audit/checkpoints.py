"""Signed tree heads: publish, list, and serve inclusion and consistency proofs."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlalchemy import func, select

from jointdesk.audit.checkpoint import Checkpoint, sign_note
from jointdesk.audit.events import AuditLogEvent
from jointdesk.audit.merkle import consistency_proof, inclusion_proof
from jointdesk.audit.models import AuditEvent, AuditHead, LogCheckpoint, LogKey
from jointdesk.audit.recorder import HEAD_ID, record
from jointdesk.audit.signing import node_vkey, signer_from
from jointdesk.authz.principal import Principal
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import InvalidInput, NotFound
from jointdesk.kernel.ids import new_id


@dataclass(frozen=True)
class CheckpointView:
    size: int
    root: str
    note: str


def publish_checkpoint(uow: UnitOfWork, principal: Principal) -> CheckpointView | None:
    """Sign the current head unless nothing but the last checkpoint's own event was added."""
    head = uow.session.get(AuditHead, HEAD_ID)
    if head is None or head.size == 0:
        return None
    last = latest_checkpoint(uow)
    if last is not None and head.size <= last.size + 1 and _only_checkpoint_since(uow, last.size):
        return None
    view = _sign_head(uow, head)
    record(
        uow,
        principal,
        AuditLogEvent.CHECKPOINT_PUBLISHED,
        fields={"size": view.size, "root": view.root},
    )
    return view


def _only_checkpoint_since(uow: UnitOfWork, size: int) -> bool:
    newer = uow.session.scalars(select(AuditEvent.event_type).where(AuditEvent.seq >= size))
    return all(t == AuditLogEvent.CHECKPOINT_PUBLISHED.value for t in newer)


def _sign_head(uow: UnitOfWork, head: AuditHead) -> CheckpointView:
    signer = signer_from(uow.secrets)
    root = bytes.fromhex(head.root)
    body = Checkpoint(origin=uow.secrets.origin, size=head.size, root=root).body()
    note = sign_note(body, signer)
    _remember_key(uow)
    uow.session.add(
        LogCheckpoint(
            size=head.size,
            root=head.root,
            note=note,
            key_name=signer.name,
            created_at=uow.clock.now(),
        )
    )
    uow.session.flush()
    return CheckpointView(size=head.size, root=head.root, note=note)


def _remember_key(uow: UnitOfWork) -> None:
    vkey = node_vkey(uow.secrets)
    if uow.session.scalar(select(LogKey.id).where(LogKey.vkey == vkey)) is None:
        uow.session.add(LogKey(id=new_id(), vkey=vkey, created_at=uow.clock.now()))


def latest_checkpoint(uow: UnitOfWork) -> CheckpointView | None:
    row = uow.session.scalar(select(LogCheckpoint).order_by(LogCheckpoint.size.desc()).limit(1))
    return CheckpointView(size=row.size, root=row.root, note=row.note) if row else None


def list_checkpoints(uow: UnitOfWork, *, limit: int = 50) -> list[CheckpointView]:
    rows = uow.session.scalars(select(LogCheckpoint).order_by(LogCheckpoint.size.desc()).limit(limit))
    return [CheckpointView(size=r.size, root=r.root, note=r.note) for r in rows]


def tree_size(uow: UnitOfWork) -> int:
    return int(uow.session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def leaf_hashes(uow: UnitOfWork, size: int) -> list[bytes]:
    rows = uow.session.scalars(
        select(AuditEvent.leaf_hash).where(AuditEvent.seq < size).order_by(AuditEvent.seq)
    )
    return [bytes.fromhex(h) for h in rows]


def _checked_size(uow: UnitOfWork, size: int, field: str) -> None:
    if size < 0 or size > tree_size(uow):
        raise InvalidInput(f"tree size {size} is outside the log (0..{tree_size(uow)})", field=field)


def inclusion(uow: UnitOfWork, *, seq: int, size: int) -> dict[str, object]:
    """Inclusion proof of leaf ``seq`` in the tree of ``size`` leaves (base64 hashes)."""
    _checked_size(uow, size, "tree_size")
    if not 0 <= seq < size:
        raise InvalidInput(f"leaf {seq} is not in a tree of size {size}", field="seq")
    hashes = leaf_hashes(uow, size)
    proof = inclusion_proof(hashes, seq)
    event = uow.session.get(AuditEvent, seq)
    if event is None:
        raise NotFound(f"leaf {seq} not found")
    return {
        "leaf_index": seq,
        "tree_size": size,
        "leaf_hash": _b64(hashes[seq]),
        "entry": event.entry,
        "proof": [_b64(p) for p in proof],
    }


def consistency(uow: UnitOfWork, *, first: int, second: int) -> dict[str, object]:
    """Consistency proof that the tree of ``first`` leaves is a prefix of ``second``."""
    _checked_size(uow, second, "second")
    if not 0 < first <= second:
        raise InvalidInput("first must be between 1 and second", field="first")
    proof = consistency_proof(leaf_hashes(uow, second), first)
    return {"first": first, "second": second, "proof": [_b64(p) for p in proof]}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
