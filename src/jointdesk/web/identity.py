"""Agency and user administration, API tokens."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from jointdesk import identity
from jointdesk.authz import Permission, Role
from jointdesk.httpkit.context import UowDep, committed
from jointdesk.kernel.errors import InvalidInput
from jointdesk.web.deps import WebUser, requires
from jointdesk.web.forms import validated
from jointdesk.web.render import render

router = APIRouter()
P = Permission


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/agencies")
def agencies(
    request: Request, user: Annotated[WebUser, requires(P.IDENTITY_AGENCY_READ)], uow: UowDep
) -> Response:
    context = {"agencies": identity.list_agencies(uow, user.principal), "kinds": list(identity.AgencyKind)}
    page = render(
        request, "identity/agencies.html", context, principal=user.principal, csrf_token=user.csrf_token
    )
    return committed(uow, page)


@router.post("/agencies")
def create_agency(
    user: Annotated[WebUser, requires(P.IDENTITY_AGENCY_MANAGE)],
    uow: UowDep,
    name: Annotated[str, Form()],
    country: Annotated[str, Form()],
    kind: Annotated[str, Form()],
) -> Response:
    cmd = validated(identity.CreateAgency, {"name": name, "country": country, "kind": kind})
    identity.create_agency(uow, user.principal, cmd=cmd)
    return committed(uow, _see_other("/agencies"))


@router.get("/users")
def users(
    request: Request, user: Annotated[WebUser, requires(P.IDENTITY_USER_READ)], uow: UowDep
) -> Response:
    context = {"users": identity.list_users(uow, user.principal), "roles": list(Role)}
    page = render(
        request, "identity/users.html", context, principal=user.principal, csrf_token=user.csrf_token
    )
    return committed(uow, page)


@router.post("/users")
def create_user(
    user: Annotated[WebUser, requires(P.IDENTITY_USER_MANAGE)],
    uow: UowDep,
    username: Annotated[str, Form()],
    display_name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    roles: Annotated[list[str], Form()],
) -> Response:
    raw = {
        "agency_id": user.principal.agency_id,
        "username": username,
        "display_name": display_name,
        "password": password,
        "roles": roles,
    }
    cmd = validated(identity.CreateUser, raw)
    created = identity.create_user(uow, user.principal, cmd=cmd)
    return committed(uow, _see_other(f"/users/{created.id}"))


@router.get("/users/{user_id}")
def user_detail(
    request: Request,
    user_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.IDENTITY_USER_READ)],
    uow: UowDep,
) -> Response:
    context = {"user": identity.get_user(uow, user.principal, user_id), "roles": list(Role)}
    page = render(
        request, "identity/user.html", context, principal=user.principal, csrf_token=user.csrf_token
    )
    return committed(uow, page)


@router.post("/users/{user_id}/roles")
def change_roles(
    user_id: uuid.UUID,
    user: Annotated[WebUser, requires(P.IDENTITY_USER_MANAGE)],
    uow: UowDep,
    roles: Annotated[list[str], Form()],
) -> Response:
    try:
        chosen = frozenset(Role(r) for r in roles)
    except ValueError as exc:
        raise InvalidInput("unknown role", field="roles") from exc
    identity.change_roles(uow, user.principal, user_id=user_id, roles=chosen)
    return committed(uow, _see_other(f"/users/{user_id}"))


@router.post("/users/{user_id}/unlock")
def unlock_user(
    user_id: uuid.UUID, user: Annotated[WebUser, requires(P.IDENTITY_USER_MANAGE)], uow: UowDep
) -> Response:
    identity.unlock_user(uow, user.principal, user_id=user_id)
    return committed(uow, _see_other(f"/users/{user_id}"))


@router.post("/users/{user_id}/deactivate")
def deactivate_user(
    user_id: uuid.UUID, user: Annotated[WebUser, requires(P.IDENTITY_USER_MANAGE)], uow: UowDep
) -> Response:
    identity.deactivate_user(uow, user.principal, user_id=user_id)
    return committed(uow, _see_other(f"/users/{user_id}"))


@router.get("/tokens")
def tokens(
    request: Request, user: Annotated[WebUser, requires(P.IDENTITY_TOKEN_MANAGE)], uow: UowDep
) -> Response:
    return committed(uow, _tokens_page(request, user, uow, issued=None))


def _tokens_page(
    request: Request, user: WebUser, uow: UowDep, issued: identity.IssuedToken | None
) -> Response:
    context = {
        "tokens": identity.list_tokens(uow, user.principal),
        "issued": issued,
        "scopes": sorted(user.principal.permissions),
    }
    return render(
        request, "identity/tokens.html", context, principal=user.principal, csrf_token=user.csrf_token
    )


@router.post("/tokens")
def create_token(
    request: Request,
    user: Annotated[WebUser, requires(P.IDENTITY_TOKEN_MANAGE)],
    uow: UowDep,
    name: Annotated[str, Form()],
    scopes: Annotated[list[str], Form()],
    days: Annotated[int, Form()] = 30,
) -> Response:
    cmd = validated(identity.CreateToken, {"name": name, "scopes": scopes, "days": days})
    issued = identity.create_token(uow, user.principal, cmd=cmd)
    uow.commit()
    return _tokens_page(request, user, uow, issued=issued)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(
    token_id: uuid.UUID, user: Annotated[WebUser, requires(P.IDENTITY_TOKEN_MANAGE)], uow: UowDep
) -> Response:
    identity.revoke_token(uow, user.principal, token_id=token_id)
    return committed(uow, _see_other("/tokens"))
