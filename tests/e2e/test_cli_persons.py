"""``jointdesk persons``: raid intake (idempotent), a person's status, a batch's clearances."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from authz.persons_world import add_to_batch, csv_text, make_batch, make_person
from jointdesk.authz import Role
from jointdesk.cli import app
from jointdesk.cli.common import container
from jointdesk.cooperation import transfers
from support import SYSTEM, make_agency, make_user

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout + (result.stderr if result.stderr_bytes is not None else "")


@pytest.mark.usefixtures("cli_env")
def test_intake_show_and_batch_status(tmp_path: Path) -> None:
    factory = container().uow_factory
    holder = make_agency(factory, "MM TCU", "MM")
    csv = tmp_path / "raid-1.csv"
    csv.write_text(csv_text(20, bad_every=10))
    code, out = run("persons", "intake", str(csv), "--agency", "MM TCU", "--json")
    report = json.loads(out)
    assert (
        code == 0 and report["batch"] == "raid-1" and report["created"] == 18 and len(report["errors"]) == 2
    )
    code, out = run("persons", "intake", str(csv), "--agency", "MM TCU")
    assert (
        code == 0 and "0 created, 18 already taken in, 2 rejected" in out and "row 11 (found_country)" in out
    )
    code, out = run("persons", "intake", str(csv), "--agency", "Nobody")
    assert code == 2 and "agency" in out
    liaison = make_user(factory, holder, "mm.liaison", Role.LIAISON_OFFICER).principal
    investigator = make_user(factory, holder, "mm.inv", Role.INVESTIGATOR).principal
    person_id = make_person(factory, investigator)
    batch_id = make_batch(factory, liaison, make_agency(factory, "TH CCB", "TH"))
    entry = add_to_batch(factory, liaison, batch_id, person_id)
    code, out = run("persons", "show", entry.person_ref, "--json")
    assert code == 0 and json.loads(out)["screening_status"] == "not_required"
    assert "full_name" not in out
    code, out = run("persons", "show", "P-NOPE")
    assert code == 2 and "ref" in out
    code, out = run("persons", "batch-status", "--json", _batch_ref(batch_id))
    assert code == 0 and json.loads(out)["counts"]["review"] == 1
    code, out = run("persons", "batch-status", _batch_ref(batch_id))
    assert code == 0 and f"{entry.person_ref}  REVIEW  TRF-03@{entry.person_ref}" in out


def _batch_ref(batch_id: uuid.UUID) -> str:
    with container().uow_factory() as uow:
        return transfers.get_batch(uow, SYSTEM, batch_id).ref
