"""Trafficking-victim questionnaire Q1-Q15 (safeguards.md §4): scorer, validity and consequences.

Pure: the answers, the rule set's weights and thresholds, and the completion time are the inputs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from jointdesk.screening.persons import Person, TraffickingScreening
from jointdesk.screening.ruleset import RuleSet
from jointdesk.screening.vocabulary import Answer, TipOutcome

AGE_ITEM = "Q15"


@dataclass(frozen=True, slots=True)
class TipScore:
    """Counts by weight (what the oversight log may record) and the outcome."""

    strong_yes: int
    medium_yes: int
    unsettled: tuple[str, ...]
    outcome: TipOutcome


def score(answers: Mapping[str, Answer], ruleset: RuleSet) -> TipScore:
    """§4.3: >= 1 S or >= 2 M yes ⇒ presumptive victim; exactly 1 M ⇒ inconclusive; else not indicated.

    ``unclear``/``declined`` and unanswered items are treated as inconclusive, never as ``no``,
    unless the ``yes`` answers already make the person a presumptive victim.
    """
    weights = ruleset.weights
    strong = sum(1 for q, a in answers.items() if a is Answer.YES and weights.get(q) == "S")
    medium = sum(1 for q, a in answers.items() if a is Answer.YES and weights.get(q) == "M")
    unsettled = tuple(
        q for q in weights if answers.get(q, Answer.UNCLEAR) in {Answer.UNCLEAR, Answer.DECLINED}
    )
    limits = ruleset.thresholds
    if strong >= limits.tip_strong_min or medium >= limits.tip_medium_min:
        outcome = TipOutcome.PRESUMPTIVE_VICTIM
    elif medium >= 1 or unsettled:
        outcome = TipOutcome.INCONCLUSIVE
    else:
        outcome = TipOutcome.NOT_INDICATED
    return TipScore(strong, medium, unsettled, outcome)


def unknown_items(screening: TraffickingScreening, ruleset: RuleSet) -> list[str]:
    return sorted(set(screening.answers) - set(ruleset.weights))


def validity_problems(screening: TraffickingScreening) -> list[str]:
    """Reason codes for which a recorded screening does not count as independent (§4.1)."""
    setting = screening.setting
    checks = {
        "screener_not_independent": not screening.screener_independent_of_requesting_state,
        "not_before_interrogation": not setting.before_any_interrogation,
        "purpose_not_explained": not setting.purpose_explained,
        "non_use_not_assured": not setting.non_use_assured,
        "compound_staff_present": setting.compound_staff_present,
        "coworkers_present": setting.coworkers_present,
        "receiving_state_officials_present": setting.receiving_state_officials_present,
        "interpreter_not_independent": screening.interpreter is not None
        and not screening.interpreter.independent,
    }
    return [code for code, failed in checks.items() if failed]


@dataclass(frozen=True, slots=True)
class VictimProtection:
    """§4.4 consequences of a presumptive-victim outcome, as data the rules and workflow use."""

    non_punishment_flag: bool
    protection_referral: bool
    reflection_period_ends: datetime | None
    child_protection_required: bool

    def in_reflection_period(self, now: datetime) -> bool:
        return self.reflection_period_ends is not None and now < self.reflection_period_ends


def consequences(person: Person, ruleset: RuleSet) -> VictimProtection:
    """What travels with the person: an earlier flag counts even without a screening in this document."""
    screening = person.trafficking_screening
    tip = score(screening.answers, ruleset) if screening else None
    presumptive = tip is not None and tip.outcome is TipOutcome.PRESUMPTIVE_VICTIM
    reflection_end = None
    if presumptive and screening is not None:
        reflection_end = screening.completed_at + timedelta(days=ruleset.thresholds.tip_reflection_days)
    age_flag = screening is not None and screening.answers.get(AGE_ITEM, Answer.UNCLEAR) is not Answer.NO
    return VictimProtection(
        non_punishment_flag=presumptive or person.non_punishment_flag,
        protection_referral=presumptive,
        reflection_period_ends=reflection_end,
        child_protection_required=age_flag,
    )
