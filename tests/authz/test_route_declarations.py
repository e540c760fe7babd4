"""Every route declares the permission it needs; public routes are an explicit allow-list."""

from __future__ import annotations

from fastapi import FastAPI

from routes import iter_routes, unprotected_framework_routes

PUBLIC_ROUTES = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/login/totp"),
    ("POST", "/login/totp"),
    ("GET", "/login/enrol"),
    ("POST", "/login/enrol"),
    ("POST", "/logout"),
    ("GET", "/language/{code}"),
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/audit/checkpoints/latest"),
}
FRAMEWORK_ROUTES = {"/static", "/api/v1", "/api/v1/openapi.json"}


def test_every_route_declares_a_permission_or_is_listed_public(app: FastAPI) -> None:
    undeclared = [(r.method, r.path) for r in iter_routes(app) if r.permission is None and not r.public]
    assert undeclared == [], "routes without a permission (add requires(...) or list them as public)"


def test_public_routes_are_exactly_the_allow_list(app: FastAPI) -> None:
    public = {(r.method, r.path) for r in iter_routes(app) if r.public}
    assert public == PUBLIC_ROUTES


def test_no_route_is_both_public_and_protected(app: FastAPI) -> None:
    assert [r for r in iter_routes(app) if r.public and r.permission is not None] == []


def test_framework_routes_are_known(app: FastAPI) -> None:
    assert set(unprotected_framework_routes(app)) == FRAMEWORK_ROUTES


def test_every_web_form_route_checks_csrf(app: FastAPI) -> None:
    """Web POST routes check CSRF: through the web ``requires`` (session token) or, before a
    session is complete, the login and pending-session checks."""
    from fastapi.routing import APIRoute, iter_route_contexts

    from jointdesk.web.deps import login_csrf, pending_session_csrf

    checked_by_name = {"dependency"}  # the closure built by jointdesk.web.deps.requires
    unchecked, seen = [], 0
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or "POST" not in route.methods:
            continue
        seen += 1
        calls = {dep.call for dep in route.dependant.dependencies}
        web_requires = any(
            getattr(call, "__module__", "") == "jointdesk.web.deps"
            and getattr(call, "__name__", "") in checked_by_name
            for call in calls
        )
        if not (web_requires or login_csrf in calls or pending_session_csrf in calls):
            unchecked.append(route.path)
    assert seen >= 15 and unchecked == []
