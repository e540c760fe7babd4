"""``screen(document, ruleset, now)``: apply every applicable rule and aggregate (safeguards.md §2.2).

Deterministic (INV-4): no clock, randomness or I/O; ``now`` and the rule set are explicit inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from jointdesk.screening.document import ScreeningDocument
from jointdesk.screening.outcomes import (
    Aggregate,
    Finding,
    Outcome,
    ReviewRequirements,
    RuleResult,
    aggregate,
    review_requirements,
)
from jointdesk.screening.persons import Person
from jointdesk.screening.questionnaire import consequences
from jointdesk.screening.registry import Rule, ScreeningContext, is_coercive, registered_rules
from jointdesk.screening.ruleset import RuleSet, canonical_json

ENGINE_VERSION = "1.0.0"
RESTRICTED_EXPLANATION = (
    "This request cannot be sent under a protection policy of the platform. "
    "No further detail can be given; contact the screening desk."
)


class PersonProtection(BaseModel):
    """§4.4 consequences for one person, for the workflow to record (flag, referral, reflection)."""

    model_config = ConfigDict(frozen=True)

    person_ref: str
    non_punishment_flag: bool
    protection_referral: bool
    reflection_period_ends: datetime | None
    child_protection_required: bool


class ScreeningResult(BaseModel):
    """What ``screening.run`` logs: per-rule outcomes, the aggregate and what it was computed from."""

    model_config = ConfigDict(frozen=True)

    request_id: str
    engine_version: str
    ruleset_version: str
    ruleset_hash: str
    document_hash: str
    screened_at: datetime
    coercive: bool
    aggregate: Aggregate
    per_rule: tuple[RuleResult, ...]
    missing_inputs: tuple[str, ...]
    review_requirements: ReviewRequirements
    protections: tuple[PersonProtection, ...]

    def requester_view(self) -> ScreeningResult:
        """The result as the requester may see it: restricted rules (GEN-04) hide id, person and detail."""
        shown = tuple(_redact(r) if r.restricted and r.outcome > Outcome.PASS else r for r in self.per_rule)
        return self.model_copy(
            update={
                "per_rule": shown,
                "missing_inputs": tuple(dict.fromkeys(m for r in shown for m in r.missing_inputs)),
                "review_requirements": review_requirements(shown),
            }
        )


def document_hash(document: ScreeningDocument) -> str:
    return hashlib.sha256(canonical_json(document.model_dump(mode="json"))).hexdigest()


def screen(document: ScreeningDocument, ruleset: RuleSet, now: datetime) -> ScreeningResult:
    """Screen one request document; ``now`` must be timezone-aware."""
    if now.tzinfo is None or now.utcoffset() is None:
        msg = "now must be a timezone-aware datetime"
        raise ValueError(msg)
    ctx = ScreeningContext(document, ruleset, now, is_coercive(document, ruleset))
    results = tuple(_run_all(ctx))
    return ScreeningResult(
        request_id=document.request_id,
        engine_version=ENGINE_VERSION,
        ruleset_version=ruleset.version,
        ruleset_hash=ruleset.hash,
        document_hash=document_hash(document),
        screened_at=now,
        coercive=ctx.coercive,
        aggregate=aggregate(results),
        per_rule=results,
        missing_inputs=tuple(dict.fromkeys(m for r in results for m in r.missing_inputs)),
        review_requirements=review_requirements(results),
        protections=tuple(_protections(ctx)),
    )


def applicable_rules(ctx: ScreeningContext) -> Iterator[Rule]:
    for entry in registered_rules():
        if ctx.document.request_type not in entry.applies_to:
            continue
        if entry.applies_when is None or entry.applies_when(ctx):
            yield entry


def _run_all(ctx: ScreeningContext) -> Iterator[RuleResult]:
    for entry in applicable_rules(ctx):
        if entry.selector is None:
            yield _resolve(ctx, entry, _evaluate(ctx, entry, None), None)
            continue
        persons = list(entry.selector(ctx))
        if not persons and entry.when_nobody is not None:
            yield _resolve(ctx, entry, _evaluate_nobody(ctx, entry), None)
        for person in persons:
            yield _resolve(ctx, entry, _evaluate(ctx, entry, person), person)


def _evaluate(ctx: ScreeningContext, entry: Rule, person: Person | None) -> Finding:
    """An engine error is treated like a missing input (§2.2), never as PASS."""
    try:
        if entry.person_check is not None and person is not None:
            return entry.person_check(ctx, person)
        if entry.request_check is not None:
            return entry.request_check(ctx)
        msg = f"rule {entry.rule_id} has no check for this scope"
        raise TypeError(msg)
    except Exception as exc:  # noqa: BLE001  (fail closed on any defect in a rule or its data)
        return _engine_error(exc)


def _evaluate_nobody(ctx: ScreeningContext, entry: Rule) -> Finding:
    try:
        return entry.when_nobody(ctx) if entry.when_nobody else Finding.passed("")
    except Exception as exc:  # noqa: BLE001  (as above)
        return _engine_error(exc)


def _engine_error(exc: Exception) -> Finding:
    return Finding(
        Outcome.PASS,
        ("engine_error",),
        f"The rule could not be evaluated ({type(exc).__name__}); treated as a missing input.",
        missing=("engine_error",),
    )


def _qualify(name: str, person: Person | None) -> str:
    """Per-person rules name person fields ``person.x``; results say ``persons[<ref>].x``."""
    if person is not None and name.startswith("person."):
        return f"persons[{person.ref}].{name.removeprefix('person.')}"
    return name


def _resolve(ctx: ScreeningContext, entry: Rule, finding: Finding, person: Person | None) -> RuleResult:
    outcome = finding.outcome
    if finding.missing:
        fail_closed = Outcome.BLOCK if ctx.coercive or entry.missing_blocks else Outcome.REVIEW
        outcome = max(outcome, fail_closed)
    absolute = finding.absolute and outcome is Outcome.BLOCK
    # Built from the engine's own typed values: skip re-validation (a hot path, ~30 results a request).
    return RuleResult.model_construct(
        rule_id=entry.rule_id,
        outcome=outcome,
        absolute=absolute,
        overridable=outcome is Outcome.BLOCK and not absolute and not finding.missing,
        reason_codes=finding.reasons,
        missing_inputs=tuple(_qualify(m, person) for m in finding.missing),
        explanation=finding.explanation,
        inputs_used=tuple(_qualify(i, person) for i in entry.inputs),
        person_ref=person.ref if person is not None else None,
        restricted=entry.restricted,
    )


def _protections(ctx: ScreeningContext) -> Iterator[PersonProtection]:
    for person in ctx.document.persons:
        found = consequences(person, ctx.ruleset)
        if found.non_punishment_flag or found.child_protection_required:
            yield PersonProtection(
                person_ref=person.ref,
                non_punishment_flag=found.non_punishment_flag,
                protection_referral=found.protection_referral,
                reflection_period_ends=found.reflection_period_ends,
                child_protection_required=found.child_protection_required,
            )


def _redact(result: RuleResult) -> RuleResult:
    return result.model_copy(
        update={
            "rule_id": "RESTRICTED",
            "reason_codes": ("restricted",),
            "explanation": RESTRICTED_EXPLANATION,
            "person_ref": None,
            "inputs_used": (),
            "missing_inputs": (),
        }
    )
