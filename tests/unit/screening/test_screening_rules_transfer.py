"""TRF-01..TRF-08 per person of a transfer: each fires on a crafted batch and stays quiet otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from jointdesk.screening import Outcome
from unit.screening.screening_support import mutate, result_of, run

B, R, P = Outcome.BLOCK, Outcome.REVIEW, Outcome.PASS
BASE = "base_extradition"
T = "persons.0.transfer"
ASSURANCE = {
    "assurance_id": "A-1",
    "issuer": "Supreme People's Court (demo)",
    "binds_state": True,
    "scope_offence_codes": ["fraud"],
    "track_record": "none_known",
    "monitoring_plan": {
        "consular_access": True,
        "lawyer_access": True,
        "monitor": "Embassy",
        "report_dates": ["2027-03-01"],
    },
}
CAPITAL = {
    "code": "fraud",
    "statute_ref": "CN CL 266 add-on",
    "life_imprisonment": True,
    "death_penalty": True,
    "receiving_state_statute_ref": "TH CC s.343",
    "receiving_state_max_penalty_years": 10,
}
CONSENT = {
    "interviewer": "IOM (demo)",
    "interviewer_independent": True,
    "informed": True,
    "language_understood": True,
    "receiving_state_officials_present": False,
    "pressure_on_relatives_reported": False,
    "recorded_at": "2026-11-20T10:00:00+07:00",
}
SB_DESTINATION = [("transfer.destination_country", "SB"), ("persons.0.nationalities", ["SB"])]

CASES: list[tuple[list[tuple[str, Any]], str, Outcome, str, bool]] = [
    (
        [(f"{T}.legal_decision.decided_at", "2026-11-20T09:00:00+00:00")],
        "TRF-01",
        B,
        "appeal_window_open",
        False,
    ),
    ([(f"{T}.legal_decision.appealable", False)], "TRF-01", B, "decision_not_appealable", False),
    ([(f"{T}.legal_decision", None)], "TRF-01", B, "missing_input", False),
    (
        [
            ("transfer.route", "voluntary_return"),
            (f"{T}.consent", CONSENT | {"interviewer_independent": False}),
        ],
        "TRF-01",
        B,
        "interviewer_not_independent",
        False,
    ),
    (
        [("transfer.route", "voluntary_return"), (f"{T}.consent", CONSENT | {"withdrawn": True})],
        "TRF-01",
        B,
        "consent_withdrawn",
        False,
    ),
    ([("transfer.declared_batch_size", 300)], "TRF-02", B, "batch_size_mismatch", False),
    ([(f"{T}.rights.lawyer_access", False)], "TRF-02", B, "rights_not_secured", False),
    ([(f"{T}.non_refoulement", None)], "TRF-02", B, "missing_input", False),
    (
        [(f"{T}.non_refoulement.substantial_grounds", True)],
        "TRF-03",
        B,
        "substantial_grounds_of_torture_risk",
        True,
    ),
    (
        [(f"{T}.non_refoulement.personal_factors", ["ethnicity"])],
        "TRF-03",
        B,
        "substantial_grounds_of_torture_risk",
        True,
    ),
    ([(f"{T}.non_refoulement.written", False)], "TRF-03", B, "missing_input", False),
    ([("offences", [CAPITAL])], "TRF-04", B, "no_death_penalty_assurance", False),
    (
        [("offences", [CAPITAL]), (f"{T}.assurances", [ASSURANCE | {"binds_state": False}])],
        "TRF-04",
        B,
        "no_death_penalty_assurance",
        False,
    ),
    (
        [("offences", [CAPITAL]), (f"{T}.assurances", [ASSURANCE | {"track_record": "breached"}])],
        "TRF-04",
        B,
        "no_death_penalty_assurance",
        False,
    ),
    ([("offences", [CAPITAL]), (f"{T}.assurances", [ASSURANCE])], "TRF-04", R, "assurance_to_review", False),
    (
        [("offences", [CAPITAL]), (f"{T}.assurances", [ASSURANCE | {"monitoring_plan": None}])],
        "TRF-04",
        R,
        "assurance_without_monitoring",
        False,
    ),
    ([("offences.0.death_penalty", None)], "TRF-04", B, "missing_input", False),
    ([(f"{T}.fair_trial.judgment_in_absentia", True)], "TRF-05", B, "in_absentia_without_retrial", False),
    (
        [*SB_DESTINATION, (f"{T}.fair_trial.special_or_military_court", True)],
        "TRF-05",
        R,
        "fair_trial_case_concerns",
        False,
    ),
    ([], "TRF-05", R, "fair_trial_register_concerns", False),
    ([("offences.0.receiving_state_max_penalty_years", 1)], "TRF-06", B, "penalty_below_threshold", False),
    ([(f"{T}.prior_final_judgment_same_conduct", True)], "TRF-06", B, "ne_bis_in_idem", False),
    ([(f"{T}.amnesty", True)], "TRF-06", B, "amnesty", False),
    ([(f"{T}.time_barred", None)], "TRF-06", B, "missing_input", False),
    (
        [(f"{T}.purpose", "enforcement"), (f"{T}.remaining_sentence_months", 3)],
        "TRF-06",
        B,
        "sentence_below_threshold",
        False,
    ),
    ([(f"{T}.charges_outside_list", ["subversion"])], "TRF-06", R, "speciality", False),
    ([("offences.0.receiving_state_statute_ref", None)], "TRF-06", B, "missing_input", False),
    ([("persons.0.nationalities", ["CN", "TH"])], "TRF-07", R, "national_of_sending_state", False),
    (
        [
            ("persons.0.nationalities", ["VN"]),
            (f"{T}.consular_notice", {"country": "VN", "notified_at": "2026-11-01T00:00:00+00:00"}),
        ],
        "TRF-07",
        R,
        "third_country_national",
        False,
    ),
    ([("persons.0.nationalities", ["VN"])], "TRF-07", B, "missing_input", False),
    (
        [
            ("transfer.route", "deportation"),
            ("persons.0.nationalities", ["VN"]),
            (f"{T}.consular_notice", {"country": "VN", "notified_at": "2026-11-01T00:00:00+00:00"}),
        ],
        "TRF-07",
        B,
        "third_country_without_extradition",
        False,
    ),
    ([("persons.0.date_of_birth", "2010-05-01")], "TRF-08", B, "child_without_best_interests_decision", True),
    (
        [
            ("persons.0.date_of_birth", None),
            (
                "persons.0.age_assessment",
                {
                    "assessed_min_age": 19,
                    "disputed": True,
                    "assessor": "social services",
                    "assessed_on": "2026-11-01",
                },
            ),
        ],
        "TRF-08",
        B,
        "child_without_best_interests_decision",
        True,
    ),
    (
        [
            ("persons.0.date_of_birth", "2010-05-01"),
            (
                f"{T}.best_interests",
                {"authority": "Child protection (demo)", "decision_ref": "BI-1", "decided_on": "2026-11-10"},
            ),
        ],
        "TRF-08",
        R,
        "child_best_interests_decided",
        False,
    ),
    ([("persons.0.vulnerabilities", ["pregnancy"])], "TRF-08", R, "vulnerable_person", False),
    ([("persons.0.date_of_birth", None)], "TRF-08", B, "missing_input", False),
]


@pytest.mark.parametrize(("changes", "rule_id", "expected", "reason", "absolute"), CASES)
def test_rule_fires(
    changes: list[tuple[str, Any]], rule_id: str, expected: Outcome, reason: str, absolute: bool
) -> None:
    found = result_of(run(mutate(BASE, changes)), rule_id, "p1")
    assert found.outcome is expected, found
    assert reason in found.reason_codes
    assert found.absolute is absolute
    assert found.overridable is (expected is Outcome.BLOCK and not absolute and reason != "missing_input")


@pytest.mark.parametrize(
    ("changes", "rule_id"),
    [
        ([], "TRF-01"),
        ([("transfer.route", "voluntary_return"), (f"{T}.consent", CONSENT)], "TRF-01"),
        ([], "TRF-02"),
        ([], "TRF-04"),
        (SB_DESTINATION, "TRF-05"),
        ([], "TRF-06"),
        ([], "TRF-07"),
        ([], "TRF-08"),
    ],
)
def test_rule_does_not_fire(changes: list[tuple[str, Any]], rule_id: str) -> None:
    assert result_of(run(mutate(BASE, changes)), rule_id, "p1").outcome is Outcome.PASS


def test_trf_03_without_substantial_grounds_is_review_not_block() -> None:
    found = result_of(run(mutate(BASE, SB_DESTINATION)), "TRF-03", "p1")
    assert found.outcome is Outcome.REVIEW and not found.absolute


def test_transfer_rules_do_not_apply_to_other_request_types() -> None:
    result = run(mutate("ok_freeze_mule_account", []))
    assert not [r for r in result.per_rule if r.rule_id.startswith("TRF")]


def test_a_transfer_listing_nobody_is_blocked() -> None:
    found = result_of(run(mutate(BASE, [("persons", [])])), "TRF-02")
    assert found.outcome is Outcome.BLOCK and "persons" in found.missing_inputs


def test_each_person_of_a_batch_is_screened_individually() -> None:
    doc = mutate("abuse_trafficked_worker_in_batch", [])
    result = run(doc)
    for rule_id in ("TIP-01", "TRF-01", "TRF-02", "TRF-03", "TRF-04", "TRF-05", "TRF-06", "TRF-07", "TRF-08"):
        assert {r.person_ref for r in result.per_rule if r.rule_id == rule_id} == {"p1", "p2"}
    assert result_of(result, "TIP-01", "p1").outcome is Outcome.PASS
    assert result_of(result, "TIP-01", "p2").absolute


def test_joint_operation_is_coercive_with_per_person_checks() -> None:
    doc = mutate(
        BASE,
        [
            ("request_type", "joint_operation"),
            ("purpose_code", "joint_investigation"),
            ("legal_basis.kind", "police_cooperation_agreement"),
        ],
    )
    result = run(doc)
    assert result.coercive
    assert {r.rule_id for r in result.per_rule if r.person_ref == "p1"} >= {"TIP-01", "TRF-01", "TRF-08"}
