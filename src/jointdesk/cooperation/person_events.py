"""Audit events of persons, trafficking screening, transfer batches and raid intake (safeguards.md §6.4).

Leaves carry codes and counts only; names, answers and notes stay in the case store.
"""

from jointdesk.audit import AuditEventType


class CooperationPersonEvent(AuditEventType):
    PERSON_CREATED = "coop_person.created"
    PERSON_UPDATED = "coop_person.updated"
    PERSON_SHARED = "coop_person.shared"
    INTAKE_COMPLETED = "coop_person.intake_completed"
    TIP_SCREENING_COMPLETED = "tip.screening_completed"
    TIP_REFERRAL = "tip.referral"
    TIP_REFLECTION_STARTED = "tip.reflection_started"
    TIP_RECLASSIFIED = "tip.reclassified"
    BATCH_CREATED = "transfer.batch_created"
    BATCH_SHARED = "transfer.batch_shared"
    PERSON_ADDED = "transfer.person_added"
    ASSESSED = "transfer.assessed"
    CLEARANCE_REVIEWED = "transfer.clearance_reviewed"
    MONITORING_REPORT = "transfer.monitoring_report"
    CHARGE_CHANGED = "transfer.charge_changed"
