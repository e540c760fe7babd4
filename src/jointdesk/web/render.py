"""Template rendering with translations, the language switcher and security headers."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from jointdesk.authz import Permission, Principal
from jointdesk.web.deps import LANG_COOKIE
from jointdesk.web.i18n import activate, available_languages, gettext_, negotiate, ngettext_
from jointdesk.web.labels import AGENCY_KIND_LABELS, ROLE_LABELS


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jointdesk.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(gettext_, ngettext_, newstyle=True)  # type: ignore[attr-defined]
    env.globals["Permission"] = Permission
    env.globals["role_labels"] = ROLE_LABELS
    env.globals["kind_labels"] = AGENCY_KIND_LABELS
    return env


TEMPLATES = Jinja2Templates(env=_environment())


def language_of(request: Request) -> str:
    return negotiate(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    csrf_token: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    lang = language_of(request)
    activate(lang)
    current = next(x for x in available_languages() if x.code == lang)
    full = {
        "request": request,
        "lang": current,
        "languages": available_languages(),
        "principal": principal,
        "can": (lambda p: principal is not None and p in principal.permissions),
        "csrf_token": csrf_token,
        **(context or {}),
    }
    return TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)
