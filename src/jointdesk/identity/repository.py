"""Every identity query. Reads of users and tokens start from ``authz.visible_to``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update

from jointdesk.authz import Principal, Role, visible_to
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity.models import Agency, ApiToken, User, UserRole, WebSession
from jointdesk.kernel.errors import NotFound


def agencies(uow: UnitOfWork) -> list[Agency]:
    """The agency directory is visible to every signed-in user."""
    return list(uow.session.scalars(select(Agency).order_by(Agency.country, Agency.name)))


def agency(uow: UnitOfWork, agency_id: uuid.UUID) -> Agency:
    found = uow.session.get(Agency, agency_id)
    if found is None:
        raise NotFound("agency not found")
    return found


def agency_by_name(uow: UnitOfWork, name: str) -> Agency | None:
    return uow.session.scalar(select(Agency).where(Agency.name == name))


def visible_users(uow: UnitOfWork, principal: Principal) -> list[User]:
    stmt = visible_to(principal, select(User), User).order_by(User.username)
    return list(uow.session.scalars(stmt))


def visible_user(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID) -> User:
    stmt = visible_to(principal, select(User).where(User.id == user_id), User)
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("user not found")
    return found


def user_by_username(uow: UnitOfWork, username: str) -> User | None:
    return uow.session.scalar(select(User).where(User.username == username.strip().lower()))


def user_by_id(uow: UnitOfWork, user_id: uuid.UUID) -> User | None:
    return uow.session.get(User, user_id)


def roles_of(uow: UnitOfWork, user_id: uuid.UUID) -> frozenset[Role]:
    rows = uow.session.scalars(select(UserRole.role).where(UserRole.user_id == user_id))
    return frozenset(Role(r) for r in rows)


def set_roles(uow: UnitOfWork, user_id: uuid.UUID, roles: frozenset[Role]) -> None:
    current = {r.role: r for r in uow.session.scalars(select(UserRole).where(UserRole.user_id == user_id))}
    for name, row in current.items():
        if Role(name) not in roles:
            uow.session.delete(row)
    for role in roles:
        if role.value not in current:
            uow.session.add(UserRole(user_id=user_id, role=role.value))
    uow.session.flush()


def own_tokens(uow: UnitOfWork, principal: Principal) -> list[ApiToken]:
    stmt = visible_to(principal, select(ApiToken), ApiToken).where(ApiToken.user_id == principal.user_id)
    return list(uow.session.scalars(stmt.order_by(ApiToken.created_at.desc())))


def own_token(uow: UnitOfWork, principal: Principal, token_id: uuid.UUID) -> ApiToken:
    stmt = visible_to(principal, select(ApiToken), ApiToken).where(
        ApiToken.id == token_id, ApiToken.user_id == principal.user_id
    )
    found = uow.session.scalar(stmt)
    if found is None:
        raise NotFound("token not found")
    return found


def token_by_digest(uow: UnitOfWork, digest: str) -> ApiToken | None:
    return uow.session.scalar(select(ApiToken).where(ApiToken.token_digest == digest))


def touch_token(uow: UnitOfWork, token_id: uuid.UUID, now: datetime) -> None:
    uow.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def session_by_digest(uow: UnitOfWork, digest: str) -> WebSession | None:
    return uow.session.scalar(select(WebSession).where(WebSession.token_digest == digest))
