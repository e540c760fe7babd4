"""Load the demo world through the ordinary services (so it is audited like anything else)."""

from __future__ import annotations

from dataclasses import dataclass

from jointdesk import bulletins, identity, intel
from jointdesk.authz import Principal, mfa_required
from jointdesk.db.uow import UnitOfWork
from jointdesk.demo.world import AGENCIES, BULLETINS, DEMO_PASSWORD, USERS, demo_totp_secret
from jointdesk.intel.suggest import fill_missing
from jointdesk.intel.synthetic import demo_reports


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    roles: str
    agency: str
    code: str


def is_empty(uow: UnitOfWork) -> bool:
    return not identity.list_agencies(uow, Principal.system("demo"))


def load_demo(uow: UnitOfWork, *, reports: bool = True) -> int:
    """Create the demo agencies, users, bulletins and (unless ``reports`` is false) the fraud
    reports of four cross-border networks; returns the number of users created."""
    system = Principal.system("demo")
    agency_ids = {}
    for agency in AGENCIES:
        view = identity.create_agency(
            uow, system, cmd=identity.CreateAgency(name=agency.name, country=agency.country, kind=agency.kind)
        )
        agency_ids[agency.key] = view.id
    principals = {}
    for user in USERS:
        cmd = identity.CreateUser(
            agency_id=agency_ids[user.agency],
            username=user.username,
            display_name=user.display_name,
            password=DEMO_PASSWORD,
            roles=list(user.roles),
        )
        secret = demo_totp_secret(user.username) if mfa_required(frozenset(user.roles)) else None
        created = identity.create_user(uow, system, cmd=cmd, totp_secret=secret)
        principals[user.username] = Principal.for_user(
            user_id=created.id,
            agency_id=created.agency_id,
            username=created.username,
            roles=frozenset(user.roles),
        )
    for item in BULLETINS:
        cmd_b = bulletins.CreateBulletin(title=item.title, body=item.body, tlp=item.tlp)
        bulletins.create_bulletin(uow, principals[item.author], cmd=cmd_b)
    if reports:
        _load_reports(uow, principals)
    return len(USERS)


def _load_reports(uow: UnitOfWork, principals: dict[str, Principal]) -> None:
    """Each country's investigator files its reports; suggestions are then computed in one batch."""
    filers = {a.country: a.key for a in AGENCIES if f"{a.key}.investigator" in principals}
    for key, report in demo_reports(filers, now=uow.clock.now()):
        intel.file_report(uow, principals[f"{key}.investigator"], report, audited=False, suggest=False)
    while fill_missing(uow):
        pass
