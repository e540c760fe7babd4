"""Enumerate every HTTP route of the app (web routes and the mounted API) with its permission."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute, Mount

from jointdesk.authz import Permission
from jointdesk.httpkit.permissions import is_public, route_permission


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str
    permission: Permission | None
    public: bool
    is_api: bool


def iter_routes(app: FastAPI) -> Iterator[RouteInfo]:
    yield from _walk(app.routes, prefix="", is_api=False)


def _walk(routes: Sequence[BaseRoute], prefix: str, is_api: bool) -> Iterator[RouteInfo]:
    for context in iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, Mount) and isinstance(route.app, FastAPI):
            yield from _walk(route.app.routes, prefix + route.path, is_api=True)
        elif isinstance(route, APIRoute):
            path = prefix + (context.path or route.path)
            for method in sorted(route.methods - {"HEAD"}):
                yield RouteInfo(method, path, route_permission(route), is_public(route), is_api)


def unprotected_framework_routes(app: FastAPI) -> list[str]:
    """Routes FastAPI/Starlette add themselves (OpenAPI JSON, static files, mounts)."""
    return list(_framework(app.routes, ""))


def _framework(routes: Sequence[BaseRoute], prefix: str) -> Iterator[str]:
    for context in iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            continue
        yield prefix + (context.path or "")
        if isinstance(route, Mount) and isinstance(route.app, FastAPI):
            yield from _framework(route.app.routes, prefix + route.path)
