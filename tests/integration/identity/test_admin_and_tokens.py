"""User administration stays inside the agency; API tokens are scoped, expiring and revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jointdesk import identity
from jointdesk.authz import Permission, Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.errors import Conflict, Forbidden, InvalidInput, NotFound
from support import PASSWORD, make_agency, make_user

P = Permission


def test_admin_sees_and_manages_only_own_agency(uow_factory: UnitOfWorkFactory) -> None:
    a, b = make_agency(uow_factory, "Unit A"), make_agency(uow_factory, "Unit B", "MM")
    admin_a = make_user(uow_factory, a, "admin.a", Role.ADMINISTRATOR)
    other = make_user(uow_factory, b, "ana.b", Role.ANALYST)
    with uow_factory() as uow:
        assert {u.username for u in identity.list_users(uow, admin_a.principal)} == {"admin.a"}
        with pytest.raises(NotFound):
            identity.get_user(uow, admin_a.principal, other.user_id)
        with pytest.raises(NotFound):
            identity.unlock_user(uow, admin_a.principal, user_id=other.user_id)
        cmd = identity.CreateUser(
            agency_id=b, username="intruder", display_name="X", password=PASSWORD, roles=[Role.ANALYST]
        )
        with pytest.raises(Forbidden):
            identity.create_user(uow, admin_a.principal, cmd=cmd)


def test_admin_cannot_deactivate_self(uow_factory: UnitOfWorkFactory) -> None:
    admin = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "admin.a", Role.ADMINISTRATOR)
    with uow_factory() as uow, pytest.raises(Conflict):
        identity.deactivate_user(uow, admin.principal, user_id=admin.user_id)


def test_token_is_shown_once_scoped_and_revocable(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "sup.a", Role.SUPERVISOR)
    with uow_factory() as uow:
        cmd = identity.CreateToken(name="ci", scopes=[P.BULLETINS_BULLETIN_READ], days=7)
        issued = identity.create_token(uow, member.principal, cmd=cmd)
        uow.commit()
    assert issued.token.startswith("jdk_") and issued.view.prefix == issued.token[:10]
    with uow_factory() as uow:
        principal = identity.resolve_token(uow, issued.token)
        assert principal is not None and principal.permissions == frozenset({P.BULLETINS_BULLETIN_READ})
        assert principal.via_token
        identity.revoke_token(uow, member.principal, token_id=issued.view.id)
        uow.commit()
    with uow_factory() as uow:
        assert identity.resolve_token(uow, issued.token) is None
        assert identity.resolve_token(uow, issued.token + "x") is None


def test_token_of_a_deactivated_user_stops_working(uow_factory: UnitOfWorkFactory) -> None:
    agency = make_agency(uow_factory, "Unit A")
    admin = make_user(uow_factory, agency, "admin.a", Role.ADMINISTRATOR)
    member = make_user(uow_factory, agency, "sup.a", Role.SUPERVISOR)
    with uow_factory() as uow:
        cmd = identity.CreateToken(name="t", scopes=[P.DASHBOARD_HOME_VIEW])
        issued = identity.create_token(uow, member.principal, cmd=cmd)
        uow.commit()
    with uow_factory() as uow:
        principal = identity.resolve_token(uow, issued.token)
        assert principal is not None and principal.agency_id == agency
        identity.deactivate_user(uow, admin.principal, user_id=member.user_id)
        uow.commit()
    with uow_factory() as uow:
        assert identity.resolve_token(uow, issued.token) is None


def test_token_expires(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "sup.a", Role.SUPERVISOR)
    with uow_factory() as uow:
        issued = identity.create_token(
            uow, member.principal, cmd=identity.CreateToken(name="t", scopes=[P.DASHBOARD_HOME_VIEW], days=1)
        )
        uow.commit()
    clock.advance(timedelta(days=1, seconds=1))
    with uow_factory() as uow:
        assert identity.resolve_token(uow, issued.token) is None


def test_token_cannot_exceed_its_owner(uow_factory: UnitOfWorkFactory) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "ana.a", Role.ANALYST)
    cmd = identity.CreateToken(name="t", scopes=[P.IDENTITY_USER_MANAGE])
    with uow_factory() as uow, pytest.raises(InvalidInput) as caught:
        identity.create_token(uow, member.principal, cmd=cmd)
    assert caught.value.field == "scopes"


def test_other_users_tokens_are_invisible(uow_factory: UnitOfWorkFactory) -> None:
    a = make_agency(uow_factory, "Unit A")
    owner, colleague = (
        make_user(uow_factory, a, "ana.a", Role.ANALYST),
        make_user(uow_factory, a, "ana.b", Role.ANALYST),
    )
    with uow_factory() as uow:
        issued = identity.create_token(
            uow, owner.principal, cmd=identity.CreateToken(name="t", scopes=[P.DASHBOARD_HOME_VIEW])
        )
        uow.commit()
    with uow_factory() as uow, pytest.raises(NotFound):
        identity.revoke_token(uow, colleague.principal, token_id=issued.view.id)


def test_agency_country_is_validated() -> None:
    with pytest.raises(ValueError, match="ISO 3166"):
        identity.CreateAgency(name="Nowhere", country="XX", kind=identity.AgencyKind.POLICE_UNIT)


def test_a_read_only_request_records_token_use_once_a_minute(
    uow_factory: UnitOfWorkFactory, clock: FixedClock
) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "sup.a", Role.SUPERVISOR)
    with uow_factory() as uow:
        cmd = identity.CreateToken(name="ro", scopes=[P.DASHBOARD_HOME_VIEW], days=7)
        issued = identity.create_token(uow, member.principal, cmd=cmd)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert identity.resolve_token(uow, issued.token) is not None
        uow.rollback()  # a failed request records nothing
    with uow_factory() as uow:
        assert identity.list_tokens(uow, member.principal)[0].last_used_at is None
    for _ in range(2):
        with uow_factory(read_only=True) as uow:
            assert identity.resolve_token(uow, issued.token) is not None
            uow.commit()
    with uow_factory() as uow:
        assert identity.list_tokens(uow, member.principal)[0].last_used_at == clock.now()
    clock.advance(timedelta(minutes=2))
    with uow_factory(read_only=True) as uow:
        identity.resolve_token(uow, issued.token)
        uow.commit()
    with uow_factory() as uow:
        assert identity.list_tokens(uow, member.principal)[0].last_used_at == clock.now()
