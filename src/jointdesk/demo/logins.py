"""Demo sign-in help: who exists and their current TOTP code (development mode only)."""

from __future__ import annotations

from jointdesk import identity
from jointdesk.authz import Principal, mfa_required
from jointdesk.db.uow import UnitOfWork
from jointdesk.demo.loader import DemoLogin
from jointdesk.demo.world import AGENCIES, USERS, demo_totp_secret
from jointdesk.identity import totp_code


def demo_logins(uow: UnitOfWork) -> list[DemoLogin]:
    """The demo users present in this database, with their TOTP code for the current step."""
    existing = {a.name for a in identity.list_agencies(uow, Principal.system("demo"))}
    names = {a.key: a.name for a in AGENCIES}
    now = uow.clock.now()
    result = []
    for user in USERS:
        if names[user.agency] not in existing:
            continue
        needs_code = mfa_required(frozenset(user.roles))
        result.append(
            DemoLogin(
                username=user.username,
                display_name=user.display_name,
                roles=", ".join(r.value for r in user.roles),
                agency=names[user.agency],
                code=totp_code(demo_totp_secret(user.username), now) if needs_code else "",
            )
        )
    return result
