"""Persons pages: a raid intake at a glance, a person shared with the NGO screener, the screening."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from authz.persons_world import csv_text
from e2e.test_web_flows import _csrf, sign_in
from jointdesk import demo
from jointdesk.db import UnitOfWorkFactory
from jointdesk.kernel.clock import FixedClock

PERSON_URL = re.compile(r"/cooperation/persons/([0-9a-f-]{36})$")


@pytest.fixture
def demo_world(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        demo.load_demo(uow, reports=False)
        uow.commit()


@pytest.mark.usefixtures("demo_world")
def test_intake_then_independent_screening_in_the_browser_app(client: TestClient, clock: FixedClock) -> None:
    sign_in(client, clock, "mm.investigator")
    page = client.get("/cooperation/intakes")
    assert page.status_code == 200 and "intake_ref" in page.text
    upload = client.post(
        "/cooperation/intakes",
        data={"csrf_token": _csrf(page.text), "batch": "raid-web"},
        files={"file": ("raid.csv", csv_text(30, bad_every=15).encode())},
    )
    assert upload.status_code == 200 and "Rejected rows" in upload.text and "found_country" in upload.text
    glance = client.get("/cooperation/intakes/raid-web?nationality=VN")
    assert (
        glance.status_code == 200
        and "pending" in glance.text
        and "R-00005" in glance.text
        and "R-00002" not in glance.text
    )
    persons_page = client.get("/cooperation/persons")
    created = client.post(
        "/cooperation/persons",
        data={
            "csrf_token": _csrf(persons_page.text),
            "full_name": "Ko Min Thu",
            "category": "unclassified",
            "languages": "my",
            "found_country": "MM",
            "found_area": "Shwe Kokko",
            "site_kind": "scam_compound",
        },
        follow_redirects=False,
    )
    assert created.status_code == 303
    match = PERSON_URL.search(created.headers["location"])
    assert match
    person_url = match.group(0)
    detail = client.get(person_url)
    assert "pending" in detail.text and "Ko Min Thu" not in detail.text
    ngo = re.search(r'<option value="([0-9a-f-]{36})">Anti-Trafficking Screening Network', detail.text)
    assert ngo
    shared = client.post(
        f"{person_url}/share",
        data={"csrf_token": _csrf(detail.text), "agency_id": ngo.group(1)},
        follow_redirects=False,
    )
    assert shared.status_code == 303
    read = client.post(
        f"{person_url}/personal",
        data={"csrf_token": _csrf(detail.text), "justification": "calling the shelter now"},
    )
    assert read.status_code == 200 and "Ko Min Thu" in read.text

    client.cookies.clear()
    sign_in(client, clock, "ngo.screener")
    form = client.get(f"{person_url}/tip")
    assert form.status_code == 200
    answers = {f"Q{i}": "no" for i in range(1, 16)} | {"Q4": "yes"}
    done = client.post(
        f"{person_url}/tip",
        data={
            "csrf_token": _csrf(form.text),
            "interview_language": "my",
            "place_kind": "ngo_shelter",
            "before_any_interrogation": "on",
            "purpose_explained": "on",
            "non_use_assured": "on",
            **answers,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = client.get(person_url)
    assert "presumptive_victim" in after.text and "victim" in after.text
