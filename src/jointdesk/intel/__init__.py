"""Fraud intelligence: reports, the restricted victim store, identifiers, fraud networks, lookup.

Services never commit; the edges do. ``filing`` writes, ``service`` reads and decides,
``network_view`` and ``graph`` explain networks, ``lookup`` answers "have we seen this?".
"""

from jointdesk.intel.evidence import EvidenceKind, EvidenceView, add_evidence, download, list_evidence
from jointdesk.intel.filing import file_report, withdraw_report
from jointdesk.intel.graph import Graph, expand, two_hops
from jointdesk.intel.lookup import LookupHit, lookup
from jointdesk.intel.network_view import (
    LinkStep,
    MemberRow,
    NetworkFigures,
    explain_link,
    network_figures,
    network_members,
    network_payees,
    ranked_networks,
)
from jointdesk.intel.schemas import (
    FiledReport,
    IdentifierIn,
    IdentifierView,
    ReportIn,
    ReportView,
    TransactionIn,
    VictimIn,
    VictimPersonal,
)
from jointdesk.intel.service import (
    clear_hot,
    confirm_typology,
    get_report,
    read_victim_personal,
    set_hot_threshold,
)

__all__ = [
    "EvidenceKind",
    "EvidenceView",
    "FiledReport",
    "Graph",
    "IdentifierIn",
    "IdentifierView",
    "LinkStep",
    "LookupHit",
    "MemberRow",
    "NetworkFigures",
    "ReportIn",
    "ReportView",
    "TransactionIn",
    "VictimIn",
    "VictimPersonal",
    "add_evidence",
    "clear_hot",
    "confirm_typology",
    "download",
    "expand",
    "explain_link",
    "file_report",
    "get_report",
    "list_evidence",
    "lookup",
    "network_figures",
    "network_members",
    "network_payees",
    "ranked_networks",
    "read_victim_personal",
    "set_hot_threshold",
    "two_hops",
    "withdraw_report",
]
