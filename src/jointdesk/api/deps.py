"""API authentication (bearer tokens) and the per-route permission dependency."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from jointdesk import identity
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep
from jointdesk.httpkit.permissions import mark_permission
from jointdesk.kernel.errors import Forbidden, Unauthenticated


def bearer_principal(request: Request, uow: UowDep) -> Principal | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return identity.resolve_token(uow, token.strip())


def requires(permission: Permission) -> Any:
    """``Depends`` that yields the caller's principal: 401 without a valid token, 403 without
    the permission. Row visibility is then the repositories' business (404)."""

    def dependency(request: Request, uow: UowDep) -> Principal:
        principal = bearer_principal(request, uow)
        if principal is None:
            raise Unauthenticated("a valid bearer token is required")
        if permission not in principal.permissions:
            raise Forbidden(f"this token lacks {permission.value}")
        return principal

    mark_permission(dependency, permission)
    return Depends(dependency)
