"""Cooperation audit events (safeguards.md §6.4: request, screening, review, transfer groups)."""

from jointdesk.audit import AuditEventType


class CoopEvent(AuditEventType):
    RULESET_PUBLISHED = "ruleset.published"
    REQUEST_DRAFTED = "request.drafted"
    REQUEST_AMENDED = "request.amended"
    SCREENING_RUN = "screening.run"
    REVIEW_DECIDED = "review.decided"
    OVERRIDE_RECORDED = "override.recorded"
    OVERSIGHT_NOTIFIED = "oversight.notified"
    REQUEST_APPROVED = "request.approved"
    REQUEST_SENT = "request.sent"
    REQUEST_SEND_REFUSED = "request.send_refused"
    REQUEST_ACKNOWLEDGED = "request.acknowledged"
    REQUEST_EXECUTED = "request.executed"
    REQUEST_REFUSED = "request.refused"
    REQUEST_WITHDRAWN = "request.withdrawn"
    HOLD_RENEWED = "request.hold_renewed"
    HOLD_EXPIRED = "request.hold_expired"
    MESSAGE_POSTED = "request.message_posted"
    INTERVENTION_DRAFTED = "intervention.drafted"
    INTERVENTION_CHANGED = "intervention.changed"
