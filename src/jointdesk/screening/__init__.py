"""Pure screening engine of outbound requests (safeguards.md §2-§4; docs/screening.md).

``screen(document, load_ruleset(), now)`` applies every applicable rule of the versioned rule set and
returns a :class:`ScreeningResult` (aggregate, per-rule outcomes with explanations, the rule-set hash,
review requirements). :mod:`jointdesk.screening.invariants` holds the INV-1..INV-4 checks the workflow
and transport layers call. No database, web framework, network, clock or randomness here.
"""

from jointdesk.screening.document import SCHEMA_VERSION, ScreeningDocument
from jointdesk.screening.engine import (
    ENGINE_VERSION,
    PersonProtection,
    ScreeningResult,
    document_hash,
    screen,
)
from jointdesk.screening.invariants import (
    Actor,
    HumanDecision,
    NotSendable,
    Override,
    ReplayMismatch,
    RequestingChain,
    ReviewActionRefused,
    ReviewDecision,
    ReviewState,
    ReviewVerdict,
    assert_published,
    assert_replays,
    assert_sendable,
    record_approval,
    record_override,
    record_review,
    unresolved,
)
from jointdesk.screening.outcomes import Aggregate, Outcome, ReviewRequirements, RuleResult
from jointdesk.screening.questionnaire import TipScore, VictimProtection, consequences, score
from jointdesk.screening.registry import registered_rules
from jointdesk.screening.ruleset import (
    DEFAULT_VERSION,
    RuleSet,
    RuleSetConfig,
    available_versions,
    canonical_json,
    load_ruleset,
)

__all__ = [
    "DEFAULT_VERSION",
    "ENGINE_VERSION",
    "SCHEMA_VERSION",
    "Actor",
    "Aggregate",
    "HumanDecision",
    "NotSendable",
    "Outcome",
    "Override",
    "PersonProtection",
    "ReplayMismatch",
    "RequestingChain",
    "ReviewActionRefused",
    "ReviewDecision",
    "ReviewRequirements",
    "ReviewState",
    "ReviewVerdict",
    "RuleResult",
    "RuleSet",
    "RuleSetConfig",
    "ScreeningDocument",
    "ScreeningResult",
    "TipScore",
    "VictimProtection",
    "assert_published",
    "assert_replays",
    "assert_sendable",
    "available_versions",
    "canonical_json",
    "consequences",
    "document_hash",
    "load_ruleset",
    "record_approval",
    "record_override",
    "record_review",
    "registered_rules",
    "score",
    "screen",
    "unresolved",
]
