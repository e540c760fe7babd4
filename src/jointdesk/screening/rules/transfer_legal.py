"""TRF-01 (legal decision or verified consent), TRF-02 (individual assessment), TRF-06 (extradition
conditions and speciality), TRF-07 (nationality); per person of a transfer or joint operation."""

from __future__ import annotations

from datetime import timedelta

from jointdesk.screening.outcomes import Finding, Findings
from jointdesk.screening.persons import ConsentRecord, LegalDecision, Offence, Person, TransferRecord
from jointdesk.screening.registry import ScreeningContext, person_rule, transfer_subjects
from jointdesk.screening.rules.common import TRANSFER_TYPES, absent, tip_triggered
from jointdesk.screening.vocabulary import TransferPurpose, TransferRoute

RECORD = "person.transfer"


@person_rule(
    "TRF-01",
    applies_to=TRANSFER_TYPES,
    inputs=("transfer.route", "person.transfer.legal_decision", "person.transfer.consent"),
    persons=transfer_subjects,
    missing_blocks=True,
)
def trf_01_legal_decision(ctx: ScreeningContext, person: Person) -> Finding:
    route = ctx.document.transfer.route if ctx.document.transfer else None
    record = person.transfer
    if route is None or record is None:
        missing = absent([("transfer.route", route), (RECORD, record)])
        return Finding.lacking(missing, "A transfer needs its route and each person's legal record.")
    if route is TransferRoute.VOLUNTARY_RETURN:
        return _check_consent(record.consent)
    return _check_decision(ctx, record.legal_decision)


def _check_consent(consent: ConsentRecord | None) -> Finding:
    if consent is None:
        return Finding.lacking(
            ["person.transfer.consent"],
            "A voluntary return needs informed consent recorded by an independent interviewer.",
        )
    failures = {
        "interviewer_not_independent": not consent.interviewer_independent,
        "consent_not_informed": not consent.informed,
        "language_not_understood": not consent.language_understood,
        "receiving_state_officials_present": consent.receiving_state_officials_present,
        "pressure_on_relatives": consent.pressure_on_relatives_reported,
        "consent_withdrawn": consent.withdrawn,
    }
    found = Findings()
    for reason in (r for r, failed in failures.items() if failed):
        found.add(Finding.block(reason, f"The consent to return is not valid ({reason.replace('_', ' ')})."))
    return found.result("Informed consent was recorded by an independent interviewer.")


def _check_decision(ctx: ScreeningContext, decision: LegalDecision | None) -> Finding:
    if decision is None:
        return Finding.lacking(
            ["person.transfer.legal_decision"],
            "Extradition or deportation needs a formal, appealable decision.",
        )
    if not decision.appealable or decision.appeal_window_days == 0:
        return Finding.block("decision_not_appealable", "The decision can not be appealed.")
    window_ends = decision.decided_at + timedelta(days=decision.appeal_window_days)
    if ctx.now < window_ends and not decision.appeal_exhausted:
        return Finding.block(
            "appeal_window_open", f"The person may still appeal until {window_ends.date().isoformat()}."
        )
    return Finding.passed("A formal decision exists and its appeal window has closed.")


def _batch_mismatch(ctx: ScreeningContext) -> bool:
    declared = ctx.document.transfer.declared_batch_size if ctx.document.transfer else None
    return declared is not None and declared != len(ctx.document.persons)


def trf_02_nobody(ctx: ScreeningContext) -> Finding:
    return Finding.lacking(["persons"], "A transfer lists every person individually; this one lists nobody.")


@person_rule(
    "TRF-02",
    applies_to=TRANSFER_TYPES,
    inputs=(
        "person.transfer.rights",
        "person.transfer.non_refoulement",
        "person.transfer.fair_trial",
        "offences",
    ),
    persons=transfer_subjects,
    missing_blocks=True,
    when_nobody=trf_02_nobody,
)
def trf_02_individual_assessment(ctx: ScreeningContext, person: Person) -> Finding:
    found = Findings()
    if _batch_mismatch(ctx):
        found.add(
            Finding.block("batch_size_mismatch", "The batch declares more or fewer persons than it lists.")
        )
    record = person.transfer
    if record is None:
        found.add(Finding.lacking([RECORD], "Each person needs an individual assessment."))
        return found.result("")
    missing = [
        f"person.transfer.{n}"
        for n in absent(
            [
                ("rights", record.rights),
                ("non_refoulement", record.non_refoulement),
                ("fair_trial", record.fair_trial),
            ]
        )
    ]
    offences = ctx.offences_of(person)
    if not offences or any(o.death_penalty is None for o in offences):
        missing.append("offences[].death_penalty")
    if tip_triggered(ctx, person) is not False and person.trafficking_screening is None:
        missing.append("person.trafficking_screening")
    if missing:
        found.add(Finding.lacking(missing, "This person's individual assessment is incomplete."))
    _check_rights(record, found)
    return found.result(
        "This person was individually assessed, informed of rights and had access to a lawyer."
    )


def _check_rights(record: TransferRecord, found: Findings) -> None:
    rights = record.rights
    if rights is None:
        return
    gaps = [
        name
        for name, ok in (
            ("rights_information", rights.rights_information_given),
            ("lawyer_access", rights.lawyer_access),
            ("asylum_opportunity", rights.asylum_opportunity),
            ("challenge_opportunity", rights.challenge_opportunity),
        )
        if not ok
    ]
    if gaps:
        found.add(Finding.block("rights_not_secured", f"Missing for this person: {', '.join(gaps)}."))


