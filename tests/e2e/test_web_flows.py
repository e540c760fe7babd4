"""Web flows through the ASGI app: sign-in with second factor, CSRF, languages, errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jointdesk import demo
from jointdesk.db import UnitOfWorkFactory
from jointdesk.identity.rules import totp_code
from jointdesk.kernel.clock import FixedClock

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def demo_world(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        demo.load_demo(uow, reports=False)
        uow.commit()


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "form without a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, clock: FixedClock, username: str = "cn.investigator") -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "username": username,
            "password": demo.DEMO_PASSWORD,
            "csrf_token": _csrf(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    if response.headers["location"] == "/login/totp":
        form = client.get("/login/totp")
        code = totp_code(demo.demo_totp_secret(username), clock.now())
        done = client.post(
            "/login/totp", data={"code": code, "csrf_token": _csrf(form.text)}, follow_redirects=False
        )
        assert done.status_code == 303 and done.headers["location"] == "/"


@pytest.mark.usefixtures("demo_world")
def test_investigator_signs_in_with_totp_and_sees_dashboard_in_two_languages(
    client: TestClient, clock: FixedClock
) -> None:
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")
    sign_in(client, clock)
    english = client.get("/")
    assert english.status_code == 200 and "<h1>Dashboard</h1>" in english.text
    assert 'lang="en"' in english.text and "cn.investigator" in english.text
    switched = client.get("/language/zh_Hans?next=/", follow_redirects=True)
    assert "<h1>工作台</h1>" in switched.text and 'lang="zh-Hans"' in switched.text
    assert "侦查员" in switched.text  # the role label is translated too


@pytest.mark.usefixtures("demo_world")
def test_login_page_follows_accept_language_and_shows_demo_codes(
    client: TestClient, clock: FixedClock
) -> None:
    page = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert "<h1>登录</h1>" in page.text
    expected = totp_code(demo.demo_totp_secret("cn.investigator"), clock.now())
    assert f'data-user="cn.investigator" class="totp">{expected}<' in page.text


@pytest.mark.usefixtures("demo_world")
def test_wrong_password_and_missing_csrf_are_refused(client: TestClient) -> None:
    page = client.get("/login")
    wrong = client.post(
        "/login",
        data={"username": "cn.analyst", "password": "nope-nope-nope", "csrf_token": _csrf(page.text)},
    )
    assert wrong.status_code == 401 and "invalid username or password" in wrong.text
    forged = client.post(
        "/login", data={"username": "cn.analyst", "password": demo.DEMO_PASSWORD, "csrf_token": "x"}
    )
    assert forged.status_code == 403


@pytest.mark.usefixtures("demo_world")
def test_forms_need_the_session_csrf_token(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock)
    refused = client.post(
        "/bulletins", data={"title": "t1t", "body": "b", "tlp": "GREEN", "csrf_token": "forged"}
    )
    assert refused.status_code == 403
    page = client.get("/bulletins")
    created = client.post(
        "/bulletins",
        data={"title": "Wallet drainer wave", "body": "b", "tlp": "GREEN", "csrf_token": _csrf(page.text)},
        follow_redirects=True,
    )
    assert created.status_code == 200 and "Wallet drainer wave" in created.text


@pytest.mark.usefixtures("demo_world")
def test_invalid_form_names_the_field(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock)
    page = client.get("/bulletins")
    bad = client.post(
        "/bulletins", data={"title": "x", "body": "b", "tlp": "PURPLE", "csrf_token": _csrf(page.text)}
    )
    assert bad.status_code == 422 and "title" in bad.text


@pytest.mark.usefixtures("demo_world")
def test_logout_ends_the_session(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock, "cn.analyst")
    page = client.get("/")
    client.post("/logout", data={"csrf_token": _csrf(page.text)})
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.usefixtures("demo_world")
def test_pages_carry_security_headers(client: TestClient) -> None:
    response = client.get("/login")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert "jd_login_csrf" in response.headers["set-cookie"] and "HttpOnly" in response.headers["set-cookie"]


def test_open_redirects_are_refused() -> None:
    from jointdesk.web.auth import safe_next

    for target in ("https://evil.example/", "//evil.example", "javascript:alert(1)", ""):
        assert safe_next(target) == "/"
    assert safe_next("/bulletins?x=1") == "/bulletins?x=1"
