"""Identity audit events."""

from jointdesk.audit import AuditEventType


class IdentityEvent(AuditEventType):
    AGENCY_CREATED = "agency.created"
    USER_CREATED = "user.created"
    USER_ROLES_CHANGED = "user.roles_changed"
    USER_DEACTIVATED = "user.deactivated"
    USER_LOCKED = "user.locked"
    USER_UNLOCKED = "user.unlocked"
    USER_PASSWORD_CHANGED = "user.password_changed"
    USER_MFA_ENROLLED = "user.mfa_enrolled"
    SESSION_STARTED = "session.started"
    SESSION_ENDED = "session.ended"
    TOKEN_CREATED = "token.created"
    TOKEN_REVOKED = "token.revoked"
