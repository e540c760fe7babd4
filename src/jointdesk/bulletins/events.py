"""Bulletin audit events."""

from jointdesk.audit import AuditEventType


class BulletinEvent(AuditEventType):
    BULLETIN_CREATED = "bulletin.created"
    BULLETIN_MARKING_CHANGED = "bulletin.marking_changed"
    BULLETIN_SHARED = "bulletin.shared"
