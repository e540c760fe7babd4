"""Web sessions, the per-route permission dependency and CSRF protection."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request

from jointdesk import identity
from jointdesk.authz import Permission, Principal
from jointdesk.httpkit.context import UowDep, container
from jointdesk.httpkit.permissions import mark_permission
from jointdesk.kernel.errors import Forbidden

LOGIN_CSRF_COOKIE = "jd_login_csrf"
LANG_COOKIE = "jd_lang"


class LoginRequired(Exception):
    """Raised for anonymous (or half-signed-in) visitors; answered with a redirect to /login."""


class CsrfFailure(Exception):
    """A form arrived without the token of the session that rendered it."""


def session_cookie_name(request: Request) -> str:
    # The __Host- prefix pins the cookie to this origin, HTTPS and path /.
    return "__Host-jd_session" if container(request).settings.secure_cookies else "jd_session"


def session_token(request: Request) -> str | None:
    return request.cookies.get(session_cookie_name(request))


def current_session(request: Request, uow: UowDep) -> identity.SessionState | None:
    token = session_token(request)
    return identity.resolve_session(uow, token) if token else None


@dataclass(frozen=True)
class WebUser:
    principal: Principal
    csrf_token: str


async def _check_csrf(request: Request, expected: str) -> None:
    if request.method != "POST":
        return
    form = await request.form()
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise CsrfFailure


def requires(permission: Permission) -> Any:
    """``Depends`` for web routes: login redirect, 403 without the permission, CSRF on POST."""

    async def dependency(request: Request, uow: UowDep) -> WebUser:
        state = current_session(request, uow)
        if state is None or not state.complete or state.principal is None:
            raise LoginRequired
        if permission not in state.principal.permissions:
            raise Forbidden(f"missing permission {permission.value}")
        await _check_csrf(request, state.csrf_token)
        return WebUser(principal=state.principal, csrf_token=state.csrf_token)

    mark_permission(dependency, permission)
    return Depends(dependency)


async def login_csrf(request: Request) -> None:
    """Double-submit cookie for the forms shown before a session exists (sign-in)."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not cookie:
        raise CsrfFailure
    await _check_csrf(request, cookie)


async def pending_session_csrf(request: Request, uow: UowDep) -> None:
    """CSRF for forms of a session that may still await its second factor."""
    state = current_session(request, uow)
    if state is None:
        raise CsrfFailure
    await _check_csrf(request, state.csrf_token)
