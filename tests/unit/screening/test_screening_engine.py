"""Aggregation, fail-closed, applicability per request type, the rule-set hash and replay (INV-3/INV-4)."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from jointdesk.screening import (
    Outcome,
    ReplayMismatch,
    RuleResult,
    RuleSet,
    RuleSetConfig,
    ScreeningDocument,
    assert_replays,
    canonical_json,
    load_ruleset,
    registered_rules,
    screen,
)
from jointdesk.screening import registry as screening_registry
from jointdesk.screening.outcomes import aggregate
from jointdesk.screening.ruleset import read_config
from unit.screening.screening_support import NOW, mutate, result_of, run

SPEC_RULES = (
    {f"GEN-{n:02d}" for n in range(1, 12)}
    | {"FRZ-01", "LOC-01", "LOC-02", "TIP-01", "DNA-01"}
    | {f"TRF-{n:02d}" for n in range(1, 9)}
)


def rule_result(outcome: Outcome, *, absolute: bool = False, key: str = "X-01") -> RuleResult:
    return RuleResult(
        rule_id=key,
        outcome=outcome,
        absolute=absolute,
        overridable=not absolute,
        reason_codes=(),
        missing_inputs=(),
        explanation="",
        inputs_used=(),
    )


def test_every_rule_of_the_table_is_registered() -> None:
    assert {r.rule_id for r in registered_rules()} == SPEC_RULES


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([], Outcome.PASS),
        ([Outcome.PASS, Outcome.WARN], Outcome.WARN),
        ([Outcome.WARN, Outcome.REVIEW, Outcome.PASS], Outcome.REVIEW),
        ([Outcome.REVIEW, Outcome.BLOCK, Outcome.WARN], Outcome.BLOCK),
    ],
)
def test_aggregate_is_the_highest_outcome(outcomes: list[Outcome], expected: Outcome) -> None:
    assert aggregate(rule_result(o) for o in outcomes).outcome is expected


def test_aggregate_is_absolute_only_through_an_absolute_block() -> None:
    assert aggregate([rule_result(Outcome.BLOCK, absolute=True), rule_result(Outcome.REVIEW)]).absolute
    assert not aggregate([rule_result(Outcome.BLOCK), rule_result(Outcome.REVIEW)]).absolute
    assert not aggregate([rule_result(Outcome.REVIEW, absolute=True)]).absolute


def test_missing_input_fails_closed_to_review_for_information_and_block_for_coercive() -> None:
    info = run(mutate("ok_subscriber_information", [("context", None)]))
    freeze = run(mutate("ok_freeze_mule_account", [("context", None)]))
    assert not info.coercive and freeze.coercive
    assert result_of(info, "GEN-03").outcome is Outcome.REVIEW
    assert result_of(freeze, "GEN-03").outcome is Outcome.BLOCK
    assert "context" in freeze.missing_inputs and "context" in info.missing_inputs
    assert not result_of(freeze, "GEN-03").overridable  # cured by amending, never by an override


def test_preservation_counts_as_an_information_request() -> None:
    doc = mutate(
        "ok_subscriber_information",
        [("request_type", "preservation"), ("purpose_code", "evidence_preservation"), ("context", None)],
    )
    result = run(doc)
    assert not result.coercive
    assert result_of(result, "GEN-03").outcome is Outcome.REVIEW


def test_domestic_intervention_gets_only_its_rules() -> None:
    result = run(mutate("intervention", []))
    assert {r.rule_id for r in result.per_rule} == {"GEN-01", "GEN-08", "GEN-11", "FRZ-01", "TIP-01"}
    assert result.aggregate.outcome is Outcome.PASS
    warn = run(
        mutate(
            "intervention", [("intervention.kind", "warn_victim"), ("intervention.affected_person_ref", None)]
        )
    )
    assert {r.rule_id for r in warn.per_rule} == {"GEN-01", "GEN-08", "GEN-11"}


def test_identifier_block_applies_gen_01_08_09_11_and_is_coercive_when_attributed() -> None:
    doc = mutate(
        "ok_freeze_mule_account",
        [
            ("request_type", "identifier_block"),
            ("purpose_code", "harm_prevention"),
            ("payload_fields", ["identifiers", "facts_summary"]),
        ],
    )
    result = run(doc)
    assert result.coercive
    assert {"GEN-01", "GEN-08", "GEN-09", "GEN-11"} <= {r.rule_id for r in result.per_rule}
    assert "FRZ-01" not in {r.rule_id for r in result.per_rule}


def test_an_engine_error_is_treated_as_a_missing_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: object) -> object:
        raise ZeroDivisionError

    rules = dict(screening_registry._RULES)
    rules["GEN-10"] = dataclasses.replace(rules["GEN-10"], request_check=broken)
    monkeypatch.setattr(screening_registry, "_RULES", rules)
    found = result_of(run(mutate("ok_freeze_mule_account", [])), "GEN-10")
    assert found.outcome is Outcome.BLOCK and "engine_error" in found.reason_codes and not found.overridable
    info = result_of(run(mutate("ok_subscriber_information", [])), "GEN-10")
    assert info.outcome is Outcome.REVIEW


def test_each_result_explains_itself_and_names_its_inputs() -> None:
    for result in run(mutate("abuse_trafficked_worker_in_batch", [])).per_rule:
        assert result.explanation and result.inputs_used, result.key


def test_now_must_be_timezone_aware() -> None:
    doc = ScreeningDocument.model_validate(mutate("ok_freeze_mule_account", []))
    with pytest.raises(ValueError, match="timezone"):
        screen(doc, load_ruleset(), datetime(2026, 11, 29, 12))


def test_time_is_an_input() -> None:
    doc = mutate("ok_freeze_mule_account", [])
    assert run(doc, now=NOW).aggregate.outcome is Outcome.PASS
    late = run(doc, now=NOW + timedelta(days=60))
    assert "expiry_past" in result_of(late, "FRZ-01").reason_codes


def test_ruleset_hash_is_sha256_of_canonical_json_with_registers_inlined() -> None:
    shipped = load_ruleset()
    assert shipped.hash == hashlib.sha256(canonical_json(shipped.config.model_dump(mode="json"))).hexdigest()
    assert RuleSet.from_config(read_config(shipped.version)).hash == shipped.hash
    assert b'"country_risk":[' in shipped.canonical and b"\n" not in shipped.canonical


def test_any_register_or_threshold_change_changes_the_hash() -> None:
    raw = load_ruleset().config.model_dump(mode="json")
    raw["thresholds"]["tip_reflection_days"] = 45
    assert RuleSet.from_config(RuleSetConfig.model_validate(raw)).hash != load_ruleset().hash
    raw = load_ruleset().config.model_dump(mode="json")
    raw["country_risk"][0]["review_date"] = "2028-01-01"
    assert RuleSet.from_config(RuleSetConfig.model_validate(raw)).hash != load_ruleset().hash


def test_unknown_ruleset_version_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule-set version"):
        read_config("1999.1")


@pytest.mark.parametrize("name", ["abuse_trafficked_worker_in_batch", "ok_freeze_mule_account", "dna"])
def test_replay_gives_identical_outcomes(name: str) -> None:
    doc = ScreeningDocument.model_validate(mutate(name, []))
    logged = screen(doc, load_ruleset(), NOW)
    again = assert_replays(
        ScreeningDocument.model_validate_json(doc.model_dump_json()), load_ruleset(), logged
    )
    assert again == logged
    assert again.document_hash == logged.document_hash and again.ruleset_hash == logged.ruleset_hash


def test_replay_with_another_ruleset_is_refused() -> None:
    doc = ScreeningDocument.model_validate(mutate("ok_freeze_mule_account", []))
    logged = screen(doc, load_ruleset(), NOW)
    raw = load_ruleset().config.model_dump(mode="json")
    raw["thresholds"]["frz01_max_days_judicial"] = 10
    with pytest.raises(ReplayMismatch):
        assert_replays(doc, RuleSet.from_config(RuleSetConfig.model_validate(raw)), logged)


def test_replay_detects_a_tampered_log() -> None:
    doc = ScreeningDocument.model_validate(mutate("ok_freeze_mule_account", []))
    logged = screen(doc, load_ruleset(), NOW)
    tampered = logged.model_copy(update={"screened_at": datetime(2027, 6, 1, tzinfo=UTC)})
    with pytest.raises(ReplayMismatch):
        assert_replays(doc, load_ruleset(), tampered)
