"""Fraud-intelligence audit events (safeguards.md §6.4)."""

from jointdesk.audit import AuditEventType


class IntelEvent(AuditEventType):
    REPORT_FILED = "intel.report_filed"
    REPORTS_IMPORTED = "intel.reports_imported"
    REPORTS_EXPORTED = "intel.reports_exported"
    REPORT_WITHDRAWN = "intel.report_withdrawn"
    TYPOLOGY_CONFIRMED = "intel.typology_confirmed"
    HOT_CLEARED = "intel.hot_cleared"
    HOT_THRESHOLD_SET = "intel.hot_threshold_set"
    LOOKUP_RUN = "intel.lookup_run"
    EVIDENCE_ADDED = "intel.evidence_added"
    TYPOLOGY_MODEL_ACTIVATED = "intel.typology_model_activated"
