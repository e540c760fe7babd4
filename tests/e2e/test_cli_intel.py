"""Fraud intelligence from the command line: file, lookup, networks, why, thresholds, typology from the DB."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integration.intel.test_intel_typology_models import _rows
from jointdesk import intel
from jointdesk.authz import Role
from jointdesk.cli import app
from jointdesk.cli.common import container
from support import make_agency, make_user

runner = CliRunner()
MULE = {"id_type": "bank_account", "value": "6222020200009999", "role": "payee"}


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout + (result.stderr if result.stderr_bytes is not None else "")


AGENCY = "Shanghai ASC"


@pytest.fixture
def agency_id() -> uuid.UUID:
    return make_agency(container().uow_factory, AGENCY, "CN")


@pytest.mark.usefixtures("cli_env")
def test_file_two_reports_then_lookup_networks_and_why(tmp_path: Path, agency_id: uuid.UUID) -> None:
    document = tmp_path / "report.json"
    document.write_text(json.dumps({"narrative": "safe account", "identifiers": [MULE]}))
    ids = []
    for _ in range(2):
        code, out = run("intel", "file", str(document), "--agency", AGENCY, "--json")
        assert code == 0, out
        ids.append(json.loads(out)["id"])
    code, out = run(
        "lookup", "bank_account:6222 0202 0000 9999", "phone:+8613800138000", "--region", "CN", "--json"
    )
    hits = json.loads(out)
    assert code == 0 and [h["status"] for h in hits] == ["found", "not_found"]
    assert hits[0]["reports_visible"] == 2 and len(hits[0]["networks"]) == 1
    code, out = run("lookup", "--file", "-", "--agency", "Nobody", stdin="6222020200009999\n")
    assert code == 2 and "agency" in out
    code, out = run("intel", "networks", "--json")
    network = json.loads(out)[0]
    assert code == 0 and network["visible"] == 2
    code, out = run("intel", "network", str(network["id"]), "--json")
    assert code == 0 and json.loads(out)["reports_visible"] == 2
    code, out = run("intel", "why", ids[0], ids[1], "--json")
    assert code == 0 and json.loads(out)[0]["id_type"] == "bank_account"


@pytest.mark.usefixtures("cli_env")
def test_bad_documents_and_values_name_the_problem(tmp_path: Path, agency_id: uuid.UUID) -> None:
    document = tmp_path / "bad.json"
    document.write_text(json.dumps({"transactions": [{"amount": "-1", "currency": "CNY", "rail": "card"}]}))
    code, out = run("intel", "file", str(document), "--agency", AGENCY)
    assert code == 2 and "transactions.0" in out
    code, out = run("lookup", "--type", "nonsense", "abc")
    assert code == 2 and "id_type" in out
    code, out = run("intel", "threshold", "phone", "1")
    assert code == 2 and "threshold" in out


@pytest.mark.usefixtures("cli_env")
def test_typology_train_from_db_and_activate(tmp_path: Path, agency_id: uuid.UUID) -> None:
    factory = container().uow_factory
    member = make_user(factory, agency_id, "cn.inv", Role.INVESTIGATOR)
    make_user(factory, agency_id, "cn.admin", Role.ADMINISTRATOR)
    with factory() as uow:
        for text, code in _rows(30, seed=11):
            intel.file_report(
                uow, member.principal, intel.ReportIn(narrative=text, typology_code=code), suggest=False
            )
        uow.commit()
    code, out = run("typology", "train", "--from-db", "--version", "cn-1", "--json")
    assert code == 0, out
    trained, _ = json.JSONDecoder().raw_decode(out[out.index("{") :])
    assert trained["database_rows"] == 90 and Path(trained["model_dir"]).name == "cn-1"
    code, out = run("typology", "activate", "cn-1", "--by", "cn.inv")
    assert code == 2 and "typology:model:activate" in out
    code, out = run("typology", "activate", "cn-1", "--by", "cn.admin", "--json")
    assert code == 0, out
    assert json.JSONDecoder().raw_decode(out[out.index("{") :])[0]["version"] == "cn-1"
    code, out = run("typology", "train", "--from-db", "--any-labels", "--out", str(tmp_path / "x"))
    assert code == 2 and "canonical" in out
