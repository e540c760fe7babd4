"""INV-3: a rule set is hashed, stored and published in the oversight log before its first use."""

from __future__ import annotations

from jointdesk import audit
from jointdesk.authz import Principal
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation.events import CoopEvent
from jointdesk.cooperation.models import RulesetPublication
from jointdesk.db.uow import UnitOfWork
from jointdesk.screening import RuleSet, assert_published, load_ruleset


def current(uow: UnitOfWork, principal: Principal) -> RuleSet:
    """The shipped rule set, published (once) before it is used."""
    ruleset = load_ruleset()
    if repo.published(uow, ruleset.hash) is None:
        publish(uow, principal, ruleset)
    assert_published(ruleset.hash, [ruleset.hash] if repo.published(uow, ruleset.hash) else [])
    return ruleset


def publish(uow: UnitOfWork, principal: Principal, ruleset: RuleSet) -> None:
    uow.session.add(
        RulesetPublication(
            ruleset_hash=ruleset.hash,
            version=ruleset.version,
            canonical=ruleset.canonical.decode(),
            published_at=uow.clock.now(),
        )
    )
    uow.session.flush()
    audit.record(
        uow,
        principal,
        CoopEvent.RULESET_PUBLISHED,
        fields={"version": ruleset.version, "hash": ruleset.hash},
    )
