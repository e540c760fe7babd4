"""Test helpers: build agencies, users and principals through the real services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jointdesk import identity
from jointdesk.authz import Principal, Role, mfa_required
from jointdesk.db import UnitOfWorkFactory
from jointdesk.identity import AgencyKind

SYSTEM = Principal.system("test")
PASSWORD = "correct-horse-battery-9"


@dataclass(frozen=True)
class Member:
    user_id: uuid.UUID
    agency_id: uuid.UUID
    username: str
    roles: frozenset[Role]
    totp_secret: str | None

    @property
    def principal(self) -> Principal:
        return Principal.for_user(
            user_id=self.user_id, agency_id=self.agency_id, username=self.username, roles=self.roles
        )


def make_agency(uow_factory: UnitOfWorkFactory, name: str, country: str = "KH") -> uuid.UUID:
    with uow_factory() as uow:
        cmd = identity.CreateAgency(name=name, country=country, kind=AgencyKind.POLICE_UNIT)
        view = identity.create_agency(uow, SYSTEM, cmd=cmd)
        uow.commit()
    return view.id


def make_user(uow_factory: UnitOfWorkFactory, agency_id: uuid.UUID, username: str, *roles: Role) -> Member:
    chosen = frozenset(roles or (Role.ANALYST,))
    secret = identity.generate_totp_secret() if mfa_required(chosen) else None
    with uow_factory() as uow:
        cmd = identity.CreateUser(
            agency_id=agency_id,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            roles=list(chosen),
        )
        view = identity.create_user(uow, SYSTEM, cmd=cmd, totp_secret=secret)
        uow.commit()
    return Member(view.id, agency_id, view.username, chosen, secret)
