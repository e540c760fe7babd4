"""FRZ-01, LOC-01, LOC-02, TIP-01 and DNA-01: each fires on a crafted document and passes otherwise."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest

from jointdesk.screening import Outcome, RuleSet, RuleSetConfig, load_ruleset
from unit.screening.screening_support import load_doc, mutate, result_of, run

B, R, W, P = Outcome.BLOCK, Outcome.REVIEW, Outcome.WARN, Outcome.PASS
FREEZE, INFO, LOCATE = "ok_freeze_mule_account", "ok_subscriber_information", "ok_locate_with_warrant"
COMPOUND = [{"country": "KH", "area": "Sihanoukville", "site_kind": "scam_compound", "found_in_raid": True}]
SCREENING: dict[str, Any] = copy.deepcopy(
    load_doc("abuse_trafficked_worker_in_batch")["persons"][1]["trafficking_screening"]
)


def screening(**answers: str) -> dict[str, Any]:
    record = copy.deepcopy(SCREENING)
    record["answers"] = {f"Q{i}": "no" for i in range(1, 16)} | answers
    return record


CASES: list[tuple[str, list[tuple[str, Any]], str, str | None, Outcome, str]] = [
    (FREEZE, [("freeze.amount", 60000)], "FRZ-01", None, B, "amount_exceeds_proceeds"),
    (FREEZE, [("freeze.expiry", "2027-11-01T00:00:00+00:00")], "FRZ-01", None, B, "hold_too_long"),
    (FREEZE, [("freeze.expiry", "2026-11-01T00:00:00+00:00")], "FRZ-01", None, B, "expiry_past"),
    (FREEZE, [("freeze.order_authority", "urgent_statutory")], "FRZ-01", None, B, "missing_input"),
    (FREEZE, [("freeze.order_ref", None)], "FRZ-01", None, B, "missing_input"),
    (FREEZE, [("freeze.double_criminality", False)], "FRZ-01", None, B, "no_double_criminality"),
    (FREEZE, [("freeze.ne_bis_in_idem_clear", False)], "FRZ-01", None, B, "ne_bis_in_idem"),
    (FREEZE, [("freeze.holder.kind", "ngo")], "FRZ-01", None, R, "protected_actor_holder"),
    (FREEZE, [("freeze.holder.possible_victim_or_mule", True)], "FRZ-01", None, R, "holder_possible_victim"),
    ("intervention", [("freeze.amount", 90000)], "FRZ-01", None, B, "amount_exceeds_proceeds"),
    (
        LOCATE,
        [("locate.contact_plan", "requesting_state_contact")],
        "LOC-01",
        None,
        B,
        "contact_plan_refused",
    ),
    (LOCATE, [("locate.contact_plan", "contact_relatives")], "LOC-01", None, B, "contact_plan_refused"),
    (LOCATE, [("locate.purpose_code", "persuade_return")], "LOC-01", None, B, "purpose_not_allowed"),
    (LOCATE, [("locate.granularity", "coordinates")], "LOC-01", None, R, "granularity_finer_than_needed"),
    (
        LOCATE,
        [("persons.0.subject_status", ["diaspora"])],
        "LOC-01",
        None,
        R,
        "diaspora_or_political_subject",
    ),
    (LOCATE, [("locate.warrant_ref", None)], "LOC-01", None, B, "missing_input"),
    (INFO, [("declared_family_measures", ["detention"])], "LOC-02", None, B, "declared_family_measures"),
    (
        INFO,
        [("messages", ["Tell him his family members will be detained until he comes back."])],
        "LOC-02",
        None,
        B,
        "pressure_text:relatives_sanctioned",
    ),
    (
        INFO,
        [("messages", ["The village committee will persuade him to return."])],
        "LOC-02",
        None,
        B,
        "pressure_text:persuade_to_return",
    ),
    (
        INFO,
        [("messages", ["We will cancel the subsidies of his household."])],
        "LOC-02",
        None,
        B,
        "pressure_text:benefits_withdrawn",
    ),
    (
        INFO,
        [("messages", ["已通知其亲属配合劝返工作。"])],
        "LOC-02",
        None,
        B,
        "pressure_text:zh_family_measures",
    ),
    (INFO, [("declared_family_measures", None)], "LOC-02", None, R, "missing_input"),
    (FREEZE, [("declared_family_measures", None)], "LOC-02", None, B, "missing_input"),
    (FREEZE, [("persons.0.location_history", COMPOUND)], "TIP-01", "p1", B, "missing_input"),
    (FREEZE, [("persons.0.location_history", None)], "TIP-01", "p1", B, "missing_input"),
    (FREEZE, [("offences.0.code", "illegal_entry")], "TIP-01", "p1", B, "missing_input"),
    (
        FREEZE,
        [("persons.0.location_history", [{"country": "MM", "area": "Myawaddy"}])],
        "TIP-01",
        "p1",
        B,
        "missing_input",
    ),
    (
        FREEZE,
        [("persons.0.location_history", COMPOUND), ("persons.0.trafficking_screening", screening(Q9="yes"))],
        "TIP-01",
        "p1",
        R,
        "screening_inconclusive",
    ),
    (
        FREEZE,
        [
            ("persons.0.location_history", COMPOUND),
            ("persons.0.trafficking_screening", screening(Q5="unclear")),
        ],
        "TIP-01",
        "p1",
        R,
        "screening_inconclusive",
    ),
    (
        FREEZE,
        [("persons.0.location_history", COMPOUND), ("persons.0.trafficking_screening", screening(Q3="yes"))],
        "TIP-01",
        "p1",
        B,
        "freeze_of_presumptive_victim",
    ),
    (
        FREEZE,
        [("persons.0.location_history", COMPOUND), ("persons.0.trafficking_screening", screening(Q3="yes"))],
        "TIP-01",
        "p1",
        B,
        "suspect_label_on_presumptive_victim",
    ),
    (
        FREEZE,
        [("persons.0.non_punishment_flag", True)],
        "TIP-01",
        "p1",
        B,
        "suspect_label_on_presumptive_victim",
    ),
    (
        FREEZE,
        [
            ("persons.0.location_history", COMPOUND),
            ("persons.0.languages", ["km"]),
            ("persons.0.trafficking_screening", screening()),
        ],
        "TIP-01",
        "p1",
        B,
        "no_interpreter_in_persons_language",
    ),
    (
        FREEZE,
        [
            ("persons.0.location_history", COMPOUND),
            (
                "persons.0.trafficking_screening",
                screening() | {"screener_independent_of_requesting_state": False},
            ),
        ],
        "TIP-01",
        "p1",
        B,
        "screener_not_independent",
    ),
    ("intervention", [("persons.0.location_history", COMPOUND)], "TIP-01", "p1", B, "missing_input"),
    ("dna", [("dna.profile_type", "sample")], "DNA-01", None, B, "not_a_str_profile"),
    ("dna", [("dna.loci", ["D3S1358", "rs12913832"])], "DNA-01", None, B, "loci_outside_allowed_set"),
    ("dna", [("dna.profile_refs", ["DNA-1", "DNA-2"])], "DNA-01", None, B, "bulk_profiles"),
    ("dna", [("dna.searches", ["familial"])], "DNA-01", None, B, "special_search_without_basis"),
    (
        "dna",
        [("dna.searches", ["phenotype"]), ("dna.special_search_legal_basis", "Statute X s.5")],
        "DNA-01",
        None,
        R,
        "special_search_with_basis",
    ),
    (
        "dna",
        [("dna.reference_profiles", [{"relation": "mother", "search_against_criminal_databases": False}])],
        "DNA-01",
        None,
        B,
        "reference_without_consent",
    ),
    (
        "dna",
        [
            (
                "dna.reference_profiles",
                [{"relation": "mother", "consent_ref": "C-1", "search_against_criminal_databases": True}],
            )
        ],
        "DNA-01",
        None,
        B,
        "reference_searched_criminal",
    ),
    ("dna", [("dna.retention_until", "2035-01-01")], "DNA-01", None, B, "retention_too_long"),
    ("dna", [("dna.retention_until", "2026-01-01")], "DNA-01", None, B, "retention_expired"),
    ("dna", [("dna.searches", None)], "DNA-01", None, B, "missing_input"),
]


@pytest.mark.parametrize(("name", "changes", "rule_id", "person", "expected", "reason"), CASES)
def test_rule_fires(
    name: str,
    changes: list[tuple[str, Any]],
    rule_id: str,
    person: str | None,
    expected: Outcome,
    reason: str,
) -> None:
    found = result_of(run(mutate(name, changes)), rule_id, person)
    assert found.outcome is expected, found
    assert reason in found.reason_codes
    assert found.explanation


@pytest.mark.parametrize(
    ("name", "changes", "rule_id", "person"),
    [
        (FREEZE, [], "FRZ-01", None),
        ("intervention", [], "FRZ-01", None),
        (
            FREEZE,
            [
                ("freeze.order_authority", "urgent_statutory"),
                ("freeze.confirmation_deadline", "2026-12-01T12:00:00+00:00"),
                ("freeze.expiry", "2026-12-04T12:00:00+00:00"),
            ],
            "FRZ-01",
            None,
        ),
        (LOCATE, [], "LOC-01", None),
        (
            LOCATE,
            [
                ("locate.purpose_code", "missing_person"),
                ("purpose_code", "missing_person"),
                ("locate.warrant_ref", None),
            ],
            "LOC-01",
            None,
        ),
        (INFO, [], "LOC-02", None),
        (INFO, [("messages", ["The victim's parents reported the calls to the police."])], "LOC-02", None),
        (FREEZE, [], "TIP-01", "p1"),
        (
            FREEZE,
            [("persons.0.location_history", COMPOUND), ("persons.0.trafficking_screening", screening())],
            "TIP-01",
            "p1",
        ),
        ("dna", [], "DNA-01", None),
    ],
)
def test_rule_does_not_fire(
    name: str, changes: list[tuple[str, Any]], rule_id: str, person: str | None
) -> None:
    assert result_of(run(mutate(name, changes)), rule_id, person).outcome is Outcome.PASS


def test_protective_locate_is_not_coercive() -> None:
    doc = mutate(
        LOCATE,
        [
            ("locate.purpose_code", "missing_person"),
            ("purpose_code", "missing_person"),
            ("locate.warrant_ref", None),
            ("context", None),
        ],
    )
    result = run(doc)
    assert not result.coercive
    assert result_of(result, "GEN-03").outcome is Outcome.REVIEW  # fail closed as an information request


def test_loc_02_partner_notice_register_blocks_absolutely() -> None:
    shipped = load_ruleset()
    notice = {
        "notice_id": "N-1",
        "country": "CN",
        "issuing_authority_id": "demo-cn",
        "measures": ["schooling_limits"],
        "issued_on": "2026-01-10",
        "source": {"title": "test notice", "published": "2026-01-10"},
    }
    raw = shipped.config.model_dump(mode="json") | {"partner_notices": [notice]}
    ruleset = RuleSet.from_config(RuleSetConfig.model_validate(raw))
    found = result_of(run(mutate(FREEZE, []), ruleset=ruleset), "LOC-02")
    assert found.outcome is Outcome.BLOCK and found.absolute and "partner_notice:N-1" in found.reason_codes
    assert ruleset.hash != shipped.hash


def test_loc_02_is_absolute_and_never_overridable() -> None:
    found = result_of(run(mutate(INFO, [("declared_family_measures", ["detention"])])), "LOC-02")
    assert found.absolute and not found.overridable


def test_presumptive_victim_gets_reflection_period_and_referral() -> None:
    doc = mutate(
        FREEZE,
        [("persons.0.location_history", COMPOUND), ("persons.0.trafficking_screening", screening(Q4="yes"))],
    )
    protections = run(doc).protections
    assert len(protections) == 1
    record = protections[0]
    assert record.non_punishment_flag and record.protection_referral
    assert record.reflection_period_ends is not None
    assert (record.reflection_period_ends - datetime.fromisoformat(SCREENING["completed_at"])).days >= 30
