"""Forensic DNA: profiles (no personal data), restricted person links, CODIS/Prüm searches,
statistics and kinship, cross-border hit/no-hit with approved follow-ups, training sandbox.
The pure computations live in ``jointdesk.dna.compute``."""

from jointdesk.audit import Purpose
from jointdesk.dna.exchange import (
    decide_follow_up,
    list_follow_ups,
    list_partner_queries,
    partner_query,
    release_person,
    request_follow_up,
)
from jointdesk.dna.imports import ImportFormat, ImportReport, import_profiles
from jointdesk.dna.kinship_search import kinship_search
from jointdesk.dna.rules import Category, SearchMode
from jointdesk.dna.sandbox import build_exercise
from jointdesk.dna.schemas import (
    CreateProfile,
    DecideFollowUp,
    DecideMatch,
    FollowUpView,
    KinshipSearchRequest,
    MatchView,
    PartnerQuery,
    PartnerQueryView,
    PersonDetails,
    ProfileView,
    RequestFollowUp,
    SearchRequest,
)
from jointdesk.dna.search import decide_match, list_matches, run_search
from jointdesk.dna.service import (
    create_profile,
    export_prum,
    get_profile,
    link_person,
    list_profiles,
    profile_id_by_ref,
    profile_statistics,
    read_person,
)

__all__ = [
    "Category",
    "CreateProfile",
    "DecideFollowUp",
    "DecideMatch",
    "FollowUpView",
    "ImportFormat",
    "ImportReport",
    "KinshipSearchRequest",
    "MatchView",
    "PartnerQuery",
    "PartnerQueryView",
    "PersonDetails",
    "ProfileView",
    "Purpose",
    "RequestFollowUp",
    "SearchMode",
    "SearchRequest",
    "build_exercise",
    "create_profile",
    "decide_follow_up",
    "decide_match",
    "export_prum",
    "get_profile",
    "import_profiles",
    "kinship_search",
    "link_person",
    "list_follow_ups",
    "list_matches",
    "list_partner_queries",
    "list_profiles",
    "partner_query",
    "profile_id_by_ref",
    "profile_statistics",
    "read_person",
    "release_person",
    "request_follow_up",
    "run_search",
]
