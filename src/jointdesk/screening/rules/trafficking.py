"""TIP-01: no suspect label, freeze or transfer of a possible trafficking victim without screening (§4)."""

from __future__ import annotations

from jointdesk.screening.outcomes import Finding, Findings, Outcome
from jointdesk.screening.persons import Person, TraffickingScreening
from jointdesk.screening.questionnaire import score, unknown_items, validity_problems
from jointdesk.screening.registry import ScreeningContext, acted_on, person_rule
from jointdesk.screening.rules.common import CROSS_BORDER, SUSPECT_LIKE, TRANSFER_TYPES, tip_triggered
from jointdesk.screening.vocabulary import RequestType, TipOutcome

SCREENING = "person.trafficking_screening"


@person_rule(
    "TIP-01",
    applies_to=CROSS_BORDER | {RequestType.INTERVENTION},
    inputs=("person.location_history", "offences[].code", SCREENING, "person.non_punishment_flag"),
    persons=acted_on,
    missing_blocks=True,
)
def tip_01_trafficking(ctx: ScreeningContext, person: Person) -> Finding:
    gate = _screening_gate(ctx, person)
    if gate is not None:
        return gate
    if ctx.protection(person).non_punishment_flag:
        return _presumptive_victim(ctx, person)
    screening = person.trafficking_screening
    if screening is not None and score(screening.answers, ctx.ruleset).outcome is TipOutcome.INCONCLUSIVE:
        return Finding.review(
            "screening_inconclusive",
            "The trafficking screening was inconclusive: a second interview is needed.",
        )
    return Finding.passed("The independent trafficking screening indicated no trafficking.")


def _screening_gate(ctx: ScreeningContext, person: Person) -> Finding | None:
    """PASS out of scope, fail closed on an absent or invalid screening; None to weigh the outcome."""
    triggered = tip_triggered(ctx, person)
    flagged = person.non_punishment_flag
    if triggered is None and not flagged:
        return Finding.lacking(["person.location_history"], "Where the person was found must be recorded.")
    if not triggered and not flagged:
        return Finding.passed("No trafficking indicator calls for screening before this action.")
    screening = person.trafficking_screening
    if screening is not None:
        return _invalid_screening(ctx, person, screening)
    if flagged:
        return None
    return Finding.lacking(
        [SCREENING],
        "This person was found at or linked to a scam site: an independent trafficking screening must be "
        "completed before any suspect label, freeze or transfer.",
    )


def _invalid_screening(
    ctx: ScreeningContext, person: Person, screening: TraffickingScreening
) -> Finding | None:
    problems = validity_problems(screening) + [
        f"unknown_item:{q}" for q in unknown_items(screening, ctx.ruleset)
    ]
    languages = person.languages
    if languages is None:
        return Finding.lacking(
            ["person.languages"], "The person's languages are needed to check the interview."
        )
    if screening.interview_language not in languages and (
        screening.interpreter is None or screening.interpreter.language not in languages
    ):
        problems.append("no_interpreter_in_persons_language")
    if not problems:
        return None
    return Finding(
        Outcome.BLOCK,
        tuple(problems),
        "The trafficking screening does not count as independent: " + ", ".join(problems) + ".",
        missing=(SCREENING,),
    )


def _presumptive_victim(ctx: ScreeningContext, person: Person) -> Finding:
    doc = ctx.document
    found = Findings()
    as_suspect = person.category in SUSPECT_LIKE
    if doc.request_type in TRANSFER_TYPES and as_suspect:
        found.add(
            Finding.block(
                "transfer_as_suspect_of_presumptive_victim",
                "A presumptive trafficking victim can never be transferred as a suspect.",
                absolute=True,
            )
        )
    elif as_suspect:
        found.add(
            Finding.block("suspect_label_on_presumptive_victim", "A presumptive victim is not a suspect.")
        )
    if _targets_accounts(ctx, person):
        found.add(
            Finding.block("freeze_of_presumptive_victim", "A presumptive victim's accounts are not frozen.")
        )
    if doc.request_type in TRANSFER_TYPES:
        found.add(_transfer_grounds(ctx, person))
    found.add(
        Finding.warn(
            "non_punishment_flag",
            "This person is a presumptive trafficking victim: the non-punishment principle applies.",
        )
    )
    return found.result("")


def _targets_accounts(ctx: ScreeningContext, person: Person) -> bool:
    doc = ctx.document
    holder = doc.freeze.holder if doc.freeze else None
    affected = doc.intervention.affected_person_ref if doc.intervention else None
    return (holder is not None and holder.person_ref == person.ref) or (
        ctx.coercive and affected == person.ref
    )


def _transfer_grounds(ctx: ScreeningContext, person: Person) -> Finding:
    if ctx.protection(person).in_reflection_period(ctx.now):
        return Finding.block(
            "reflection_period_running", "No removal during the reflection period (at least 30 days)."
        )
    status = set(ctx.ruleset.config.offences.status_offences)
    if any(o.code in status for o in ctx.offences_of(person) or []):
        return Finding.block(
            "status_offence_as_transfer_ground", "Status offences are no transfer ground for a victim."
        )
    return Finding.passed("")
