"""Rule registration and the context every rule reads.

Adding a rule: write ``def xyz_01(ctx) -> Finding`` (or ``(ctx, person)`` for a per-person rule) in a
``rules/`` module, decorate it with :func:`rule` naming the request types it applies to and the
inputs it reads, and add tests (docs/screening.md, "Adding a rule").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from jointdesk.screening.document import ScreeningDocument
from jointdesk.screening.outcomes import Finding
from jointdesk.screening.persons import Offence, Person
from jointdesk.screening.questionnaire import VictimProtection, consequences
from jointdesk.screening.ruleset import RuleSet
from jointdesk.screening.vocabulary import (
    ALWAYS_COERCIVE_TYPES,
    FREEZE_INTERVENTIONS,
    PersonCategory,
    RequestType,
)


class Scope(StrEnum):
    REQUEST = "request"
    PERSON = "person"


@dataclass(frozen=True)
class ScreeningContext:
    """The document, the rule set and ``now``: everything a rule may read (INV-4)."""

    document: ScreeningDocument
    ruleset: RuleSet
    now: datetime
    coercive: bool

    def offences_of(self, person: Person | None) -> list[Offence] | None:
        """A person's own charges when listed, else the request's offences."""
        if person is not None and person.charges is not None:
            return person.charges
        return self.document.offences

    def protection(self, person: Person) -> VictimProtection:
        return consequences(person, self.ruleset)


RequestCheck = Callable[[ScreeningContext], Finding]
PersonCheck = Callable[[ScreeningContext, Person], Finding]
PersonSelector = Callable[[ScreeningContext], Iterable[Person]]


@dataclass(frozen=True)
class Rule:
    rule_id: str
    applies_to: frozenset[RequestType]
    inputs: tuple[str, ...]
    # Rules whose own row says "BLOCK if missing" block on a missing input whatever the type (§3).
    missing_blocks: bool
    request_check: RequestCheck | None = None
    person_check: PersonCheck | None = None
    selector: PersonSelector | None = None
    # GEN-04: the outcome may not reveal the person's protection status to the requester.
    restricted: bool = False
    applies_when: Callable[[ScreeningContext], bool] | None = None
    # Per-person rules: what to conclude when no person is selected (e.g. a transfer listing nobody).
    when_nobody: RequestCheck | None = None


_RULES: dict[str, Rule] = {}


def register(entry: Rule) -> None:
    if entry.rule_id in _RULES:
        msg = f"rule {entry.rule_id} registered twice"
        raise ValueError(msg)
    _RULES[entry.rule_id] = entry


def rule(
    rule_id: str,
    *,
    applies_to: Iterable[RequestType],
    inputs: Iterable[str],
    missing_blocks: bool = False,
    restricted: bool = False,
    applies_when: Callable[[ScreeningContext], bool] | None = None,
) -> Callable[[RequestCheck], RequestCheck]:
    """Register a request-level rule."""

    def wrap(check: RequestCheck) -> RequestCheck:
        register(
            Rule(
                rule_id,
                frozenset(applies_to),
                tuple(inputs),
                missing_blocks,
                request_check=check,
                restricted=restricted,
                applies_when=applies_when,
            )
        )
        return check

    return wrap


def person_rule(
    rule_id: str,
    *,
    applies_to: Iterable[RequestType],
    inputs: Iterable[str],
    persons: PersonSelector,
    missing_blocks: bool = False,
    restricted: bool = False,
    when_nobody: RequestCheck | None = None,
) -> Callable[[PersonCheck], PersonCheck]:
    """Register a rule evaluated once per selected person (TIP-01, TRF-*, GEN-04)."""

    def wrap(check: PersonCheck) -> PersonCheck:
        register(
            Rule(
                rule_id,
                frozenset(applies_to),
                tuple(inputs),
                missing_blocks,
                person_check=check,
                selector=persons,
                restricted=restricted,
                when_nobody=when_nobody,
            )
        )
        return check

    return wrap


FAMILY_ORDER = ("GEN", "FRZ", "LOC", "TIP", "TRF", "DNA")


def _table_order(rule_id: str) -> tuple[int, str]:
    family = rule_id.split("-", 1)[0]
    return (FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER), rule_id)


def registered_rules() -> tuple[Rule, ...]:
    """Every registered rule, in the order of the rule table (the order results are reported in)."""
    from jointdesk.screening import rules  # noqa: F401, PLC0415  (importing registers the rules)

    return tuple(_RULES[key] for key in sorted(_RULES, key=_table_order))


# --- person selectors -------------------------------------------------------------------------


def all_persons(ctx: ScreeningContext) -> Iterable[Person]:
    return ctx.document.persons


def transfer_subjects(ctx: ScreeningContext) -> Iterable[Person]:
    """Transfers and joint operations act on every listed person (§2.2: TRF checks per person)."""
    return ctx.document.persons


def acted_on(ctx: ScreeningContext) -> Iterable[Person]:
    """Persons who would be recorded as suspect, frozen or transferred (TIP-01 applicability)."""
    doc = ctx.document
    if doc.request_type in {RequestType.TRANSFER, RequestType.JOINT_OPERATION}:
        return doc.persons
    if doc.request_type is RequestType.INTERVENTION:
        return [p for p in doc.persons if p.ref == _intervention_ref(doc)]
    targeted = {ref for ref in (_freeze_holder_ref(doc), _intervention_ref(doc)) if ref}
    labelled = {PersonCategory.SUSPECT, PersonCategory.CONVICTED, PersonCategory.UNCLASSIFIED, None}
    return [p for p in doc.persons if p.ref in targeted or p.category in labelled]


def _freeze_holder_ref(doc: ScreeningDocument) -> str | None:
    return doc.freeze.holder.person_ref if doc.freeze and doc.freeze.holder else None


def _intervention_ref(doc: ScreeningDocument) -> str | None:
    return doc.intervention.affected_person_ref if doc.intervention else None


# --- coerciveness ------------------------------------------------------------------------------


def is_coercive(doc: ScreeningDocument, ruleset: RuleSet) -> bool:
    """§2.2 fail-closed class. Unknown purpose or attribution counts as coercive (stricter reading)."""
    kind = doc.request_type
    if kind in ALWAYS_COERCIVE_TYPES:
        return True
    if kind is RequestType.LOCATE:
        purpose = doc.locate.purpose_code if doc.locate else None
        return purpose not in ruleset.config.locate_protective_purposes
    attributed = any(i.attributed_person_ref for i in doc.identifiers)
    if kind is RequestType.IDENTIFIER_BLOCK:
        return attributed
    if kind is RequestType.INTERVENTION:
        return _intervention_coercive(doc, attributed)
    return False


def _intervention_coercive(doc: ScreeningDocument, attributed: bool) -> bool:
    if doc.intervention is None:
        return True
    if doc.intervention.kind in FREEZE_INTERVENTIONS:
        return True
    if doc.intervention.kind.value == "warn_victim":
        return False
    return attributed or doc.intervention.affected_person_ref is not None
