"""Helpers of the screening tests: a fixed ``now``, document builders and result lookups."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jointdesk.screening import RuleResult, RuleSet, ScreeningDocument, ScreeningResult, load_ruleset, screen

SCENARIOS = Path(__file__).parent / "scenarios"
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
Doc = dict[str, Any]


def load_doc(name: str) -> Doc:
    return json.loads((SCENARIOS / f"{name}.json").read_text(encoding="utf-8"))


def set_path(doc: Doc, path: str, value: Any) -> Doc:
    """Set ``a.0.b`` in a nested dict/list document (returns the same document)."""
    *parents, last = path.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def dna_doc() -> Doc:
    doc = load_doc("ok_subscriber_information")
    doc.update(
        request_type="dna_follow_up",
        identifiers=[],
        payload_fields=["dna_profile", "case_refs", "facts_summary", "offences"],
        special_category_justification="The profile is needed to identify the person who handled the cash.",
        dna={
            "profile_type": "str_profile",
            "loci": ["D3S1358", "vWA", "FGA", "TH01", "D8S1179", "D21S11", "AMEL"],
            "purpose_code": "criminal_investigation",
            "case_ref": "CN-AFC-2026-0912",
            "profile_refs": ["DNA-PROF-0001"],
            "searches": ["direct"],
            "subject_convicted": False,
            "retention_until": "2028-06-01",
        },
    )
    return doc


def intervention_doc() -> Doc:
    doc = load_doc("ok_freeze_mule_account")
    doc.update(
        request_type="domestic_intervention",
        legal_basis={"kind": "domestic_statute", "reference": "Anti-Telecom Fraud Law Art. 34 (demo)"},
        intervention={"kind": "stop_payment", "affected_person_ref": "p1"},
        receiving=doc["requesting"],
    )
    doc["freeze"].update(double_criminality=None, ne_bis_in_idem_clear=None)
    return doc


def base(name: str) -> Doc:
    builders: dict[str, Callable[[], Doc]] = {"dna": dna_doc, "intervention": intervention_doc}
    return builders[name]() if name in builders else load_doc(name)


def run(doc: Doc, now: datetime = NOW, ruleset: RuleSet | None = None) -> ScreeningResult:
    return screen(ScreeningDocument.model_validate(doc), ruleset or load_ruleset(), now)


def result_of(result: ScreeningResult, rule_id: str, person: str | None = None) -> RuleResult:
    matches = [r for r in result.per_rule if r.rule_id == rule_id and r.person_ref == person]
    assert len(matches) == 1, f"{rule_id}@{person}: {[r.key for r in result.per_rule]}"
    return matches[0]


def mutate(name: str, changes: list[tuple[str, Any]]) -> Doc:
    doc = copy.deepcopy(base(name))
    for path, value in changes:
        set_path(doc, path, value)
    return doc
