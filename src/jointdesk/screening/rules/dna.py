"""DNA-01: profiles only, named case, no bulk, no phenotype/ancestry/familial search without a basis,
relatives' references only for identification with consent, purpose-bound retention."""

from __future__ import annotations

from datetime import timedelta

from jointdesk.screening.document import DnaDetails
from jointdesk.screening.outcomes import Finding, Findings
from jointdesk.screening.registry import ScreeningContext, rule
from jointdesk.screening.rules.common import absent, empty
from jointdesk.screening.vocabulary import DnaProfileType, DnaSearch, RequestType

SPECIAL_SEARCHES = frozenset({DnaSearch.FAMILIAL, DnaSearch.PHENOTYPE, DnaSearch.ANCESTRY})
IDENTIFICATION_PURPOSES = frozenset({"identification", "missing_person_identification"})


@rule(
    "DNA-01",
    applies_to=(RequestType.DNA_FOLLOW_UP,),
    inputs=(
        "dna.profile_type",
        "dna.loci",
        "dna.purpose_code",
        "dna.case_ref",
        "dna.profile_refs",
        "dna.searches",
        "dna.reference_profiles",
        "dna.retention_until",
    ),
)
def dna_01_profile_only(ctx: ScreeningContext) -> Finding:
    dna = ctx.document.dna
    if dna is None:
        return Finding.lacking(
            ["dna"], "A DNA follow-up needs its profile, case, search scope and retention."
        )
    found = Findings()
    missing = absent(
        [
            ("profile_type", dna.profile_type),
            ("purpose_code", dna.purpose_code),
            ("case_ref", dna.case_ref),
            ("searches", dna.searches),
            ("subject_convicted", dna.subject_convicted),
            ("retention_until", dna.retention_until),
        ]
    ) + empty([("loci", dna.loci), ("profile_refs", dna.profile_refs)])
    if missing:
        found.add(Finding.lacking([f"dna.{m}" for m in missing], "The DNA request is incomplete."))
    _check_profile(ctx, dna, found)
    _check_searches(dna, found)
    _check_references(dna, found)
    _check_retention(ctx, dna, found)
    return found.result("A single named STR profile for a named case, with purpose-bound retention.")


def _check_profile(ctx: ScreeningContext, dna: DnaDetails, found: Findings) -> None:
    if dna.profile_type not in {None, DnaProfileType.STR_PROFILE}:
        found.add(
            Finding.block(
                "not_a_str_profile", "Only non-coding STR profiles may be shared, never samples or sequences."
            )
        )
    outside = sorted(set(dna.loci or []) - set(ctx.ruleset.config.dna_allowed_loci))
    if outside:
        found.add(
            Finding.block(
                "loci_outside_allowed_set", f"Loci outside the non-coding STR set: {', '.join(outside)}."
            )
        )
    if dna.profile_refs is not None and len(dna.profile_refs) > 1:
        found.add(Finding.block("bulk_profiles", "One named profile per request; bulk uploads are refused."))


def _check_searches(dna: DnaDetails, found: Findings) -> None:
    special = sorted(s.value for s in set(dna.searches or []) & SPECIAL_SEARCHES)
    if not special:
        return
    if dna.special_search_legal_basis:
        found.add(
            Finding.review(
                "special_search_with_basis", f"{', '.join(special)} search with a specific legal basis."
            )
        )
    else:
        found.add(
            Finding.block(
                "special_search_without_basis", f"{', '.join(special)} search needs a specific legal basis."
            )
        )


def _check_references(dna: DnaDetails, found: Findings) -> None:
    for reference in dna.reference_profiles:
        if dna.purpose_code not in IDENTIFICATION_PURPOSES:
            found.add(
                Finding.block(
                    "reference_outside_identification", "Relatives' profiles serve identification only."
                )
            )
        if not reference.consent_ref:
            found.add(
                Finding.block(
                    "reference_without_consent", "A relative's reference profile needs documented consent."
                )
            )
        if reference.search_against_criminal_databases:
            found.add(
                Finding.block(
                    "reference_searched_criminal",
                    "Relatives' profiles are never searched against criminal databases.",
                )
            )


def _check_retention(ctx: ScreeningContext, dna: DnaDetails, found: Findings) -> None:
    if dna.retention_until is None:
        return
    today = ctx.now.date()
    years = ctx.ruleset.thresholds.dna_retention_years_unconvicted
    if dna.retention_until <= today:
        found.add(
            Finding.block("retention_expired", "The retention period has ended; the profile must be erased.")
        )
    elif dna.subject_convicted is False and dna.retention_until > today + timedelta(days=365 * years):
        found.add(
            Finding.block(
                "retention_too_long", f"Profiles of unconvicted persons are kept at most {years} years."
            )
        )
