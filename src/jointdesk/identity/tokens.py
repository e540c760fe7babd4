"""API tokens: shown once, stored as a digest, scoped, expiring, revocable."""

from __future__ import annotations

import uuid
from datetime import timedelta

from jointdesk import audit
from jointdesk.authz import Permission, Principal, ensure
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity import repository as repo
from jointdesk.identity.events import IdentityEvent
from jointdesk.identity.models import ApiToken
from jointdesk.identity.rules import new_token, token_digest
from jointdesk.identity.schemas import CreateToken, IssuedToken, TokenView
from jointdesk.kernel.errors import Forbidden, InvalidInput
from jointdesk.kernel.ids import new_id

LAST_USED_GRANULARITY = timedelta(minutes=1)
# A scope renamed or removed since the token was issued simply stops granting anything.
KNOWN_PERMISSIONS = frozenset(p.value for p in Permission)


def token_view(token: ApiToken) -> TokenView:
    return TokenView(
        id=token.id,
        name=token.name,
        prefix=token.prefix,
        scopes=list(token.scopes),
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
        last_used_at=token.last_used_at,
    )


def create_token(uow: UnitOfWork, principal: Principal, *, cmd: CreateToken) -> IssuedToken:
    ensure(principal, Permission.IDENTITY_TOKEN_MANAGE)
    if principal.via_token or principal.user_id is None or principal.agency_id is None:
        raise Forbidden("tokens are created from a signed-in browser session only")
    beyond = sorted(s.value for s in set(cmd.scopes) - principal.permissions)
    if beyond:
        raise InvalidInput(f"scopes beyond your permissions: {', '.join(beyond)}", field="scopes")
    clear = new_token()
    now = uow.clock.now()
    token = ApiToken(
        id=new_id(),
        owner_agency_id=principal.agency_id,
        user_id=principal.user_id,
        name=cmd.name,
        prefix=clear[:10],
        token_digest=token_digest(clear),
        scopes=sorted(s.value for s in cmd.scopes),
        created_at=now,
        expires_at=now + timedelta(days=cmd.days),
    )
    uow.session.add(token)
    uow.session.flush()
    audit.record(
        uow,
        principal,
        IdentityEvent.TOKEN_CREATED,
        target=("api_token", str(token.id)),
        fields={"scopes": token.scopes, "days": cmd.days},
    )
    return IssuedToken(token=clear, view=token_view(token))


def list_tokens(uow: UnitOfWork, principal: Principal) -> list[TokenView]:
    ensure(principal, Permission.IDENTITY_TOKEN_MANAGE)
    return [token_view(t) for t in repo.own_tokens(uow, principal)]


def revoke_token(uow: UnitOfWork, principal: Principal, *, token_id: uuid.UUID) -> TokenView:
    token = repo.own_token(uow, principal, token_id)
    ensure(principal, Permission.IDENTITY_TOKEN_MANAGE, token)
    if token.revoked_at is None:
        token.revoked_at = uow.clock.now()
        audit.record(uow, principal, IdentityEvent.TOKEN_REVOKED, target=("api_token", str(token.id)))
    return token_view(token)


def resolve_token(uow: UnitOfWork, clear: str) -> Principal | None:
    """The principal behind a bearer token, narrowed to its scopes; None if not usable."""
    token = repo.token_by_digest(uow, token_digest(clear))
    now = uow.clock.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    user = repo.user_by_id(uow, token.user_id)
    if user is None or not user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        token_id = token.id  # deferred in a read-only unit of work: made when the request commits
        uow.defer(lambda writer: repo.touch_token(writer, token_id, now))
    return Principal.for_user(
        user_id=user.id,
        agency_id=user.owner_agency_id,
        username=user.username,
        roles=repo.roles_of(uow, user.id),
        scopes=frozenset(Permission(s) for s in token.scopes if s in KNOWN_PERMISSIONS),
    )