@person_rule(
    "TRF-06",
    applies_to=TRANSFER_TYPES,
    inputs=(
        "offences[].receiving_state_statute_ref",
        "offences[].max_penalty_years",
        "person.transfer.purpose",
        "person.transfer.prior_final_judgment_same_conduct",
        "person.transfer.time_barred",
        "person.transfer.amnesty",
    ),
    persons=transfer_subjects,
)
def trf_06_extradition_conditions(ctx: ScreeningContext, person: Person) -> Finding:
    record = person.transfer
    offences = ctx.offences_of(person)
    if record is None or not offences:
        return Finding.lacking(
            absent([(RECORD, record)]) + ([] if offences else ["offences"]), "Charges are required."
        )
    found = Findings()
    missing = [
        f"person.transfer.{n}"
        for n in absent(
            [
                ("purpose", record.purpose),
                ("prior_final_judgment_same_conduct", record.prior_final_judgment_same_conduct),
                ("time_barred", record.time_barred),
                ("amnesty", record.amnesty),
            ]
        )
    ]
    missing += [
        f"offences[{o.code}].receiving_state_statute_ref"
        for o in offences
        if not o.receiving_state_statute_ref
    ]
    if missing:
        found.add(Finding.lacking(missing, "Double criminality, penalties and bars must be established."))
    _check_penalties(ctx, record, offences, found)
    bars = {
        "ne_bis_in_idem": record.prior_final_judgment_same_conduct,
        "time_barred": record.time_barred,
        "amnesty": record.amnesty,
    }
    for reason in (r for r, hit in bars.items() if hit):
        found.add(Finding.block(reason, f"Transfer is barred ({reason.replace('_', ' ')})."))
    if record.charges_outside_list or record.re_extradition_requested:
        found.add(
            Finding.review(
                "speciality", "Charges outside the fixed list or a re-extradition request need review."
            )
        )
    return found.result("Double criminality, penalty thresholds and bars are satisfied.")


def _check_penalties(
    ctx: ScreeningContext, record: TransferRecord, offences: list[Offence], found: Findings
) -> None:
    limits = ctx.ruleset.thresholds
    if record.purpose is TransferPurpose.ENFORCEMENT:
        if record.remaining_sentence_months is None:
            found.add(
                Finding.lacking(
                    ["person.transfer.remaining_sentence_months"], "The sentence left is required."
                )
            )
        elif record.remaining_sentence_months < limits.trf06_min_sentence_months_enforcement:
            found.add(
                Finding.block(
                    "sentence_below_threshold", "The sentence left to serve is below the threshold."
                )
            )
        return
    minimum = limits.trf06_min_penalty_months_prosecution / 12
    for offence in offences:
        # Life or death in the requesting state meets its side; the requested state's side is separate.
        severe = bool(offence.life_imprisonment or offence.death_penalty)
        here, there = offence.max_penalty_years, offence.receiving_state_max_penalty_years
        if there is None or (here is None and not severe):
            found.add(
                Finding.lacking(
                    [f"offences[{offence.code}].max_penalty_years"], "Both penalties are required."
                )
            )
        elif there < minimum or (here is not None and here < minimum and not severe):
            found.add(
                Finding.block(
                    "penalty_below_threshold",
                    f"'{offence.code}' is not punishable by the minimum in both states.",
                )
            )


@person_rule(
    "TRF-07",
    applies_to=TRANSFER_TYPES,
    inputs=(
        "person.nationalities",
        "transfer.sending_country",
        "transfer.destination_country",
        "person.transfer.consular_notice",
    ),
    persons=transfer_subjects,
)
def trf_07_nationality(ctx: ScreeningContext, person: Person) -> Finding:
    transfer = ctx.document.transfer
    sending = transfer.sending_country if transfer else None
    destination = transfer.destination_country if transfer else None
    nationalities = person.nationalities
    missing = absent([("transfer.sending_country", sending), ("transfer.destination_country", destination)])
    if nationalities is None and not person.stateless:
        missing.append("person.nationalities")
    if missing:
        return Finding.lacking(missing, "Nationalities and both states of the transfer are required.")
    found = Findings()
    owned = set(nationalities or [])
    if sending in owned:
        found.add(
            Finding.review("national_of_sending_state", "The person is a national of the sending state.")
        )
    if destination not in owned:
        _third_country(ctx, person, found)
    return found.result("The person is a national of the destination state only.")


def _third_country(ctx: ScreeningContext, person: Person, found: Findings) -> None:
    transfer = ctx.document.transfer
    route = transfer.route if transfer else None
    record = person.transfer
    found.add(
        Finding.review("third_country_national", "The person is not a national of the destination state.")
    )
    if route is not TransferRoute.EXTRADITION or record is None or record.legal_decision is None:
        found.add(
            Finding.block(
                "third_country_without_extradition",
                "A person may be sent to a state not theirs only by extradition, never by 'repatriation'.",
            )
        )
    if not person.stateless and (record is None or record.consular_notice is None):
        found.add(
            Finding.lacking(["person.transfer.consular_notice"], "Consular notice must precede the transfer.")
        )
