"""Job audit events."""

from jointdesk.audit import AuditEventType


class JobEvent(AuditEventType):
    JOB_RETRIED = "job.retried"
