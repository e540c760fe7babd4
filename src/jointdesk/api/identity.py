"""Agencies, users and API tokens."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from jointdesk import identity
from jointdesk.api.deps import requires
from jointdesk.authz import Permission, Principal, Role
from jointdesk.httpkit.context import UowDep, committed

router = APIRouter(tags=["identity"])
P = Permission


class RolesBody(BaseModel):
    roles: list[Role] = Field(min_length=1)


@router.get("/agencies")
def list_agencies(
    principal: Annotated[Principal, requires(P.IDENTITY_AGENCY_READ)], uow: UowDep
) -> list[identity.AgencyView]:
    return committed(uow, identity.list_agencies(uow, principal))


@router.post("/agencies", status_code=status.HTTP_201_CREATED)
def create_agency(
    body: identity.CreateAgency,
    principal: Annotated[Principal, requires(P.IDENTITY_AGENCY_MANAGE)],
    uow: UowDep,
) -> identity.AgencyView:
    return committed(uow, identity.create_agency(uow, principal, cmd=body))


@router.get("/users")
def list_users(
    principal: Annotated[Principal, requires(P.IDENTITY_USER_READ)], uow: UowDep
) -> list[identity.UserView]:
    return committed(uow, identity.list_users(uow, principal))


@router.post("/users", status_code=status.HTTP_201_CREATED)
def create_user(
    body: identity.CreateUser,
    principal: Annotated[Principal, requires(P.IDENTITY_USER_MANAGE)],
    uow: UowDep,
) -> identity.UserView:
    return committed(uow, identity.create_user(uow, principal, cmd=body))


@router.get("/users/{user_id}")
def get_user(
    user_id: uuid.UUID, principal: Annotated[Principal, requires(P.IDENTITY_USER_READ)], uow: UowDep
) -> identity.UserView:
    return committed(uow, identity.get_user(uow, principal, user_id))


@router.put("/users/{user_id}/roles")
def change_roles(
    user_id: uuid.UUID,
    body: RolesBody,
    principal: Annotated[Principal, requires(P.IDENTITY_USER_MANAGE)],
    uow: UowDep,
) -> identity.UserView:
    return committed(uow, identity.change_roles(uow, principal, user_id=user_id, roles=frozenset(body.roles)))


@router.post("/users/{user_id}/unlock")
def unlock_user(
    user_id: uuid.UUID, principal: Annotated[Principal, requires(P.IDENTITY_USER_MANAGE)], uow: UowDep
) -> identity.UserView:
    return committed(uow, identity.unlock_user(uow, principal, user_id=user_id))


@router.post("/users/{user_id}/deactivate")
def deactivate_user(
    user_id: uuid.UUID, principal: Annotated[Principal, requires(P.IDENTITY_USER_MANAGE)], uow: UowDep
) -> identity.UserView:
    return committed(uow, identity.deactivate_user(uow, principal, user_id=user_id))


@router.get("/tokens")
def list_tokens(
    principal: Annotated[Principal, requires(P.IDENTITY_TOKEN_MANAGE)], uow: UowDep
) -> list[identity.TokenView]:
    return committed(uow, identity.list_tokens(uow, principal))


@router.delete("/tokens/{token_id}")
def revoke_token(
    token_id: uuid.UUID, principal: Annotated[Principal, requires(P.IDENTITY_TOKEN_MANAGE)], uow: UowDep
) -> identity.TokenView:
    return committed(uow, identity.revoke_token(uow, principal, token_id=token_id))
