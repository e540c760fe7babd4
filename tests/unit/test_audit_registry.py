"""Every audit event is declared once, named ``<subject>.<past tense>`` style, and registered."""

from __future__ import annotations

import jointdesk.bulletins.events
import jointdesk.identity.events  # noqa: F401 - importing declares the domain's events
from jointdesk.audit.events import EVENT_NAME, registry


def test_registry_collects_every_domain() -> None:
    names = registry()
    for expected in ("agency.created", "session.started", "bulletin.shared", "checkpoint.published"):
        assert expected in names


def test_event_names_follow_the_convention() -> None:
    bad = [name for name in registry() if not EVENT_NAME.match(name)]
    assert bad == []
