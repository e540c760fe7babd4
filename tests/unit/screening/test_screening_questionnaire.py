"""Trafficking-victim questionnaire Q1-Q15 (safeguards.md §4.3): scoring, validity, consequences."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest

from jointdesk.screening import RuleSet, RuleSetConfig, consequences, load_ruleset, score
from jointdesk.screening.persons import Person
from jointdesk.screening.questionnaire import validity_problems
from jointdesk.screening.vocabulary import Answer, TipOutcome
from unit.screening.screening_support import load_doc

NO = {f"Q{i}": Answer.NO for i in range(1, 16)}


@pytest.mark.parametrize(
    ("yes", "others", "expected"),
    [
        (["Q3"], {}, TipOutcome.PRESUMPTIVE_VICTIM),
        (["Q15"], {}, TipOutcome.PRESUMPTIVE_VICTIM),
        (["Q1", "Q9"], {}, TipOutcome.PRESUMPTIVE_VICTIM),
        (["Q9"], {}, TipOutcome.INCONCLUSIVE),
        ([], {}, TipOutcome.NOT_INDICATED),
        ([], {"Q5": Answer.UNCLEAR}, TipOutcome.INCONCLUSIVE),
        ([], {"Q12": Answer.DECLINED}, TipOutcome.INCONCLUSIVE),
        (["Q4"], {"Q12": Answer.DECLINED}, TipOutcome.PRESUMPTIVE_VICTIM),
    ],
)
def test_outcome_rule(yes: list[str], others: dict[str, Answer], expected: TipOutcome) -> None:
    answers = NO | dict.fromkeys(yes, Answer.YES) | others
    assert score(answers, load_ruleset()).outcome is expected


def test_unanswered_items_are_never_read_as_no() -> None:
    answers = {q: a for q, a in NO.items() if q != "Q7"}
    result = score(answers, load_ruleset())
    assert result.outcome is TipOutcome.INCONCLUSIVE and result.unsettled == ("Q7",)


def test_counts_by_weight_are_reported() -> None:
    result = score(NO | {"Q3": Answer.YES, "Q4": Answer.YES, "Q9": Answer.YES}, load_ruleset())
    assert (result.strong_yes, result.medium_yes) == (2, 1)


def test_the_outcome_rule_is_configuration() -> None:
    raw = load_ruleset().config.model_dump(mode="json")
    raw["thresholds"]["tip_medium_min"] = 3
    stricter = RuleSet.from_config(RuleSetConfig.model_validate(raw))
    answers = NO | {"Q1": Answer.YES, "Q9": Answer.YES}
    assert score(answers, stricter).outcome is TipOutcome.INCONCLUSIVE
    assert score(answers, load_ruleset()).outcome is TipOutcome.PRESUMPTIVE_VICTIM


def worker() -> Person:
    return Person.model_validate(load_doc("abuse_trafficked_worker_in_batch")["persons"][1])


def test_presumptive_victim_consequences() -> None:
    person = worker()
    found = consequences(person, load_ruleset())
    assert found.non_punishment_flag and found.protection_referral
    assert person.trafficking_screening is not None
    completed = person.trafficking_screening.completed_at
    assert found.reflection_period_ends == completed + timedelta(days=30)
    assert found.in_reflection_period(completed + timedelta(days=29))
    assert not found.in_reflection_period(datetime(2027, 1, 1, tzinfo=UTC))


def test_a_flag_from_an_earlier_screening_travels_with_the_person() -> None:
    raw = load_doc("ok_freeze_mule_account")["persons"][0] | {"non_punishment_flag": True}
    assert consequences(Person.model_validate(raw), load_ruleset()).non_punishment_flag


def test_validity_of_the_interview_setting() -> None:
    screening = worker().trafficking_screening
    assert screening is not None and validity_problems(screening) == []
    raw = copy.deepcopy(load_doc("abuse_trafficked_worker_in_batch")["persons"][1]["trafficking_screening"])
    raw["setting"].update(compound_staff_present=True, before_any_interrogation=False)
    person = Person.model_validate(
        load_doc("abuse_trafficked_worker_in_batch")["persons"][1] | {"trafficking_screening": raw}
    )
    assert person.trafficking_screening is not None
    assert set(validity_problems(person.trafficking_screening)) == {
        "compound_staff_present",
        "not_before_interrogation",
    }
