"""Verify the live database the way an outside auditor verifies an export."""

from __future__ import annotations

from dataclasses import dataclass

from jointdesk.audit.export import export_lines
from jointdesk.audit.models import AuditHead
from jointdesk.audit.recorder import HEAD_ID
from jointdesk.audit.signing import node_vkey
from jointdesk.audit.verify import VerificationError, verify_export
from jointdesk.db.uow import UnitOfWork


@dataclass(frozen=True)
class IntegrityStatus:
    ok: bool
    size: int
    checkpoints: int
    message: str


def verify_database(uow: UnitOfWork) -> IntegrityStatus:
    """Recompute every leaf hash, checkpoint root and signature, and the head's root."""
    head = uow.session.get(AuditHead, HEAD_ID)
    size = head.size if head else 0
    try:
        report = verify_export(export_lines(uow), trusted_vkey=node_vkey(uow.secrets))
    except VerificationError as exc:
        return IntegrityStatus(ok=False, size=size, checkpoints=0, message=str(exc))
    if head is not None and report.root != head.root:
        return IntegrityStatus(
            ok=False, size=size, checkpoints=0, message="log head: root differs from the entries"
        )
    return IntegrityStatus(
        ok=True,
        size=report.size,
        checkpoints=len(report.checkpoints),
        message=f"{report.size} entries and {len(report.checkpoints)} checkpoints verified",
    )
