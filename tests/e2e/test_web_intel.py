"""Fraud intelligence in the browser-facing app: file, see the network, look up, read the victim."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from e2e.test_web_flows import _csrf, sign_in
from jointdesk import demo
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.clock import FixedClock

MULE = "6222 0202 0000 7777"
REPORT_URL = re.compile(r"/intel/reports/([0-9a-f-]{36})$")


@pytest.fixture
def demo_world(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        demo.load_demo(uow, reports=False)
        uow.commit()


def _file(client: TestClient, narrative: str, **extra: str) -> str:
    form = client.get("/intel/reports/new")
    assert form.status_code == 200
    data = {
        "csrf_token": _csrf(form.text),
        "narrative": narrative,
        "id_type_0": "bank_account",
        "value_0": MULE,
        "role_0": "payee",
        "tx_at_0": "2026-11-29T16:30",
        "tx_amount_0": "25000.00",
        "tx_currency_0": "CNY",
        "tx_rail_0": "bank_transfer",
        "tx_payee_type_0": "bank_account",
        "tx_payee_0": MULE,
        "received_tz": "Asia/Shanghai",
        "victim_full_name": "王芳",
        "victim_phone": "13912345678",
        **extra,
    }
    response = client.post("/intel/reports", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    match = REPORT_URL.search(response.headers["location"])
    assert match
    return match.group(1)


@pytest.mark.usefixtures("demo_world")
def test_two_reports_paying_one_mule_form_a_network_with_a_path(
    client: TestClient, clock: FixedClock
) -> None:
    sign_in(client, clock)
    first = _file(client, "自称公安局民警，说我涉嫌洗钱，要求把钱转到安全账户。")
    second = _file(client, "A caller from the 'police' told me to move my savings to a safe account.")
    page = client.get(f"/intel/reports/{second}")
    assert page.status_code == 200
    assert "6222020200007777" in page.text.replace(" ", "")
    assert "Suggestion" in page.text and "王芳" not in page.text
    network = re.search(r'href="/intel/networks/([0-9a-f-]{36})"', page.text)
    assert network, "the second report joined the first one's network"
    figures = client.get(f"/intel/networks/{network.group(1)}")
    assert figures.status_code == 200 and "50,000.00 CNY" in figures.text
    why = client.get(f"/intel/reports/{first}/links/{second}")
    assert why.status_code == 200 and "bank_account" in why.text
    found = client.get("/intel/reports", params={"q": "safe account"}).text
    assert second in found and first not in found  # the Chinese narrative does not contain the words
    graph = client.get(f"/intel/graph/report/{first}").json()
    assert {n["kind"] for n in graph["nodes"]} == {"report", "identifier"}
    assert any(e["kind"] == "sighting" and e["attrs"]["links"] for e in graph["edges"])


@pytest.mark.usefixtures("demo_world")
def test_victim_data_needs_a_logged_purpose(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock)
    report = _file(client, "Refund scam")
    page = client.get(f"/intel/reports/{report}")
    read = client.post(
        f"/intel/reports/{report}/victim",
        data={
            "csrf_token": _csrf(page.text),
            "justification": "call back the victim",
            "purpose": "victim_support",
        },
    )
    assert read.status_code == 200 and "王芳" in read.text
    refused = client.post(
        f"/intel/reports/{report}/victim", data={"csrf_token": _csrf(page.text), "justification": "x"}
    )
    assert refused.status_code == 422 and "justification" in refused.text


@pytest.mark.usefixtures("demo_world")
def test_lookup_of_a_pasted_list_and_live_check(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock)
    _file(client, "Task scam")
    form = client.get("/intel/lookup")
    values = f"bank_account:{MULE}\nphone:+8613800138000\nnot an identifier at all"
    result = client.post("/intel/lookup", data={"csrf_token": _csrf(form.text), "values": values})
    assert result.status_code == 200
    rows = re.findall(r"<tr><td><code>(.*?)</code></td><td>(.*?)</td><td>.*?</td><td>(\w+)", result.text)
    assert [(row[1], row[2]) for row in rows] == [
        ("bank_account", "found"),
        ("phone", "not_found"),
        ("?", "unparseable"),
    ]
    suggested = client.post(
        "/intel/suggest", data={"csrf_token": _csrf(form.text), "text": "公安局民警说我涉嫌洗钱"}
    )
    assert suggested.status_code == 200 and suggested.json()["suggestion"]["model_version"]
    check = client.get("/intel/check", params={"id_type": "phone", "value": "138-0013-8000", "region": "CN"})
    assert check.json() == {"ok": True, "canonical": "+8613800138000", "flags": []}
    bad = client.get("/intel/check", params={"id_type": "imei", "value": "490154203237519"}).json()
    assert bad["ok"] is False and "checksum" in bad["message"]


@pytest.mark.usefixtures("demo_world")
def test_bad_report_form_names_the_field(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock)
    form = client.get("/intel/reports/new")
    response = client.post(
        "/intel/reports",
        data={
            "csrf_token": _csrf(form.text),
            "tx_amount_0": "-5",
            "tx_currency_0": "CNY",
            "tx_at_0": "2026-11-29T10:00",
        },
    )
    assert response.status_code == 422 and "transactions.0.amount" in response.text
