"""Outcomes, per-rule results and their aggregation (safeguards.md §2.1-§2.2)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer


class Outcome(IntEnum):
    """Ordered so that ``max`` is the aggregation rule: BLOCK > REVIEW > WARN > PASS."""

    PASS = 0
    WARN = 1
    REVIEW = 2
    BLOCK = 3


def _outcome_from_name(value: Any) -> Any:
    return Outcome[value] if isinstance(value, str) else value


# Serialised by name ("BLOCK"), the form logged and shown to people.
OutcomeName = Annotated[
    Outcome, BeforeValidator(_outcome_from_name), PlainSerializer(lambda o: o.name, return_type=str)
]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule function returns; the engine turns it into a :class:`RuleResult`.

    ``missing`` names inputs that were absent; the engine resolves them fail-closed (§2.2).
    """

    outcome: Outcome
    reasons: tuple[str, ...] = ()
    explanation: str = ""
    absolute: bool = False
    missing: tuple[str, ...] = ()

    @staticmethod
    def passed(explanation: str) -> Finding:
        return Finding(Outcome.PASS, (), explanation)

    @staticmethod
    def warn(reason: str, explanation: str) -> Finding:
        return Finding(Outcome.WARN, (reason,), explanation)

    @staticmethod
    def review(reason: str, explanation: str) -> Finding:
        return Finding(Outcome.REVIEW, (reason,), explanation)

    @staticmethod
    def block(reason: str, explanation: str, *, absolute: bool = False) -> Finding:
        return Finding(Outcome.BLOCK, (reason,), explanation, absolute=absolute)

    @staticmethod
    def lacking(fields: Iterable[str], explanation: str) -> Finding:
        """Inputs the rule needs are absent: the engine decides BLOCK or REVIEW."""
        return Finding(Outcome.PASS, ("missing_input",), explanation, missing=tuple(fields))


@dataclass(slots=True)
class Findings:
    """Collects a rule's issues and folds them into one finding (worst outcome, all reasons)."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        if finding.outcome is not Outcome.PASS or finding.missing:
            self.items.append(finding)

    def result(self, pass_explanation: str) -> Finding:
        if not self.items:
            return Finding.passed(pass_explanation)
        return Finding(
            outcome=max(item.outcome for item in self.items),
            reasons=tuple(dict.fromkeys(r for item in self.items for r in item.reasons)),
            explanation=" ".join(dict.fromkeys(item.explanation for item in self.items)),
            absolute=any(item.absolute and item.outcome is Outcome.BLOCK for item in self.items),
            missing=tuple(dict.fromkeys(m for item in self.items for m in item.missing)),
        )


class RuleResult(BaseModel):
    """One rule's verdict (for one person, for per-person rules), as logged in ``screening.run``."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    outcome: OutcomeName
    absolute: bool
    # False for absolute BLOCKs and for fail-closed BLOCKs: a missing input is cured by amending.
    overridable: bool
    reason_codes: tuple[str, ...]
    missing_inputs: tuple[str, ...]
    explanation: str
    inputs_used: tuple[str, ...]
    person_ref: str | None = None
    # GEN-04: the requester must never learn a person's protection status (§3).
    restricted: bool = False

    @property
    def key(self) -> str:
        return f"{self.rule_id}@{self.person_ref}" if self.person_ref else self.rule_id


class Aggregate(BaseModel):
    model_config = ConfigDict(frozen=True)

    outcome: OutcomeName
    absolute: bool


def aggregate(results: Iterable[RuleResult]) -> Aggregate:
    """Highest outcome wins; absolute if any BLOCK is absolute (§2.2). No results ⇒ PASS."""
    worst = Outcome.PASS
    absolute = False
    for result in results:
        worst = max(worst, result.outcome)
        absolute = absolute or (result.outcome is Outcome.BLOCK and result.absolute)
    return Aggregate(outcome=worst, absolute=absolute)


class ReviewRequirements(BaseModel):
    """What the workflow must obtain before a request can be sent (§2.1)."""

    model_config = ConfigDict(frozen=True)

    sendable_without_review: bool
    review_keys: tuple[str, ...]
    overridable_block_keys: tuple[str, ...]
    absolute_block_keys: tuple[str, ...]
    amend_block_keys: tuple[str, ...]
    reviewer_rule: str = "rights reviewer outside the requesting unit"
    override_rule: str = (
        "two authorised reviewers outside the requesting chain, reason codes, oversight body notified"
    )


def review_requirements(results: Iterable[RuleResult]) -> ReviewRequirements:
    results = tuple(results)
    blocks = [r for r in results if r.outcome is Outcome.BLOCK]
    return ReviewRequirements(
        sendable_without_review=all(r.outcome <= Outcome.WARN for r in results),
        review_keys=tuple(r.key for r in results if r.outcome is Outcome.REVIEW),
        overridable_block_keys=tuple(r.key for r in blocks if r.overridable),
        absolute_block_keys=tuple(r.key for r in blocks if r.absolute),
        amend_block_keys=tuple(r.key for r in blocks if not r.overridable and not r.absolute),
    )
