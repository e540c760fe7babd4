"""Pure DNA domain rules: specimen categories, the category search policy, the match lifecycle,
and the stored form of loci. Time and configuration are arguments."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from jointdesk.dna.compute import LocusCall, Profile, Stringency, make_call
from jointdesk.kernel.errors import InvalidTransition

SEARCH_POLICY_VERSION = "dna-search-policy/2026-11-29"


class Category(StrEnum):
    """Specimen categories (dna.md §2.3)."""

    OFFENDER = "offender"
    ARRESTEE = "arrestee"
    FORENSIC_UNKNOWN = "forensic_unknown"
    FORENSIC_MIXTURE = "forensic_mixture"
    MISSING_PERSON = "missing_person"
    UNIDENTIFIED_REMAINS = "unidentified_remains"
    RELATIVE_REFERENCE = "relative_reference"
    DEDUCED = "deduced"
    CASE_KNOWN = "case_known"
    ELIMINATION = "elimination"
    NON_CASEWORK = "non_casework"
    OTHER = "other"


IDENTIFIED = {
    Category.OFFENDER: True,
    Category.ARRESTEE: True,
    Category.FORENSIC_UNKNOWN: False,
    Category.FORENSIC_MIXTURE: False,
    Category.MISSING_PERSON: True,
    Category.UNIDENTIFIED_REMAINS: False,
    Category.RELATIVE_REFERENCE: True,
    Category.DEDUCED: True,
    Category.CASE_KNOWN: True,
    Category.ELIMINATION: True,
    Category.NON_CASEWORK: False,
    Category.OTHER: False,
}


class SearchMode(StrEnum):
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    PRUM = "prum"


C = Category
_PERSONS = (C.OFFENDER, C.ARRESTEE)
_FORENSIC = (C.FORENSIC_UNKNOWN, C.FORENSIC_MIXTURE)
_MISSING = (C.MISSING_PERSON, C.UNIDENTIFIED_REMAINS)

# Direct (non-kinship) searches allowed by default, dna.md §3.6. Cells marked "config" there stay
# off until a node enables them for its legal basis; "never" cells can never be enabled.
DIRECT_TARGETS: dict[Category, frozenset[Category]] = {
    C.FORENSIC_UNKNOWN: frozenset((*_PERSONS, *_FORENSIC)),
    C.FORENSIC_MIXTURE: frozenset(_PERSONS),
    C.OFFENDER: frozenset((*_PERSONS, *_FORENSIC)),
    C.ARRESTEE: frozenset((*_PERSONS, *_FORENSIC)),
    C.UNIDENTIFIED_REMAINS: frozenset(_MISSING),
    C.MISSING_PERSON: frozenset(_MISSING),
}
NEVER_TARGETS: dict[Category, frozenset[Category]] = {
    C.FORENSIC_UNKNOWN: frozenset({C.RELATIVE_REFERENCE}),
    C.FORENSIC_MIXTURE: frozenset({C.RELATIVE_REFERENCE}),
    C.OFFENDER: frozenset({C.RELATIVE_REFERENCE}),
    C.ARRESTEE: frozenset({C.RELATIVE_REFERENCE}),
    C.RELATIVE_REFERENCE: frozenset((*_PERSONS, *_FORENSIC)),
}
# Relatives' references are used only in kinship searches against unidentified remains.
KINSHIP_TARGETS: dict[Category, frozenset[Category]] = {
    C.RELATIVE_REFERENCE: frozenset({C.UNIDENTIFIED_REMAINS}),
    C.UNIDENTIFIED_REMAINS: frozenset({C.RELATIVE_REFERENCE}),
    C.MISSING_PERSON: frozenset({C.RELATIVE_REFERENCE}),
}


def searchable_targets(
    query: Category, *, enabled: Mapping[Category, frozenset[Category]] | None = None
) -> frozenset[Category]:
    """Categories a direct search from ``query`` may compare against; ``enabled`` adds a node's
    configured cells but can never open a "never" cell."""
    allowed = set(DIRECT_TARGETS.get(query, frozenset()))
    allowed |= (enabled or {}).get(query, frozenset())
    return frozenset(allowed - NEVER_TARGETS.get(query, frozenset()) - {C.NON_CASEWORK})


def kinship_targets(query: Category) -> frozenset[Category]:
    return KINSHIP_TARGETS.get(query, frozenset())


def default_stringency(query: Category) -> Stringency:
    """High for new offender/arrestee duplicates checks, moderate for forensic (dna.md §3.2)."""
    return Stringency.HIGH if query in _PERSONS else Stringency.MODERATE


class MatchStatus(StrEnum):
    CANDIDATE = "candidate"
    UNDER_REVIEW = "under_review"
    CONFIRMED = "confirmed"
    REFUTED = "refuted"
    HIT = "hit"


MATCH_TRANSITIONS: dict[MatchStatus, frozenset[MatchStatus]] = {
    MatchStatus.CANDIDATE: frozenset({MatchStatus.UNDER_REVIEW, MatchStatus.CONFIRMED, MatchStatus.REFUTED}),
    MatchStatus.UNDER_REVIEW: frozenset({MatchStatus.CONFIRMED, MatchStatus.REFUTED}),
    MatchStatus.CONFIRMED: frozenset({MatchStatus.HIT}),
    MatchStatus.REFUTED: frozenset(),
    MatchStatus.HIT: frozenset(),
}


def check_transition(current: str, target: MatchStatus) -> None:
    if target not in MATCH_TRANSITIONS[MatchStatus(current)]:
        raise InvalidTransition(f"a {current} match cannot become {target.value}")


class FollowUpStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"


def loci_to_json(profile: Profile) -> dict[str, Any]:
    """Stored form: canonical locus → alleles as reported, obligate alleles, status."""
    return {
        name: {"alleles": list(call.alleles), "required": sorted(call.required), "status": call.status.value}
        for name, call in sorted(profile.loci.items())
    }


def profile_from_json(profile_ref: str, loci: Mapping[str, Any], *, mixture: bool, category: str) -> Profile:
    calls: dict[str, LocusCall] = {}
    for name, stored in loci.items():
        if stored.get("status", "typed") != "typed" or not stored.get("alleles"):
            continue
        calls[name] = make_call(name, list(stored["alleles"]), required=stored.get("required", ()))
    return Profile(profile_ref=profile_ref, loci=calls, mixture=mixture, specimen_category=category)
