"""``jointdesk import`` / ``jointdesk export``: progress, errors CSV, re-runs that double nothing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from jointdesk.cli import app
from jointdesk.cli.common import container
from jointdesk.intel import synthetic
from jointdesk.intel.models import IntelReport
from support import make_agency

runner = CliRunner()
HOME, PARTNER = "Shanghai ASC", "Bangkok CCIB"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + (result.stderr if result.stderr_bytes is not None else "")


def _reports() -> int:
    with container().uow_factory() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(IntelReport)) or 0)


@pytest.fixture
def agencies() -> tuple[uuid.UUID, uuid.UUID]:
    factory = container().uow_factory
    return make_agency(factory, HOME, "CN"), make_agency(factory, PARTNER, "TH")


@pytest.mark.usefixtures("cli_env", "agencies")
def test_import_reports_errors_and_reruns_add_nothing(tmp_path: Path) -> None:
    lines = [json.dumps(row, ensure_ascii=False) for row in synthetic.generate_rows(12, seed=4)]
    lines.insert(2, '{"received_at": "nope", "identifiers": []}')
    source = tmp_path / "reports.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run("import", str(source), "--format", "jsonl", "--agency", HOME, "--json")
    assert code == 0, out
    result = json.loads(out[out.index("{") :])
    assert (result["status"], result["imported"], result["rejected"]) == ("done", 12, 1)
    errors = (tmp_path / "reports.jsonl.errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[0] == "row,source_ref,field,reason" and errors[1].startswith("3,")
    code, out = run("import", str(source), "--format", "jsonl", "--agency", HOME)
    assert code == 0 and "imported 0" in out and "already in 12" in out
    assert _reports() == 12
    code, out = run("import", str(source), "--format", "nope", "--agency", HOME)
    assert code == 2 and "format" in out


@pytest.mark.usefixtures("cli_env", "agencies")
def test_export_then_import_into_a_partner(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = synthetic.generate_rows(8, seed=9)
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert run("import", str(source), "--format", "jsonl", "--agency", HOME)[0] == 0
    exported = tmp_path / "out.stix.json"
    code, out = run(
        "export", "--format", "stix", "--agency", HOME, "--out", str(exported), "--since", "2020-01-01"
    )
    assert code == 0 and "exported 8" in out, out
    code, out = run("import", str(exported), "--format", "stix", "--agency", PARTNER)
    assert code == 0 and "imported 8" in out, out
    assert _reports() == 16
