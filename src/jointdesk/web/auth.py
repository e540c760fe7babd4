"""Sign-in, second factor, enrolment, sign-out and the language switcher."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlparse

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from jointdesk import demo, identity
from jointdesk.httpkit.context import UowDep, container
from jointdesk.httpkit.permissions import public
from jointdesk.web.deps import (
    LANG_COOKIE,
    LOGIN_CSRF_COOKIE,
    current_session,
    login_csrf,
    pending_session_csrf,
    session_cookie_name,
    session_token,
)
from jointdesk.web.i18n import available_languages, gettext_
from jointdesk.web.render import render

router = APIRouter()
LoginCsrf = Depends(login_csrf)
ONE_YEAR = 365 * 24 * 3600


def safe_next(target: str | None) -> str:
    """Only same-site relative paths, so the login form cannot become an open redirect."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _login_page(request: Request, uow: UowDep, *, error: str = "", status_code: int = 200) -> Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    settings = container(request).settings
    logins = demo.demo_logins(uow) if settings.demo_logins_visible else []
    response = render(
        request,
        "login.html",
        {"error": error, "next": safe_next(request.query_params.get("next")), "demo_logins": logins},
        csrf_token=token,
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=settings.secure_cookies
    )
    return response


@router.get("/login", dependencies=[public()])
def login_form(request: Request, uow: UowDep) -> Response:
    return _login_page(request, uow)


@router.post("/login", dependencies=[public(), LoginCsrf])
def login_submit(
    request: Request,
    uow: UowDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next_url: Annotated[str, Form(alias="next")] = "/",
) -> Response:
    settings = container(request).settings
    result = identity.login(
        uow,
        username=username,
        password=password,
        max_failures=settings.max_login_failures,
        session_hours=settings.session_hours,
    )
    uow.commit()
    if not result.ok:
        return _login_page(request, uow, error=gettext_(result.error), status_code=401)
    steps = {"done": safe_next(next_url), "totp": "/login/totp", "enrol": "/login/enrol"}
    response = _redirect(steps[result.next_step])
    response.set_cookie(
        session_cookie_name(request),
        result.session_token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        max_age=settings.session_hours * 3600,
        path="/",
    )
    return response


def _pending_token(request: Request) -> str:
    return session_token(request) or ""


@router.get("/login/totp", dependencies=[public()])
def totp_form(request: Request, uow: UowDep) -> Response:
    state = current_session(request, uow)
    if state is None:
        return _redirect("/login")
    return render(request, "login_totp.html", {"error": ""}, csrf_token=state.csrf_token)


SessionCsrf = Depends(pending_session_csrf)


@router.post("/login/totp", dependencies=[public(), SessionCsrf])
def totp_submit(request: Request, uow: UowDep, code: Annotated[str, Form()]) -> Response:
    settings = container(request).settings
    ok = identity.verify_totp(
        uow, token=_pending_token(request), code=code, max_failures=settings.max_login_failures
    )
    uow.commit()
    if ok:
        return _redirect("/")
    state = current_session(request, uow)
    csrf = state.csrf_token if state else ""
    return render(
        request,
        "login_totp.html",
        {"error": gettext_("That code is not valid. Try the current one.")},
        csrf_token=csrf,
        status_code=401,
    )


@router.get("/login/enrol", dependencies=[public()])
def enrol_form(request: Request, uow: UowDep) -> Response:
    state = current_session(request, uow)
    secret = identity.begin_enrolment(uow, token=_pending_token(request))
    uow.commit()
    if state is None or secret is None:
        return _redirect("/login")
    uri = f"otpauth://totp/jointdesk:{state.user_id[:8]}?secret={secret}&issuer=jointdesk"
    qr_svg = segno.make(uri).svg_inline(scale=4, title=gettext_("Authenticator QR code"))
    context = {"secret": secret, "qr_svg": qr_svg, "error": ""}
    return render(request, "login_enrol.html", context, csrf_token=state.csrf_token)


@router.post("/login/enrol", dependencies=[public(), SessionCsrf])
def enrol_submit(request: Request, uow: UowDep, code: Annotated[str, Form()]) -> Response:
    ok = identity.confirm_enrolment(uow, token=_pending_token(request), code=code)
    uow.commit()
    if ok:
        return _redirect("/")
    return _redirect("/login/enrol?error=1")


@router.post("/logout", dependencies=[public(), SessionCsrf])
def logout(request: Request, uow: UowDep) -> Response:
    identity.logout(uow, token=_pending_token(request))
    uow.commit()
    response = _redirect("/login")
    response.delete_cookie(session_cookie_name(request), path="/")
    return response


@router.get("/language/{code}", dependencies=[public()])
def switch_language(request: Request, code: str) -> Response:
    """A plain link switches language (works without JavaScript); unknown codes are ignored."""
    response = _redirect(safe_next(request.query_params.get("next")))
    if code in {lang.code for lang in available_languages()}:
        response.set_cookie(LANG_COOKIE, code, max_age=ONE_YEAR, samesite="lax", httponly=True)
    return response
