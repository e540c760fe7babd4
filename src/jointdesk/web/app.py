"""The web application: routers, error pages, static files."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from jointdesk.kernel.errors import DomainError
from jointdesk.web import (
    audit,
    auth,
    bulletins,
    cooperation,
    dna,
    home,
    identity,
    intel,
    intel_io,
    jobs,
    persons,
)
from jointdesk.web.deps import CsrfFailure, LoginRequired, current_session
from jointdesk.web.i18n import gettext_
from jointdesk.web.render import render


def _login_redirect(request: Request, _exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _error_page(request: Request, status: int, message: str) -> Response:
    with request.app.state.container.uow_factory() as uow:
        state = current_session(request, uow)
    principal = state.principal if state else None
    csrf = state.csrf_token if state else ""
    return render(
        request,
        "error.html",
        {"status": status, "message": message},
        principal=principal,
        csrf_token=csrf,
        status_code=status,
    )


def _domain_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, DomainError):
        raise exc
    return _error_page(request, exc.status, gettext_(exc.message))


def _csrf_error(request: Request, _exc: Exception) -> Response:
    return _error_page(
        request, 403, gettext_("The form expired or did not come from this site. Reload and try again.")
    )


def _validation_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):
        raise exc
    fields = ", ".join(".".join(str(p) for p in err["loc"][1:]) or str(err["loc"][0]) for err in exc.errors())
    return _error_page(request, 422, gettext_("Missing or invalid fields: %(fields)s") % {"fields": fields})


def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):
        raise exc
    return _error_page(request, exc.status_code, str(exc.detail))


def install(app: FastAPI) -> None:
    for module in (auth, home, identity, bulletins, dna, intel, intel_io, cooperation, persons, audit, jobs):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("jointdesk.web", "static")]), name="static")
    app.add_exception_handler(LoginRequired, _login_redirect)
    app.add_exception_handler(CsrfFailure, _csrf_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
