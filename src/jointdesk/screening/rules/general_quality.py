"""GEN-06..GEN-11: specificity, minimisation, markings, destination/retention, partner record, attribution."""

from __future__ import annotations

from datetime import date, timedelta

from jointdesk.screening.document import FactsSummary, Identifier, PartnerRecord, Retention
from jointdesk.screening.outcomes import Finding, Findings
from jointdesk.screening.registry import ScreeningContext, acted_on, rule
from jointdesk.screening.rules.common import ALL_TYPES, CROSS_BORDER, absent, empty, overdue_register
from jointdesk.screening.vocabulary import (
    TLP_ORDER,
    HandlingCode,
    PersonCategory,
    SourceReliability,
    TlpLabel,
    TransferBasis,
)

DEFAULT_TLP = TlpLabel.AMBER_STRICT
LOW_RELIABILITY = frozenset({SourceReliability.C, SourceReliability.X})
SUSPECTS = frozenset({PersonCategory.SUSPECT, PersonCategory.CONVICTED})


@rule(
    "GEN-06",
    applies_to=CROSS_BORDER,
    inputs=("facts", "persons[].category", "persons[].source_reliability", "persons[].accuracy"),
    missing_blocks=True,
)
def gen_06_specificity(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    found = Findings()
    missing = [] if doc.facts is not None else ["facts"]
    for p in doc.persons:
        missing += [
            f"persons[{p.ref}].{name}"
            for name in absent(
                [
                    ("category", p.category),
                    ("source_reliability", p.source_reliability),
                    ("accuracy", p.accuracy),
                ]
            )
        ]
    if doc.facts is not None:
        missing += _missing_facts(doc.facts)
        _check_summary(ctx, doc.facts, found)
    if missing:
        found.add(
            Finding.lacking(
                missing, "A structured summary of each person's own conduct and grading is required."
            )
        )
    if ctx.coercive and any(
        p.source_reliability in LOW_RELIABILITY or p.accuracy == 4 for p in acted_on(ctx)
    ):
        found.add(
            Finding.review(
                "low_grading_for_coercive_action",
                "Coercive action rests on information graded C/X or accuracy 4; a reviewer must look.",
            )
        )
    return found.result("The summary is specific and every person is categorised and graded.")


def _missing_facts(facts: FactsSummary) -> list[str]:
    fields = [
        ("narrative", facts.narrative),
        ("conduct_role", facts.conduct_role),
        ("period_start", facts.period_start),
        ("place", facts.place),
        ("means", facts.means),
    ]
    missing = [f"facts.{name}" for name in absent(fields)]
    missing += [f"facts.{name}" for name in empty([("evidence_refs", facts.evidence_refs)])]
    return missing + (["facts.statements"] if not facts.statements else [])


def _check_summary(ctx: ScreeningContext, facts: FactsSummary, found: Findings) -> None:
    narrative = facts.narrative or ""
    lowered = narrative.casefold()
    boilerplate = [p for p in ctx.ruleset.config.boilerplate_phrases if p.casefold() in lowered]
    if facts.narrative and (
        boilerplate or len(narrative.split()) < ctx.ruleset.thresholds.gen06_min_narrative_words
    ):
        found.add(Finding.review("boilerplate_summary", "The summary is too short or reads as boilerplate."))
    if facts.statements and all(s.kind == "assessment" for s in facts.statements):
        found.add(Finding.review("only_assessments", "The summary holds assessments but no stated facts."))
    fraud = set(ctx.ruleset.config.offences.fraud_family)
    if any(o.code in fraud for o in ctx.document.offences or []) and (
        facts.amount is None and facts.victims_count is None
    ):
        found.add(
            Finding.review(
                "incoherent_with_charge", "A fraud charge without any amount or victim is incoherent."
            )
        )
    if facts.period_start and facts.period_end and facts.period_end < facts.period_start:
        found.add(Finding.review("incoherent_dates", "The period ends before it starts."))


@rule(
    "GEN-07",
    applies_to=CROSS_BORDER,
    inputs=("payload_fields", "special_category_justification", "persons[].category"),
)
def gen_07_minimisation(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    if doc.payload_fields is None:
        return Finding.lacking(["payload_fields"], "The list of data fields to be sent is required.")
    found = Findings()
    allowed = set(ctx.ruleset.config.payload_schema.get(doc.request_type, []))
    extra = sorted(set(doc.payload_fields) - allowed)
    if extra:
        found.add(
            Finding.block(
                "out_of_schema_fields", f"Fields outside this request type's schema: {', '.join(extra)}."
            )
        )
    protected = {PersonCategory.VICTIM, PersonCategory.WITNESS}
    if ctx.coercive and any(p.category in protected for p in doc.persons):
        found.add(
            Finding.block(
                "victim_or_witness_in_coercive_request",
                "Victim or witness data may never travel in a coercive request; remove them.",
            )
        )
    special = sorted(set(doc.payload_fields) & set(ctx.ruleset.config.special_category_fields))
    if special and not doc.special_category_justification:
        found.add(
            Finding.lacking(
                ["special_category_justification"], "Special-category data needs a justification."
            )
        )
    elif special:
        found.add(
            Finding.review(
                "special_category_data", f"Special-category data ({', '.join(special)}) needs a reviewer."
            )
        )
    return found.result("Only fields of this request type's schema are sent.")


@rule(
    "GEN-08",
    applies_to=ALL_TYPES,
    inputs=("markings.handling_codes", "markings.tlp", "markings.onward_transfer_consent"),
    missing_blocks=True,
)
def gen_08_markings(ctx: ScreeningContext) -> Finding:
    markings = ctx.document.markings
    if markings is None:
        return Finding.lacking(
            ["markings"], "Handling codes, a TLP label and onward-transfer consent are required."
        )
    found = Findings()
    missing = [f"markings.{n}" for n in empty([("handling_codes", markings.handling_codes)])]
    missing += [
        f"markings.{n}"
        for n in absent(
            [("tlp", markings.tlp), ("onward_transfer_consent", markings.onward_transfer_consent)]
        )
    ]
    if HandlingCode.H3 in (markings.handling_codes or []) and not markings.h3_restriction:
        missing.append("markings.h3_restriction")
    if missing:
        found.add(Finding.lacking(missing, "Every outbound item carries its markings."))
    if markings.onward_transfer_consent and not markings.originator_consent_ref:
        found.add(
            Finding.block(
                "onward_transfer_without_originator_consent",
                "Onward transfer is allowed only with the originating authority's recorded consent.",
            )
        )
    personal = bool(ctx.document.persons or ctx.document.identifiers)
    if personal and markings.tlp is not None and TLP_ORDER.index(markings.tlp) > TLP_ORDER.index(DEFAULT_TLP):
        found.add(
            Finding.warn(
                "tlp_looser_than_default",
                f"TLP:{markings.tlp.value} is looser than TLP:AMBER+STRICT, the default for personal data.",
            )
        )
    return found.result("The markings are complete.")


@rule(
    "GEN-09",
    applies_to=CROSS_BORDER,
    inputs=(
        "retention.destination_authority_id",
        "retention.transfer_basis",
        "retention.derogation_reason",
        "retention.review_date",
        "receiving.country",
        "ruleset.transfer_register",
    ),
    missing_blocks=True,
)
def gen_09_destination_retention(ctx: ScreeningContext) -> Finding:
    retention = ctx.document.retention
    if retention is None:
        return Finding.lacking(
            ["retention"], "The destination authority, transfer basis and review date are required."
        )
    missing = [
        f"retention.{n}"
        for n in absent(
            [
                ("destination_authority_id", retention.destination_authority_id),
                ("transfer_basis", retention.transfer_basis),
                ("review_date", retention.review_date),
            ]
        )
    ]
    found = Findings()
    if missing:
        found.add(
            Finding.lacking(
                missing, "The destination authority, transfer basis and review date are required."
            )
        )
    _check_destination(ctx, retention, found)
    if retention.review_date is not None:
        _check_review_date(ctx, retention.review_date, found)
    return found.result("The destination is a registered competent authority and a review date is set.")


def _check_destination(ctx: ScreeningContext, retention: Retention, found: Findings) -> None:
    if retention.destination_authority_id is None:
        return
    entry = ctx.ruleset.transfer_authorities.get(retention.destination_authority_id)
    receiving = ctx.document.receiving
    if entry is None or not entry.competent:
        found.add(
            Finding.block(
                "destination_not_registered", "The destination is not a registered competent authority."
            )
        )
        return
    if receiving is None:
        found.add(Finding.lacking(["receiving"], "The receiving authority must be identified."))
    elif receiving.country != entry.country:
        found.add(
            Finding.block("destination_country_mismatch", "The destination is not in the receiving country.")
        )
    stale = overdue_register(ctx, entry.review_date, f"transfer register ({entry.authority_id})")
    if stale:
        found.add(stale)
    basis = retention.transfer_basis
    if basis is TransferBasis.DEROGATION:
        if not retention.derogation_reason:
            found.add(Finding.lacking(["retention.derogation_reason"], "A derogation needs its reason."))
        else:
            found.add(
                Finding.review("derogation", "The transfer relies on a derogation; a reviewer must confirm.")
            )
    elif basis is not None and basis not in entry.bases:
        found.add(
            Finding.block(
                "basis_not_registered", f"'{basis.value}' is not a registered basis for this authority."
            )
        )


def _check_review_date(ctx: ScreeningContext, review_date: date, found: Findings) -> None:
    today = ctx.now.date()
    persons = ctx.document.persons
    suspects_only = bool(persons) and all(p.category in SUSPECTS for p in persons)
    limits = ctx.ruleset.thresholds
    years = limits.gen09_review_years_suspect if suspects_only else limits.gen09_review_years_other
    if review_date <= today:
        found.add(Finding.block("review_date_past", "The review date has already passed."))
    elif review_date > today + timedelta(days=365 * years):
        found.add(
            Finding.block(
                "review_date_too_far", f"The first review must fall within {years} years for these persons."
            )
        )


@rule("GEN-10", applies_to=CROSS_BORDER, inputs=("partner_record", "requesting.authority_id"))
def gen_10_partner_record(ctx: ScreeningContext) -> Finding:
    doc = ctx.document
    record = doc.partner_record
    if record is None or doc.requesting is None or record.partner_authority_id != doc.requesting.authority_id:
        return Finding.lacking(["partner_record"], "The requesting partner's 12-month record is required.")
    found = Findings()
    findings_limit = ctx.ruleset.thresholds.gen10_suspend_after_findings
    if record.suspended or record.misuse_findings >= findings_limit:
        suspended = "The partner is suspended for coercive requests after repeated misuse findings."
        found.add(
            Finding.block("partner_suspended", suspended)
            if ctx.coercive
            else Finding.review("partner_suspended", suspended)
        )
    for reason in _partner_concerns(ctx, record):
        found.add(Finding.review(reason, "The partner's record requires review of all its requests."))
    return found.result("The partner's record is within the thresholds.")


def _partner_concerns(ctx: ScreeningContext, record: PartnerRecord) -> list[str]:
    limits = ctx.ruleset.thresholds
    total = max(record.requests_12m, 1)
    checks = {
        "partner_blocked_share": record.blocked_12m / total > limits.gen10_blocked_share,
        "partner_overridden_found_wrong": record.overridden_found_wrong_12m / total
        > limits.gen10_overridden_wrong_share,
        "partner_oversight_unanswered": record.oversight_questions_unanswered_12m
        >= limits.gen10_unanswered_questions,
        "partner_misuse_finding": record.misuse_findings > 0,
    }
    return [reason for reason, hit in checks.items() if hit]


@rule(
    "GEN-11",
    applies_to=ALL_TYPES,
    inputs=("identifiers[].attributed_person_ref", "identifiers[].attribution"),
)
def gen_11_attribution(ctx: ScreeningContext) -> Finding:
    found = Findings()
    for index, identifier in enumerate(ctx.document.identifiers):
        if identifier.attributed_person_ref is not None:
            _check_attribution(ctx, index, identifier, found)
    return found.result("No identifier is tied to a person, or every attribution is verified.")


def _check_attribution(ctx: ScreeningContext, index: int, identifier: Identifier, found: Findings) -> None:
    where = f"identifiers[{index}]"
    attribution = identifier.attribution
    if attribution is None:
        found.add(
            Finding.lacking([f"{where}.attribution"], "An identifier naming a person needs its attribution.")
        )
        return
    if attribution.observed_at is None:
        found.add(
            Finding.lacking([f"{where}.attribution.observed_at"], "The attribution needs its timestamp.")
        )
    elif attribution.observed_at.tzinfo is None:
        found.add(
            Finding.review(
                "timestamp_without_time_zone", f"The {identifier.kind} timestamp has no time zone."
            )
        )
    if not attribution.time_zone_checked:
        found.add(Finding.review("time_zone_not_checked", "The attribution's time zone was not checked."))
    if len(set(attribution.sources)) < 2:
        found.add(
            Finding.warn(
                "single_source_attribution", f"The {identifier.kind} attribution rests on one source."
            )
        )
    if ctx.coercive and not attribution.second_verification:
        found.add(
            Finding.review(
                "no_second_verification",
                f"Coercive use of a {identifier.kind} attribution needs a second verification.",
            )
        )
