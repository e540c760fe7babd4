"""DNA audit events (safeguards.md §6.4 group 13 plus the domain's own)."""

from jointdesk.audit import AuditEventType


class DnaEvent(AuditEventType):
    PROFILE_CREATED = "dna.profile_created"
    PROFILES_IMPORTED = "dna.profiles_imported"
    PROFILE_SHARED = "dna.profile_shared"
    PROFILES_EXPORTED = "dna.profiles_exported"
    PROFILE_ERASED = "dna.profile_erased"
    REFERENCE_CONSENT_RECORDED = "dna.reference_consent_recorded"
    SEARCH_RUN = "dna.search_run"
    MATCH_REPORTED = "dna.match_reported"
    MATCH_CONFIRMED = "dna.match_confirmed"
    MATCH_REFUTED = "dna.match_refuted"
    PARTNER_QUERY_ANSWERED = "dna.partner_query_answered"
    FOLLOW_UP_REQUESTED = "dna.follow_up_requested"
    FOLLOW_UP_APPROVED = "dna.follow_up_approved"
    FOLLOW_UP_REFUSED = "dna.follow_up_refused"
