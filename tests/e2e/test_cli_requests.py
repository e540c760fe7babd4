"""Cooperation requests from the command line: list, show, deadlines and the auditors' replay."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from integration.cooperation.coop_support import cast, freeze_document
from jointdesk.cli import app
from jointdesk.cli.common import container
from jointdesk.cooperation import requests
from jointdesk.cooperation.schemas import RequestDraft

runner = CliRunner()


@pytest.mark.usefixtures("cli_env")
def test_list_show_replay_and_deadlines() -> None:
    factory = container().uow_factory
    c = cast(factory)
    with factory() as uow:
        draft = RequestDraft(request_type="freeze", receiving_agency_id=c.th, document=freeze_document())
        created = requests.create_request(uow, c.liaison.principal, draft)
        requests.screen_request(uow, c.liaison.principal, created.id)
        uow.commit()
    listed = runner.invoke(app, ["requests", "list", "--json"])
    assert listed.exit_code == 0 and json.loads(listed.stdout)[0]["status"] == "screened"
    shown = runner.invoke(app, ["requests", "show", str(created.id)])
    assert shown.exit_code == 0 and "FRZ-01" in shown.stdout
    replayed = runner.invoke(app, ["requests", "replay", str(created.id), "--json"])
    assert replayed.exit_code == 0, replayed.stdout
    assert json.loads(replayed.stdout) == {
        "replayed": True,
        "ruleset_hash": json.loads(shown_json(created.id))["screening"]["ruleset_hash"],
        "aggregate": "PASS",
    }
    due = runner.invoke(app, ["requests", "deadlines", "--json"])
    assert due.exit_code == 0 and json.loads(due.stdout) == {"expired": 0, "reminded": 0}


def shown_json(request_id: object) -> str:
    return runner.invoke(app, ["requests", "show", str(request_id), "--json"]).stdout
