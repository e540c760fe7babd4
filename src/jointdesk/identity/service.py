"""Agency and user administration use cases. Services never commit."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from jointdesk import audit
from jointdesk.authz import Permission, Principal, Role, ensure, ensure_readable
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity import repository as repo
from jointdesk.identity.events import IdentityEvent
from jointdesk.identity.models import Agency, User
from jointdesk.identity.passwords import hash_password
from jointdesk.identity.rules import new_totp_secret, password_problems
from jointdesk.identity.schemas import AgencyKind, AgencyView, CreateAgency, CreateUser, UserView
from jointdesk.kernel.errors import Conflict, Forbidden, InvalidInput
from jointdesk.kernel.fieldcrypt import encrypt_field
from jointdesk.kernel.ids import new_id


def agency_view(agency: Agency) -> AgencyView:
    return AgencyView(id=agency.id, name=agency.name, country=agency.country, kind=AgencyKind(agency.kind))


def user_view(uow: UnitOfWork, user: User) -> UserView:
    return UserView(
        id=user.id,
        agency_id=user.owner_agency_id,
        username=user.username,
        display_name=user.display_name,
        roles=sorted(repo.roles_of(uow, user.id)),
        totp_enabled=user.totp_enabled,
        is_active=user.is_active,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
    )


def create_agency(uow: UnitOfWork, principal: Principal, *, cmd: CreateAgency) -> AgencyView:
    ensure(principal, Permission.IDENTITY_AGENCY_MANAGE)
    if repo.agency_by_name(uow, cmd.name) is not None:
        raise Conflict(f"an agency named {cmd.name!r} already exists", field="name")
    agency = Agency(
        id=new_id(), name=cmd.name, country=cmd.country, kind=cmd.kind.value, created_at=uow.clock.now()
    )
    uow.session.add(agency)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        IdentityEvent.AGENCY_CREATED,
        target=("agency", str(agency.id)),
        fields={"country": agency.country, "kind": agency.kind},
    )
    return agency_view(agency)


def list_agencies(uow: UnitOfWork, principal: Principal) -> list[AgencyView]:
    ensure_readable(principal, Permission.IDENTITY_AGENCY_READ)
    return [agency_view(a) for a in repo.agencies(uow)]


def list_users(uow: UnitOfWork, principal: Principal) -> list[UserView]:
    ensure_readable(principal, Permission.IDENTITY_USER_READ)
    return [user_view(uow, u) for u in repo.visible_users(uow, principal)]


def get_user(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID) -> UserView:
    ensure_readable(principal, Permission.IDENTITY_USER_READ)
    user = repo.visible_user(uow, principal, user_id)
    audit.log_access(
        uow,
        principal,
        operation=audit.Operation.CONSULTATION,
        record_kind="user",
        record_id=str(user.id),
        purpose=audit.Purpose.USER_ADMINISTRATION,
        justification="staff record opened in user administration",
    )
    return user_view(uow, user)


def create_user(
    uow: UnitOfWork, principal: Principal, *, cmd: CreateUser, totp_secret: str | None = None
) -> UserView:
    """Create a user in the caller's own agency (the system principal may pick any agency)."""
    ensure(principal, Permission.IDENTITY_USER_MANAGE)
    if not principal.is_system and cmd.agency_id != principal.agency_id:
        raise Forbidden("administrators create users in their own agency only")
    repo.agency(uow, cmd.agency_id)
    if problems := password_problems(cmd.password, username=cmd.username):
        raise InvalidInput("password " + "; ".join(problems), field="password")
    if repo.user_by_username(uow, cmd.username) is not None:
        raise Conflict(f"username {cmd.username!r} is taken", field="username")
    user = _new_user(uow, cmd, totp_secret)
    try:
        uow.session.flush()
    except IntegrityError as exc:
        raise Conflict(f"username {cmd.username!r} is taken", field="username") from exc
    repo.set_roles(uow, user.id, frozenset(cmd.roles))
    audit.record(
        uow,
        principal,
        IdentityEvent.USER_CREATED,
        target=("user", str(user.id)),
        fields={"roles": sorted(r.value for r in cmd.roles), "mfa": user.totp_enabled},
    )
    return user_view(uow, user)


def _new_user(uow: UnitOfWork, cmd: CreateUser, totp_secret: str | None) -> User:
    user = User(
        id=new_id(),
        owner_agency_id=cmd.agency_id,
        username=cmd.username,
        display_name=cmd.display_name,
        password_hash=hash_password(cmd.password),
        totp_enabled=totp_secret is not None,
        totp_secret_encrypted=(encrypt_field(uow.secrets.field_key, totp_secret) if totp_secret else None),
        totp_last_step=0,
        failed_logins=0,
        is_active=True,
        created_at=uow.clock.now(),
    )
    uow.session.add(user)
    return user


def change_roles(
    uow: UnitOfWork, principal: Principal, *, user_id: uuid.UUID, roles: frozenset[Role]
) -> UserView:
    user = repo.visible_user(uow, principal, user_id)
    ensure(principal, Permission.IDENTITY_USER_MANAGE, user)
    if not roles:
        raise InvalidInput("at least one role is required", field="roles")
    repo.set_roles(uow, user.id, roles)
    audit.record(
        uow,
        principal,
        IdentityEvent.USER_ROLES_CHANGED,
        target=("user", str(user.id)),
        fields={"roles": sorted(r.value for r in roles)},
    )
    return user_view(uow, user)


def unlock_user(uow: UnitOfWork, principal: Principal, *, user_id: uuid.UUID) -> UserView:
    user = repo.visible_user(uow, principal, user_id)
    ensure(principal, Permission.IDENTITY_USER_MANAGE, user)
    user.failed_logins, user.locked_until = 0, None
    audit.record(uow, principal, IdentityEvent.USER_UNLOCKED, target=("user", str(user.id)))
    return user_view(uow, user)


def deactivate_user(uow: UnitOfWork, principal: Principal, *, user_id: uuid.UUID) -> UserView:
    user = repo.visible_user(uow, principal, user_id)
    ensure(principal, Permission.IDENTITY_USER_MANAGE, user)
    if user.id == principal.user_id:
        raise Conflict("you cannot deactivate your own account")
    user.is_active = False
    audit.record(uow, principal, IdentityEvent.USER_DEACTIVATED, target=("user", str(user.id)))
    return user_view(uow, user)


def generate_totp_secret() -> str:
    return new_totp_secret()
