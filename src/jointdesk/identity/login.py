"""Sign-in: password, lockout with back-off, TOTP second factor, server-side sessions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from jointdesk import audit
from jointdesk.authz import Principal, mfa_required
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity import repository as repo
from jointdesk.identity.events import IdentityEvent
from jointdesk.identity.models import User, WebSession
from jointdesk.identity.passwords import hash_password, needs_rehash, verify_password
from jointdesk.identity.rules import (
    lockout_until,
    new_totp_secret,
    token_digest,
    totp_matching_step,
)
from jointdesk.kernel.fieldcrypt import decrypt_field, encrypt_field
from jointdesk.kernel.ids import new_id

NextStep = Literal["done", "totp", "enrol"]
# Compared against when the username is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = hash_password("not-a-real-password-0000")
LOGIN_REFUSED = "invalid username or password"


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    error: str = ""
    session_token: str = ""
    next_step: NextStep = "done"


@dataclass(frozen=True)
class SessionState:
    session_id: str
    user_id: str
    csrf_token: str
    complete: bool
    principal: Principal | None


def principal_for(uow: UnitOfWork, user: User) -> Principal:
    return Principal.for_user(
        user_id=user.id,
        agency_id=user.owner_agency_id,
        username=user.username,
        roles=repo.roles_of(uow, user.id),
    )


def login(
    uow: UnitOfWork, *, username: str, password: str, max_failures: int, session_hours: int
) -> LoginResult:
    """Check the password. Failures are counted and returned (not raised) so the edge commits
    the counter; the caller must commit in both cases."""
    user = repo.user_by_username(uow, username)
    if user is None or not user.is_active:
        verify_password(_DUMMY_HASH, password)
        return LoginResult(ok=False, error=LOGIN_REFUSED)
    now = uow.clock.now()
    if user.locked_until is not None and user.locked_until > now:
        return LoginResult(ok=False, error="too many failed attempts: try again later")
    if not verify_password(user.password_hash, password):
        _count_failure(uow, user, max_failures)
        return LoginResult(ok=False, error=LOGIN_REFUSED)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    return _open_session(uow, user, session_hours)


def _count_failure(uow: UnitOfWork, user: User, max_failures: int) -> None:
    user.failed_logins += 1
    user.locked_until = lockout_until(user.failed_logins, threshold=max_failures, now=uow.clock.now())
    if user.locked_until is not None:
        audit.record(
            uow,
            Principal.system("login"),
            IdentityEvent.USER_LOCKED,
            target=("user", str(user.id)),
            fields={"failures": user.failed_logins},
        )
    uow.session.flush()


def _open_session(uow: UnitOfWork, user: User, session_hours: int) -> LoginResult:
    if user.totp_enabled:
        step: NextStep = "totp"
    elif mfa_required(repo.roles_of(uow, user.id)):
        step = "enrol"
    else:
        step = "done"
    token = secrets.token_urlsafe(32)
    now = uow.clock.now()
    uow.session.add(
        WebSession(
            id=new_id(),
            token_digest=token_digest(token),
            user_id=user.id,
            csrf_token=secrets.token_urlsafe(32),
            second_factor_done=step == "done",
            created_at=now,
            expires_at=now + timedelta(hours=session_hours),
            data={},
        )
    )
    if step == "done":
        _session_started(uow, user, mfa=False)
    uow.session.flush()
    return LoginResult(ok=True, session_token=token, next_step=step)


def _session_started(uow: UnitOfWork, user: User, *, mfa: bool) -> None:
    user.last_login_at = uow.clock.now()
    audit.record(
        uow,
        principal_for(uow, user),
        IdentityEvent.SESSION_STARTED,
        target=("user", str(user.id)),
        fields={"mfa": mfa},
    )


def resolve_session(uow: UnitOfWork, token: str) -> SessionState | None:
    """The session behind a cookie, or None if unknown, expired or its user is inactive."""
    row = repo.session_by_digest(uow, token_digest(token))
    if row is None or row.expires_at <= uow.clock.now():
        return None
    user = repo.user_by_id(uow, row.user_id)
    if user is None or not user.is_active:
        return None
    principal = principal_for(uow, user) if row.second_factor_done else None
    return SessionState(
        session_id=str(row.id),
        user_id=str(user.id),
        csrf_token=row.csrf_token,
        complete=row.second_factor_done,
        principal=principal,
    )


def _pending(uow: UnitOfWork, token: str) -> tuple[WebSession, User] | None:
    row = repo.session_by_digest(uow, token_digest(token))
    if row is None or row.expires_at <= uow.clock.now() or row.second_factor_done:
        return None
    user = repo.user_by_id(uow, row.user_id)
    return (row, user) if user is not None and user.is_active else None


def verify_totp(uow: UnitOfWork, *, token: str, code: str, max_failures: int) -> bool:
    """Complete sign-in with a TOTP code; wrong codes count towards the lockout."""
    pending = _pending(uow, token)
    if pending is None:
        return False
    row, user = pending
    if user.locked_until is not None and user.locked_until > uow.clock.now():
        return False
    secret = decrypt_field(uow.secrets.field_key, user.totp_secret_encrypted or b"")
    step = totp_matching_step(secret, code, now=uow.clock.now(), last_step=user.totp_last_step)
    if step is None:
        _count_failure(uow, user, max_failures)
        return False
    user.totp_last_step, user.failed_logins = step, 0
    row.second_factor_done = True
    _session_started(uow, user, mfa=True)
    return True


def begin_enrolment(uow: UnitOfWork, *, token: str) -> str | None:
    """A new TOTP secret for a user who must enrol; kept encrypted in the pending session."""
    pending = _pending(uow, token)
    if pending is None or pending[1].totp_enabled:
        return None
    row, _user = pending
    if row.pending_totp_secret_encrypted is not None:
        return decrypt_field(uow.secrets.field_key, row.pending_totp_secret_encrypted)
    secret = new_totp_secret()
    row.pending_totp_secret_encrypted = encrypt_field(uow.secrets.field_key, secret)
    uow.session.flush()
    return secret


def confirm_enrolment(uow: UnitOfWork, *, token: str, code: str) -> bool:
    pending = _pending(uow, token)
    if pending is None or pending[0].pending_totp_secret_encrypted is None:
        return False
    row, user = pending
    encrypted = row.pending_totp_secret_encrypted or b""
    secret = decrypt_field(uow.secrets.field_key, encrypted)
    step = totp_matching_step(secret, code, now=uow.clock.now(), last_step=0)
    if step is None:
        return False
    user.totp_secret_encrypted, user.totp_enabled, user.totp_last_step = encrypted, True, step
    row.pending_totp_secret_encrypted, row.second_factor_done = None, True
    audit.record(
        uow, principal_for(uow, user), IdentityEvent.USER_MFA_ENROLLED, target=("user", str(user.id))
    )
    _session_started(uow, user, mfa=True)
    return True


def logout(uow: UnitOfWork, *, token: str) -> None:
    row = repo.session_by_digest(uow, token_digest(token))
    if row is None:
        return
    user = repo.user_by_id(uow, row.user_id)
    uow.session.delete(row)
    if user is not None and row.second_factor_done:
        audit.record(
            uow, principal_for(uow, user), IdentityEvent.SESSION_ENDED, target=("user", str(user.id))
        )
    uow.session.flush()
