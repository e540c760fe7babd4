"""TRF-03 (non-refoulement), TRF-04 (death penalty), TRF-05 (fair trial), TRF-08 (children and
vulnerable persons); per person of a transfer or joint operation."""

from __future__ import annotations

from jointdesk.screening.outcomes import Finding, Findings
from jointdesk.screening.persons import DeathPenaltyAssurance, Person
from jointdesk.screening.registry import ScreeningContext, person_rule, transfer_subjects
from jointdesk.screening.rules.common import TRANSFER_TYPES, age_on, country_entry, overdue_register
from jointdesk.screening.ruleset import CountryRisk
from jointdesk.screening.vocabulary import AssuranceTrackRecord


def _destination_entry(ctx: ScreeningContext) -> tuple[CountryRisk | None, list[str]]:
    transfer = ctx.document.transfer
    destination = transfer.destination_country if transfer else None
    if destination is None:
        return None, ["transfer.destination_country"]
    entry = country_entry(ctx, destination)
    return entry, ([] if entry else [f"ruleset.country_risk[{destination}]"])


@person_rule(
    "TRF-03",
    applies_to=TRANSFER_TYPES,
    inputs=("ruleset.country_risk[destination]", "person.transfer.non_refoulement"),
    persons=transfer_subjects,
)
def trf_03_non_refoulement(ctx: ScreeningContext, person: Person) -> Finding:
    entry, missing = _destination_entry(ctx)
    assessment = person.transfer.non_refoulement if person.transfer else None
    if assessment is None or not assessment.written:
        missing.append("person.transfer.non_refoulement")
    if entry is None or assessment is None or missing:
        return Finding.lacking(
            missing, "A written non-refoulement assessment and the country register are required."
        )
    overlap = set(assessment.personal_factors) & set(entry.at_risk_profiles)
    if assessment.substantial_grounds or (entry.torture_findings and overlap):
        return Finding.block(
            "substantial_grounds_of_torture_risk",
            "There are substantial grounds to believe the person would face torture or irreparable harm.",
            absolute=True,
        )
    found = Findings()
    stale = overdue_register(ctx, entry.review_date, f"country risk register ({entry.country})")
    if stale:
        found.add(stale)
    # §3: without substantial grounds the outcome is still REVIEW of the written assessment.
    found.add(
        Finding.review(
            "written_assessment_review",
            "A rights reviewer must confirm the written non-refoulement assessment.",
        )
    )
    return found.result("")


@person_rule(
    "TRF-04",
    applies_to=TRANSFER_TYPES,
    inputs=("offences[].death_penalty", "offences[].likely_add_on", "person.transfer.assurances"),
    persons=transfer_subjects,
)
def trf_04_death_penalty(ctx: ScreeningContext, person: Person) -> Finding:
    offences = ctx.offences_of(person)
    if not offences or any(o.death_penalty is None for o in offences):
        return Finding.lacking(
            ["offences[].death_penalty"],
            "Whether any actual or likely charge carries the death penalty must be stated.",
        )
    capital = {o.code for o in offences if o.death_penalty}
    if not capital:
        return Finding.passed("No actual or likely charge carries the death penalty.")
    assurances = person.transfer.assurances if person.transfer else []
    valid = [a for a in assurances if _assurance_valid(a, capital)]
    if not valid:
        return Finding.block(
            "no_death_penalty_assurance",
            "A charge carries the death penalty and no binding written assurance covers it.",
        )
    found = Findings()
    found.add(
        Finding.review(
            "assurance_to_review", "A reviewer must test the assurance against the Othman criteria."
        )
    )
    if any(a.monitoring_plan is None for a in assurances):
        found.add(Finding.review("assurance_without_monitoring", "An assurance has no monitoring plan."))
    return found.result("")


def _assurance_valid(assurance: DeathPenaltyAssurance, capital: set[str]) -> bool:
    return (
        assurance.binds_state
        and capital <= set(assurance.scope_offence_codes)
        and assurance.track_record is not AssuranceTrackRecord.BREACHED
    )


@person_rule(
    "TRF-05",
    applies_to=TRANSFER_TYPES,
    inputs=("ruleset.country_risk[destination].fair_trial_concerns", "person.transfer.fair_trial"),
    persons=transfer_subjects,
)
def trf_05_fair_trial(ctx: ScreeningContext, person: Person) -> Finding:
    entry, missing = _destination_entry(ctx)
    facts = person.transfer.fair_trial if person.transfer else None
    if facts is None:
        missing.append("person.transfer.fair_trial")
    if entry is None or facts is None:
        return Finding.lacking(missing, "The case facts and the country register are required.")
    found = Findings()
    if facts.judgment_in_absentia and facts.retrial_guaranteed is not True:
        found.add(
            Finding.block(
                "in_absentia_without_retrial", "A judgment in absentia without a guaranteed retrial."
            )
        )
    case_flags = [
        name
        for name, hit in (
            ("special_or_military_court", facts.special_or_military_court),
            ("incommunicado_risk", facts.incommunicado_risk),
            ("lawyer_of_choice_denied", facts.lawyer_of_choice_denied),
        )
        if hit
    ]
    if case_flags:
        found.add(Finding.review("fair_trial_case_concerns", f"Case concerns: {', '.join(case_flags)}."))
    if entry.fair_trial_concerns:
        found.add(
            Finding.review(
                "fair_trial_register_concerns", "The country register records fair-trial concerns."
            )
        )
    return found.result("No fair-trial concern is recorded for this case or country.")


@person_rule(
    "TRF-08",
    applies_to=TRANSFER_TYPES,
    inputs=(
        "person.date_of_birth",
        "person.age_assessment",
        "person.vulnerabilities",
        "person.transfer.best_interests",
    ),
    persons=transfer_subjects,
)
def trf_08_children_vulnerable(ctx: ScreeningContext, person: Person) -> Finding:
    missing = []
    if person.date_of_birth is None and person.age_assessment is None:
        missing.append("person.date_of_birth")
    if person.vulnerabilities is None:
        missing.append("person.vulnerabilities")
    found = Findings()
    if missing:
        found.add(
            Finding.lacking(missing, "The person's age (or age assessment) and vulnerabilities are required.")
        )
    if _child_or_disputed(ctx, person):
        decided = person.transfer is not None and person.transfer.best_interests is not None
        found.add(
            Finding.review(
                "child_best_interests_decided", "A child: the best-interests decision must be reviewed."
            )
            if decided
            else Finding.block(
                "child_without_best_interests_decision",
                "The person is or may be under 18: no transfer until the child-protection authority decides.",
                absolute=True,
            )
        )
    if person.vulnerabilities:
        names = ", ".join(v.value for v in person.vulnerabilities)
        found.add(Finding.review("vulnerable_person", f"Vulnerability recorded ({names})."))
    return found.result("An adult with no recorded vulnerability.")


def _child_or_disputed(ctx: ScreeningContext, person: Person) -> bool:
    adult = ctx.ruleset.thresholds.trf08_adult_age
    today = ctx.now.date()
    by_birth = person.date_of_birth is not None and age_on(person.date_of_birth, today) < adult
    assessment = person.age_assessment
    by_assessment = assessment is not None and (assessment.disputed or assessment.assessed_min_age < adult)
    return by_birth or by_assessment or ctx.protection(person).child_protection_required
