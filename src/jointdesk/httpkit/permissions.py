"""Route-level permission declarations. Every route declares one or is on the public list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends
from fastapi.routing import APIRoute

from jointdesk.authz import Permission

PERMISSION_MARK = "__jointdesk_permission__"
PUBLIC_MARK = "__jointdesk_public__"


def mark_permission(func: Callable[..., Any], permission: Permission) -> Callable[..., Any]:
    setattr(func, PERMISSION_MARK, permission)
    return func


def route_permission(route: APIRoute) -> Permission | None:
    """The permission a route declared through its dependencies, if any."""
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        found = getattr(dep.call, PERMISSION_MARK, None)
        if isinstance(found, Permission):
            return found
        stack.extend(dep.dependencies)
    return None


def public() -> Any:
    """Dependency for deliberately public routes (login page, health, latest checkpoint)."""

    def _public() -> None:
        return None

    setattr(_public, PUBLIC_MARK, True)
    return Depends(_public)


def is_public(route: APIRoute) -> bool:
    return any(getattr(dep.call, PUBLIC_MARK, False) for dep in route.dependant.dependencies)
