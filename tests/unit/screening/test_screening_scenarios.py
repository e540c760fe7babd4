"""Abuse scenarios of issue #5 as documents (scenarios/*.json): each is blocked or held for review with
the expected rules, while ordinary well-formed fraud requests pass without friction."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jointdesk.screening import Outcome
from unit.screening.screening_support import SCENARIOS, load_doc, run

B, R, W, P = Outcome.BLOCK, Outcome.REVIEW, Outcome.WARN, Outcome.PASS

# scenario: (aggregate, absolute, {rule key: outcome that must be reached})
ABUSE: dict[str, tuple[Outcome, bool, dict[str, Outcome]]] = {
    "abuse_dissident_fraud_after_protest": (R, False, {"GEN-02": R, "GEN-03": R, "LOC-01": R}),
    "abuse_refugee_requested_by_fled_country": (B, True, {"GEN-04@p1": B}),
    "abuse_pressure_on_relatives": (B, True, {"LOC-02": B}),
    "abuse_minor_found_in_compound": (B, True, {"TIP-01@p1": B, "TRF-08@p1": B, "TRF-02@p1": B}),
    "abuse_trafficked_worker_in_batch": (B, True, {"TIP-01@p2": B}),
    "abuse_death_penalty_without_assurance": (B, False, {"TRF-04@p1": B}),
    "abuse_informal_voluntary_return": (B, False, {"TRF-01@p1": B}),
}

ORDINARY: dict[str, Outcome] = {
    "ok_freeze_mule_account": P,
    "ok_subscriber_information": P,
    "ok_locate_with_warrant": W,
}


def test_every_scenario_file_is_asserted() -> None:
    names = {p.stem for p in SCENARIOS.glob("*.json")}
    assert names == set(ABUSE) | set(ORDINARY) | {"base_extradition"}


@pytest.mark.parametrize("name", sorted(ABUSE))
def test_abuse_scenario_is_stopped(name: str) -> None:
    aggregate, absolute, expected = ABUSE[name]
    result = run(load_doc(name))
    assert result.aggregate.outcome is aggregate
    assert result.aggregate.absolute is absolute
    by_key = {r.key: r for r in result.per_rule}
    for key, outcome in expected.items():
        assert by_key[key].outcome is outcome, by_key[key]
    assert not result.review_requirements.sendable_without_review


@pytest.mark.parametrize("name", sorted(ORDINARY))
def test_ordinary_fraud_request_passes_without_friction(name: str) -> None:
    result = run(load_doc(name))
    assert result.aggregate.outcome is ORDINARY[name]
    assert result.review_requirements.sendable_without_review
    assert result.missing_inputs == ()


def test_an_individually_cleared_extradition_needs_only_the_rights_review() -> None:
    result = run(load_doc("base_extradition"))
    assert result.aggregate.outcome is R
    assert result.review_requirements.review_keys == ("TRF-03@p1", "TRF-05@p1")
    assert not result.review_requirements.overridable_block_keys


def test_the_documented_examples_pass() -> None:
    docs = Path(__file__).parents[3] / "docs"
    example = docs / "examples" / "screening" / "freeze-mule-account.json"
    assert run(json.loads(example.read_text(encoding="utf-8"))).aggregate.outcome is P
    minimal = re.search(
        r"### Minimal example.*?```json\n(.*?)```", (docs / "screening.md").read_text("utf-8"), re.S
    )
    assert minimal is not None
    assert run(json.loads(minimal.group(1))).aggregate.outcome is P
