"""Upload a file in the browser, watch the job's progress page, read the errors, export."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from e2e.test_web_flows import _csrf, sign_in
from e2e.test_web_intel import demo_world  # noqa: F401 - fixture
from jointdesk.db import UnitOfWorkFactory
from jointdesk.intel import synthetic
from jointdesk.intel.tasks import TASKS
from jointdesk.jobs import Worker
from jointdesk.kernel.clock import FixedClock

IMPORT_URL = re.compile(r"/intel/imports/([0-9a-f-]{36})$")


@pytest.mark.usefixtures("demo_world")
def test_upload_progress_errors_and_export(
    client: TestClient, clock: FixedClock, uow_factory: UnitOfWorkFactory
) -> None:
    sign_in(client, clock)
    page = client.get("/intel/imports")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    lines = [json.dumps(row, ensure_ascii=False) for row in synthetic.generate_rows(5, seed=2)] + ["{oops"]
    upload = client.post(
        "/intel/imports",
        data={"csrf_token": _csrf(page.text), "format": "jsonl"},
        files={"file": ("reports.jsonl", "\n".join(lines).encode())},
        follow_redirects=False,
    )
    assert upload.status_code == 303, upload.text
    match = IMPORT_URL.search(upload.headers["location"])
    assert match
    queued = client.get(upload.headers["location"])
    assert 'http-equiv="refresh"' in queued.text and "queued" in queued.text
    worker = Worker(uow_factory, TASKS, worker_id="web")
    while worker.run_once():
        pass
    done = client.get(upload.headers["location"])
    assert 'http-equiv="refresh"' not in done.text
    assert '<dd id="imported">5</dd>' in done.text and '<dd id="rejected">1</dd>' in done.text
    assert "<code>json</code>" in done.text
    errors = client.get(f"/intel/imports/{match.group(1)}/errors.csv")
    assert errors.status_code == 200 and errors.text.splitlines()[1].startswith("6,")
    form = client.get("/intel/exports")
    exported = client.post("/intel/exports", data={"csrf_token": _csrf(form.text), "format": "jsonl"})
    assert exported.status_code == 200
    assert len([line for line in exported.text.splitlines() if line.strip()]) >= 5
