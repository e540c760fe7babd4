"""The CLI end to end on both databases: set-up commands, demo world, audit export and verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jointdesk.cli import app

runner = CliRunner()


def run(*args: str, input_text: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=input_text)
    return result.exit_code, result.stdout


@pytest.mark.usefixtures("cli_env")
def test_agency_and_user_creation(tmp_path: Path) -> None:
    code, out = run(
        "agency",
        "create",
        "--name",
        "LA Economic Police",
        "--country",
        "la",
        "--kind",
        "police_unit",
        "--json",
    )
    assert code == 0 and json.loads(out)["country"] == "LA"
    code, out = run(
        "user",
        "create",
        "--agency",
        "LA Economic Police",
        "--username",
        "la.inv",
        "--display-name",
        "Khamla",
        "--role",
        "investigator",
        "--json",
        input_text="correct-horse-battery-9\ncorrect-horse-battery-9\n",
    )
    created = json.loads(out[out.index("{") :])
    assert code == 0 and created["roles"] == ["investigator"] and len(created["totp_secret"]) >= 16
    code, _ = run("agency", "create", "--name", "Nowhere", "--country", "XX", "--kind", "police_unit")
    assert code == 2


@pytest.mark.usefixtures("cli_env")
def test_demo_export_verify_and_tamper(tmp_path: Path) -> None:
    code, out = run("demo", "load", "--json")
    assert code == 0 and len(json.loads(out)["logins"]) >= 12
    assert run("demo", "load")[0] == 2  # not empty any more
    assert run("demo", "load", "--if-empty")[0] == 0
    export = tmp_path / "log.jsonl"
    code, out = run("audit", "export", "--out", str(export), "--json")
    assert code == 0
    vkey = json.loads(out)["log_key"]
    code, out = run("audit", "verify", str(export), "--vkey", vkey, "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["entries"] > 30 and report["key_pinned"]
    data = bytearray(export.read_bytes())
    middle = len(data) // 2
    data[middle] = ord("0") if data[middle] != ord("0") else ord("1")
    export.write_bytes(bytes(data))
    code, out = run("audit", "verify", str(export))
    assert code == 1 and out.startswith("FAILED: line ")


@pytest.mark.usefixtures("cli_env")
def test_status_checkpoint_and_jobs() -> None:
    run("demo", "load", "--no-reports")  # publishes a checkpoint at the end
    code, out = run("audit", "checkpoint", "--json")
    assert code == 0 and json.loads(out) == {"published": False}
    run("agency", "create", "--name", "VN Unit", "--country", "VN", "--kind", "police_unit")
    code, out = run("audit", "checkpoint", "--json")
    assert code == 0 and json.loads(out)["published"] and json.loads(out)["size"] > 30
    code, out = run("audit", "status")
    assert code == 0 and out.startswith("OK:")
    code, _ = run("worker", "--once")
    assert code == 0
    code, out = run("jobs", "list", "--json")
    tasks = {row["task"] for row in json.loads(out)}
    assert code == 0 and {"audit.publish_checkpoint", "audit.close_access_batch"} <= tasks
