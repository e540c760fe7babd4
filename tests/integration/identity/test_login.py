"""Sign-in on both databases: passwords, lockout with back-off, TOTP, enrolment, sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jointdesk import identity
from jointdesk.authz import Role
from jointdesk.db import UnitOfWorkFactory
from jointdesk.identity.login import LOGIN_REFUSED
from jointdesk.identity.rules import totp_code
from jointdesk.kernel.clock import FixedClock
from jointdesk.kernel.errors import InvalidInput
from support import PASSWORD, SYSTEM, make_agency, make_user

MAX = 5


def _login(uow_factory: UnitOfWorkFactory, username: str, password: str) -> identity.LoginResult:
    with uow_factory() as uow:
        result = identity.login(uow, username=username, password=password, max_failures=MAX, session_hours=8)
        uow.commit()
    return result


def test_password_then_totp_completes_the_session(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "inv.a", Role.INVESTIGATOR)
    result = _login(uow_factory, "inv.a", PASSWORD)
    assert result.ok and result.next_step == "totp"
    with uow_factory() as uow:
        state = identity.resolve_session(uow, result.session_token)
        assert state is not None and not state.complete and state.principal is None
        assert member.totp_secret is not None
        code = totp_code(member.totp_secret, clock.now())
        assert identity.verify_totp(uow, token=result.session_token, code=code, max_failures=MAX)
        uow.commit()
    with uow_factory() as uow:
        state = identity.resolve_session(uow, result.session_token)
        assert state is not None and state.complete and state.principal is not None
        assert state.principal.agency_id == member.agency_id


def test_totp_code_cannot_be_replayed(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    member = make_user(uow_factory, make_agency(uow_factory, "Unit A"), "inv.a", Role.INVESTIGATOR)
    assert member.totp_secret is not None
    code = totp_code(member.totp_secret, clock.now())
    first, second = _login(uow_factory, "inv.a", PASSWORD), _login(uow_factory, "inv.a", PASSWORD)
    with uow_factory() as uow:
        assert identity.verify_totp(uow, token=first.session_token, code=code, max_failures=MAX)
        uow.commit()
    with uow_factory() as uow:
        assert not identity.verify_totp(uow, token=second.session_token, code=code, max_failures=MAX)


def test_wrong_password_locks_with_back_off(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    make_user(uow_factory, make_agency(uow_factory, "Unit A"), "ana.a", Role.ANALYST)
    for _ in range(MAX):
        assert _login(uow_factory, "ana.a", "wrong-password-123").error == LOGIN_REFUSED
    refused = _login(uow_factory, "ana.a", PASSWORD)
    assert not refused.ok and "try again later" in refused.error
    clock.advance(timedelta(seconds=61))
    _login(uow_factory, "ana.a", "wrong-password-123")  # sixth failure: the lock doubles to 2 min
    clock.advance(timedelta(seconds=61))
    assert not _login(uow_factory, "ana.a", PASSWORD).ok
    clock.advance(timedelta(seconds=60))
    assert _login(uow_factory, "ana.a", PASSWORD).ok


def test_unknown_user_gets_the_same_answer(uow_factory: UnitOfWorkFactory) -> None:
    make_user(uow_factory, make_agency(uow_factory, "Unit A"), "ana.a", Role.ANALYST)
    assert (
        _login(uow_factory, "nobody", PASSWORD).error == _login(uow_factory, "ana.a", "bad-bad-bad-1").error
    )


def test_role_needing_mfa_must_enrol(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    agency = make_agency(uow_factory, "Unit A")
    with uow_factory() as uow:
        cmd = identity.CreateUser(
            agency_id=agency,
            username="liaison.a",
            display_name="L",
            password=PASSWORD,
            roles=[Role.LIAISON_OFFICER],
        )
        identity.create_user(uow, SYSTEM, cmd=cmd)
        uow.commit()
    result = _login(uow_factory, "liaison.a", PASSWORD)
    assert result.ok and result.next_step == "enrol"
    with uow_factory() as uow:
        secret = identity.begin_enrolment(uow, token=result.session_token)
        uow.commit()
    assert secret is not None
    with uow_factory() as uow:
        assert not identity.confirm_enrolment(uow, token=result.session_token, code="000000")
        assert identity.confirm_enrolment(
            uow, token=result.session_token, code=totp_code(secret, clock.now())
        )
        uow.commit()
    assert _login(uow_factory, "liaison.a", PASSWORD).next_step == "totp"


def test_roles_without_sensitive_permissions_sign_in_with_password(uow_factory: UnitOfWorkFactory) -> None:
    make_user(uow_factory, make_agency(uow_factory, "Unit A"), "trainee.a", Role.TRAINEE)
    result = _login(uow_factory, "trainee.a", PASSWORD)
    assert result.ok and result.next_step == "done"


def test_sessions_expire_and_logout_ends_them(uow_factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    make_user(uow_factory, make_agency(uow_factory, "Unit A"), "trainee.a", Role.TRAINEE)
    first, second = _login(uow_factory, "trainee.a", PASSWORD), _login(uow_factory, "trainee.a", PASSWORD)
    with uow_factory() as uow:
        identity.logout(uow, token=first.session_token)
        uow.commit()
    with uow_factory() as uow:
        assert identity.resolve_session(uow, first.session_token) is None
        assert identity.resolve_session(uow, second.session_token) is not None
    clock.advance(timedelta(hours=8, seconds=1))
    with uow_factory() as uow:
        assert identity.resolve_session(uow, second.session_token) is None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-1", "at least 12"),
        ("ana.a-secret-99", "username"),
        ("aaaaaaaaaaaaaa", "different characters"),
        ("password1234", "commonly used"),
    ],
)
def test_password_policy(uow_factory: UnitOfWorkFactory, password: str, reason: str) -> None:
    agency = make_agency(uow_factory, "Unit A")
    cmd = identity.CreateUser(
        agency_id=agency, username="ana.a", display_name="A", password=password, roles=[Role.ANALYST]
    )
    with uow_factory() as uow, pytest.raises(InvalidInput) as caught:
        identity.create_user(uow, SYSTEM, cmd=cmd)
    assert caught.value.field == "password" and reason in caught.value.message
