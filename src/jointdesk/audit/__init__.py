"""Audit: the one event writer, the access log, the Merkle oversight log and its proofs."""

from jointdesk.audit.access import Operation, Purpose, close_access_batch, log_access
from jointdesk.audit.canonical import Coded
from jointdesk.audit.checkpoints import (
    CheckpointView,
    consistency,
    inclusion,
    latest_checkpoint,
    list_checkpoints,
    publish_checkpoint,
)
from jointdesk.audit.events import AuditEventType, AuditLogEvent, registry
from jointdesk.audit.export import export_lines
from jointdesk.audit.integrity import IntegrityStatus, verify_database
from jointdesk.audit.recorder import record
from jointdesk.audit.repository import AccessView, EventView, list_access, list_events
from jointdesk.audit.signing import node_vkey
from jointdesk.audit.verify import VerificationError, VerificationReport, verify_export

__all__ = [
    "AccessView",
    "AuditEventType",
    "AuditLogEvent",
    "CheckpointView",
    "Coded",
    "EventView",
    "IntegrityStatus",
    "Operation",
    "Purpose",
    "VerificationError",
    "VerificationReport",
    "close_access_batch",
    "consistency",
    "export_lines",
    "inclusion",
    "latest_checkpoint",
    "list_access",
    "list_checkpoints",
    "list_events",
    "log_access",
    "node_vkey",
    "publish_checkpoint",
    "record",
    "registry",
    "verify_database",
    "verify_export",
]
