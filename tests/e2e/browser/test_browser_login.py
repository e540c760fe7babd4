"""A real browser: headless Debian Chromium, driven by Playwright through its executable path
(nothing downloads a browser). Signs in as the demo investigator with the TOTP code shown on
the login page, sees the dashboard, switches to Chinese."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "jointdesk", *args], env=env, check=True, capture_output=True, timeout=120
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = os.environ | {
        "JOINTDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'browser.db'}",
        "JOINTDESK_VAR_DIR": str(tmp_path / "var"),
        "JOINTDESK_MODE": "development",
    }
    _cli(env, "db", "upgrade")
    _cli(env, "demo", "load")
    process = subprocess.Popen(
        [sys.executable, "-m", "jointdesk", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode() if process.stderr else "server exited")
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("server did not start within 30 s")


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() and shutil.which(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("Debian's chromium is required in CI (make test installs it)")
    pytest.skip("Debian's chromium is not installed (make test installs it)")


def test_demo_investigator_signs_in_and_switches_language(server: str, tmp_path: Path) -> None:
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-GB")
        page.goto(server + "/")
        expect(page.locator("h1")).to_have_text("Sign in")
        password = page.locator("#demo-password").inner_text()
        page.fill("#username", "cn.investigator")
        page.fill("#password", password)
        page.click("form[action='/login'] button[type=submit]")
        expect(page.locator("h1")).to_have_text("Second factor")
        page.goto(server + "/login")  # the login page shows the demo user's current code
        code = page.locator("code[data-user='cn.investigator']").inner_text()
        page.go_back()
        page.fill("#code", code)
        page.click("form[action='/login/totp'] button[type=submit]")
        expect(page.locator("h1")).to_have_text("Dashboard")
        page.screenshot(path=str(tmp_path / "dashboard-en.png"))
        page.click("#lang-zh_Hans")
        expect(page.locator("h1")).to_have_text("工作台")
        expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
        page.screenshot(path=str(tmp_path / "dashboard-zh.png"))
        browser.close()


def _sign_in(page: object, server: str, username: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(server + "/login")
    code = page.locator(f"code[data-user='{username}']").inner_text()
    page.fill("#username", username)
    page.fill("#password", page.locator("#demo-password").inner_text())
    page.click("form[action='/login'] button[type=submit]")
    page.fill("#code", code)
    page.click("form[action='/login/totp'] button[type=submit]")
    expect(page.locator("h1")).to_have_text("Dashboard")


def _wait_for_count_at_least(locator: object, wanted: int, seconds: float = 30.0) -> None:
    """Poll from Python (the CSP forbids the string evaluation ``wait_for_function`` needs)."""
    from playwright.sync_api import Locator

    assert isinstance(locator, Locator)
    deadline = time.monotonic() + seconds
    while locator.count() < wanted:
        assert time.monotonic() < deadline, f"fewer than {wanted} nodes after {seconds:.0f} s"
        locator.page.wait_for_timeout(200)


def test_network_graph_expands_and_report_form_checks_identifiers_live(server: str, tmp_path: Path) -> None:
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-GB")
        _sign_in(page, server, "cn.investigator")
        page.goto(server + "/intel/networks")
        page.locator("table a[href^='/intel/networks/']").first.click()
        nodes = page.locator("#graph g")
        expect(nodes.first).to_be_visible(timeout=30_000)  # the page fetches its seeds after load
        seeds = (page.locator("#graph").get_attribute("data-seeds") or "").split(",")
        _wait_for_count_at_least(page.locator("#graph g:has(rect)"), len(seeds))  # they arrive in any order
        before = nodes.count()
        # Expand the seeds' identifiers: their other reports in the network appear (one of them alone
        # may be a victim-side value seen nowhere else). Clicks are dispatched to the nodes themselves: a
        # pointer click lands wherever a node is mid-layout, which under load can be off the canvas.
        circles = page.locator("#graph g:has(circle)")
        for i in range(circles.count()):
            circles.nth(i).dispatch_event("click")
        expect(nodes).not_to_have_count(before, timeout=30_000)  # no string eval: the CSP forbids it
        page.screenshot(path=str(tmp_path / "network-graph.png"))
        page.goto(server + "/intel/reports/new")
        page.fill("#jurisdiction", "CN")
        page.fill("#value_0", "138-0013-8000")
        expect(page.locator("#check_0")).to_contain_text("+8613800138000", timeout=15_000)
        page.select_option("#id_type_1", "imei")
        page.fill("#value_1", "490154203237519")
        expect(page.locator("#check_1")).to_contain_text("checksum", timeout=15_000)
        browser.close()
