"""Write the log, its checkpoints and a signed seal as canonical JSON lines."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Mapping

from sqlalchemy import select

from jointdesk.audit.canonical import canonical_json
from jointdesk.audit.models import AuditEvent, AuditHead, LogCheckpoint
from jointdesk.audit.recorder import HEAD_ID
from jointdesk.audit.signing import node_vkey, signer_from
from jointdesk.audit.verify import EXPORT_FORMAT, seal_message
from jointdesk.db.uow import UnitOfWork


def export_lines(uow: UnitOfWork, *, batch: int = 5_000) -> bytes:
    """The whole export as bytes: header, one line per leaf, checkpoints, then the seal."""
    size = _size(uow)
    body = bytearray()
    header = {
        "kind": "header",
        "format": EXPORT_FORMAT,
        "origin": uow.secrets.origin,
        "log_key": node_vkey(uow.secrets),
        "size": size,
    }
    body += _line(header)
    for event in _events(uow, size, batch):
        leaf = {"kind": "leaf", "seq": event.seq, "entry": event.entry, "leaf_hash": event.leaf_hash}
        body += _line(leaf)
    for checkpoint in uow.session.scalars(select(LogCheckpoint).order_by(LogCheckpoint.size)):
        body += _line({"kind": "checkpoint", "size": checkpoint.size, "note": checkpoint.note})
    digest = hashlib.sha256(bytes(body)).digest()
    signature = signer_from(uow.secrets).private_key.sign(seal_message(digest))
    seal = {"kind": "seal", "sha256": digest.hex(), "signature": base64.b64encode(signature).decode()}
    return bytes(body + _line(seal))


def _size(uow: UnitOfWork) -> int:
    """The head's size, not the rows present: a deleted row must show up as a gap."""
    head = uow.session.get(AuditHead, HEAD_ID)
    return head.size if head else 0


def _events(uow: UnitOfWork, size: int, batch: int) -> Iterator[AuditEvent]:
    for start in range(0, size, batch):
        yield from uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.seq >= start, AuditEvent.seq < start + batch)
            .order_by(AuditEvent.seq)
        )


def _line(value: Mapping[str, object]) -> bytes:
    return canonical_json(value).encode() + b"\n"
