"""GEN-01..GEN-11: each rule fires on a crafted document and stays PASS on the well-formed ones."""

from __future__ import annotations

from typing import Any

import pytest

from jointdesk.screening import Outcome
from unit.screening.screening_support import mutate, result_of, run

B, R, W, P = Outcome.BLOCK, Outcome.REVIEW, Outcome.WARN, Outcome.PASS
FREEZE, INFO, LOCATE = "ok_freeze_mule_account", "ok_subscriber_information", "ok_locate_with_warrant"
ACCOUNT_ATTRIBUTION = "identifiers.0.attribution"

# (base document, changes, rule, person, expected outcome, expected reason code)
CASES: list[tuple[str, list[tuple[str, Any]], str, str | None, Outcome, str]] = [
    (FREEZE, [("legal_basis.kind", "reciprocity")], "GEN-01", None, B, "legal_basis_not_allowed"),
    (FREEZE, [("purpose_code", "intelligence_gathering")], "GEN-01", None, B, "purpose_not_allowed"),
    (INFO, [("case_ref", None)], "GEN-01", None, B, "missing_input"),
    (FREEZE, [("offences.0.code", "spreading_rumours")], "GEN-02", None, B, "excluded_offence"),
    (INFO, [("offences.0.code", "debt_default")], "GEN-02", None, R, "context_offence"),
    (INFO, [("offences.0.code", "witchcraft")], "GEN-02", None, R, "unknown_offence_code"),
    (
        INFO,
        [("facts.narrative", "He signed a petition and was then charged with fraud.")],
        "GEN-02",
        None,
        R,
        "facts_suggest_political_conduct",
    ),
    (FREEZE, [("persons.0.subject_status", ["journalist"])], "GEN-03", None, R, "predominance_flags"),
    (
        FREEZE,
        [("context.source_politically_interested", True)],
        "GEN-03",
        None,
        R,
        "politically_interested_source",
    ),
    (INFO, [("context.prior_declines", ["INTERPOL-CCF-2025-1"])], "GEN-03", None, R, "declined_elsewhere"),
    (
        INFO,
        [
            ("requesting.country", "MM"),
            ("requesting.authority_id", "demo-mm"),
            ("partner_record.partner_authority_id", "demo-mm"),
        ],
        "GEN-03",
        None,
        R,
        "predominance_flags",
    ),
    (
        LOCATE,
        [("persons.0.protection_status", "asylum_seeker"), ("persons.0.country_of_feared_persecution", "TH")],
        "GEN-04",
        "p1",
        B,
        "feared_country_involved",
    ),
    (
        LOCATE,
        [
            ("persons.0.protection_status", "recognised_refugee"),
            ("persons.0.country_of_feared_persecution", None),
        ],
        "GEN-04",
        "p1",
        B,
        "missing_input",
    ),
    (FREEZE, [("persons.0.reported_groups", ["Uyghur"])], "GEN-05", None, R, "group_reported_persecuted"),
    (
        FREEZE,
        [("persons.0.reported_groups", ["Uyghur"]), ("persons.0.relied_grounds", ["ethnicity"])],
        "GEN-05",
        None,
        B,
        "persecution_substantial_grounds",
    ),
    (FREEZE, [("persons.0.relied_grounds", ["religion"])], "GEN-05", None, R, "relies_on_protected_ground"),
    (FREEZE, [("facts.narrative", "See attached.")], "GEN-06", None, R, "boilerplate_summary"),
    (FREEZE, [("facts.evidence_refs", [])], "GEN-06", None, B, "missing_input"),
    (INFO, [("facts.place", None)], "GEN-06", None, B, "missing_input"),
    (FREEZE, [("persons.0.source_reliability", "X")], "GEN-06", None, R, "low_grading_for_coercive_action"),
    (
        FREEZE,
        [("facts.amount", None), ("facts.victims_count", None)],
        "GEN-06",
        None,
        R,
        "incoherent_with_charge",
    ),
    (
        FREEZE,
        [("facts.statements", [{"kind": "assessment", "text": "Probably a mule."}])],
        "GEN-06",
        None,
        R,
        "only_assessments",
    ),
    (
        INFO,
        [("payload_fields", ["identifiers", "person_identity"])],
        "GEN-07",
        None,
        B,
        "out_of_schema_fields",
    ),
    (FREEZE, [("persons.0.category", "victim")], "GEN-07", None, B, "victim_or_witness_in_coercive_request"),
    (
        LOCATE,
        [
            ("payload_fields", ["person_identity", "biometric"]),
            ("special_category_justification", "Photo needed to recognise the subject."),
        ],
        "GEN-07",
        None,
        R,
        "special_category_data",
    ),
    (LOCATE, [("payload_fields", ["person_identity", "biometric"])], "GEN-07", None, B, "missing_input"),
    (FREEZE, [("markings.tlp", "GREEN")], "GEN-08", None, W, "tlp_looser_than_default"),
    (FREEZE, [("markings.handling_codes", [])], "GEN-08", None, B, "missing_input"),
    (
        INFO,
        [("markings.onward_transfer_consent", True)],
        "GEN-08",
        None,
        B,
        "onward_transfer_without_originator_consent",
    ),
    (INFO, [("markings.handling_codes", ["H0", "H3"])], "GEN-08", None, B, "missing_input"),
    (
        FREEZE,
        [("retention.destination_authority_id", "demo-zz")],
        "GEN-09",
        None,
        B,
        "destination_not_registered",
    ),
    (
        FREEZE,
        [("retention.destination_authority_id", "demo-kh")],
        "GEN-09",
        None,
        B,
        "destination_country_mismatch",
    ),
    (FREEZE, [("retention.transfer_basis", "adequacy")], "GEN-09", None, B, "basis_not_registered"),
    (
        FREEZE,
        [
            ("retention.transfer_basis", "derogation"),
            ("retention.derogation_reason", "Imminent threat to a victim's life."),
        ],
        "GEN-09",
        None,
        R,
        "derogation",
    ),
    (FREEZE, [("retention.review_date", "2034-01-01")], "GEN-09", None, B, "review_date_too_far"),
    (INFO, [("retention.review_date", "2030-06-01")], "GEN-09", None, B, "review_date_too_far"),
    (INFO, [("retention.review_date", "2026-01-01")], "GEN-09", None, B, "review_date_past"),
    (FREEZE, [("partner_record.blocked_12m", 100)], "GEN-10", None, R, "partner_blocked_share"),
    (
        FREEZE,
        [("partner_record.oversight_questions_unanswered_12m", 5)],
        "GEN-10",
        None,
        R,
        "partner_oversight_unanswered",
    ),
    (FREEZE, [("partner_record.misuse_findings", 2)], "GEN-10", None, B, "partner_suspended"),
    (INFO, [("partner_record.suspended", True)], "GEN-10", None, R, "partner_suspended"),
    (INFO, [("partner_record.partner_authority_id", "demo-vn")], "GEN-10", None, R, "missing_input"),
    (
        FREEZE,
        [(f"{ACCOUNT_ATTRIBUTION}.sources", ["bank_kyc"])],
        "GEN-11",
        None,
        W,
        "single_source_attribution",
    ),
    (
        FREEZE,
        [(f"{ACCOUNT_ATTRIBUTION}.second_verification", False)],
        "GEN-11",
        None,
        R,
        "no_second_verification",
    ),
    (
        FREEZE,
        [(f"{ACCOUNT_ATTRIBUTION}.observed_at", "2026-09-21T10:15:00")],
        "GEN-11",
        None,
        R,
        "timestamp_without_time_zone",
    ),
    (
        FREEZE,
        [(f"{ACCOUNT_ATTRIBUTION}.time_zone_checked", False)],
        "GEN-11",
        None,
        R,
        "time_zone_not_checked",
    ),
    (FREEZE, [(ACCOUNT_ATTRIBUTION, None)], "GEN-11", None, B, "missing_input"),
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
    assert found.inputs_used


GENERAL = [f"GEN-{n:02d}" for n in range(1, 12)]


@pytest.mark.parametrize("name", [FREEZE, INFO])
@pytest.mark.parametrize("rule_id", GENERAL)
def test_rule_does_not_fire_on_well_formed_requests(name: str, rule_id: str) -> None:
    person = "p1" if rule_id == "GEN-04" and name == FREEZE else None
    if rule_id == "GEN-04" and name == INFO:
        assert not [r for r in run(mutate(name, [])).per_rule if r.rule_id == "GEN-04"]  # nobody named
        return
    found = result_of(run(mutate(name, [])), rule_id, person)
    assert found.outcome is Outcome.PASS, found


def test_gen_04_does_not_fire_for_a_refugee_whose_feared_country_is_not_involved() -> None:
    doc = mutate(
        LOCATE,
        [
            ("persons.0.protection_status", "recognised_refugee"),
            ("persons.0.country_of_feared_persecution", "VN"),
        ],
    )
    assert result_of(run(doc), "GEN-04", "p1").outcome is Outcome.PASS


def test_gen_04_block_is_absolute_and_hidden_from_the_requester() -> None:
    doc = mutate(
        LOCATE,
        [
            ("persons.0.protection_status", "recognised_refugee"),
            ("persons.0.country_of_feared_persecution", "CN"),
        ],
    )
    result = run(doc)
    found = result_of(result, "GEN-04", "p1")
    assert found.absolute and not found.overridable and found.restricted
    shown = result.requester_view()
    assert "GEN-04" not in {r.rule_id for r in shown.per_rule}
    assert "RESTRICTED" in {r.rule_id for r in shown.per_rule}
    text = shown.model_dump_json()
    assert "GEN-04" not in text and "refugee" not in text.lower()


def test_gen_02_organised_crime_link_keeps_a_commercial_dispute_in_scope() -> None:
    doc = mutate(
        INFO, [("offences.0.code", "commercial_dispute"), ("offences.0.linked_to_organised_crime", True)]
    )
    assert result_of(run(doc), "GEN-02").outcome is Outcome.PASS


def test_gen_08_onward_transfer_with_originator_consent_passes() -> None:
    doc = mutate(
        INFO, [("markings.onward_transfer_consent", True), ("markings.originator_consent_ref", "OC-1")]
    )
    assert result_of(run(doc), "GEN-08").outcome is Outcome.PASS


def test_gen_09_overdue_register_entry_asks_for_review() -> None:
    from datetime import UTC, datetime

    result = run(
        mutate(INFO, [("retention.review_date", "2029-06-01")]), now=datetime(2027, 12, 1, tzinfo=UTC)
    )
    found = result_of(result, "GEN-09")
    assert found.outcome is Outcome.REVIEW and "register_entry_overdue" in found.reason_codes
