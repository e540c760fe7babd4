"""``jointdesk screening check``: JSON and table output, nothing stored, exit 2 naming the field."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jointdesk.cli.screening_cmd import app
from jointdesk.screening import load_ruleset
from unit.screening.screening_support import SCENARIOS, load_doc

NOW = "2026-11-29T12:00:00+00:00"
runner = CliRunner()


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args])
    return result.exit_code, result.output


def test_json_output_has_per_rule_outcomes_and_aggregate() -> None:
    code, out = check(str(SCENARIOS / "ok_freeze_mule_account.json"), "--json", "--now", NOW)
    assert code == 0
    payload = json.loads(out)
    assert payload["aggregate"] == {"outcome": "PASS", "absolute": False}
    assert payload["ruleset_hash"] == load_ruleset().hash and payload["ruleset_version"] == "2026.1"
    assert {r["rule_id"] for r in payload["per_rule"]} >= {"GEN-01", "FRZ-01", "TIP-01"}
    assert all(r["outcome"] in {"PASS", "WARN", "REVIEW", "BLOCK"} for r in payload["per_rule"])


def test_table_output_names_the_aggregate() -> None:
    code, out = check(str(SCENARIOS / "abuse_pressure_on_relatives.json"), "--now", NOW)
    assert code == 0
    assert "LOC-02" in out and "Aggregate: BLOCK (absolute)" in out and "never legal clearance" in out


def test_refugee_status_is_never_shown() -> None:
    code, out = check(str(SCENARIOS / "abuse_refugee_requested_by_fled_country.json"), "--json", "--now", NOW)
    assert code == 0
    assert "GEN-04" not in out and "refugee" not in out.lower() and "RESTRICTED" in out


def test_invalid_document_exits_2_naming_the_field(tmp_path: Path) -> None:
    doc = load_doc("ok_freeze_mule_account")
    doc["persons"][0]["category"] = "terrorist"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out = check(str(path), "--json", "--now", NOW)
    assert code == 2 and "persons.0.category" in out


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(load_doc("ok_subscriber_information") | {"nickname": "x"}), encoding="utf-8")
    code, out = check(str(path), "--now", NOW)
    assert code == 2 and "nickname" in out


def test_bad_options_exit_2(tmp_path: Path) -> None:
    ok = str(SCENARIOS / "ok_freeze_mule_account.json")
    assert check(ok, "--now", "yesterday")[0] == 2
    assert check(ok, "--now", "2026-11-29T12:00:00")[0] == 2
    assert check(ok, "--ruleset", "1999.1")[0] == 2
    assert check(str(tmp_path / "missing.json"))[0] == 2
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert check(str(tmp_path / "broken.json"))[0] == 2


def test_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(load_doc("ok_freeze_mule_account")), encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert check(str(path), "--now", NOW)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == before
