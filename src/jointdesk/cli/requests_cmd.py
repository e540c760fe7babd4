"""``jointdesk requests``: list and show cooperation requests, run deadlines, replay a screening."""

from __future__ import annotations

import uuid

import typer
from pydantic import ValidationError

from jointdesk.authz import Principal
from jointdesk.cli.common import console, emit, unit_of_work
from jointdesk.cli.intel_cmd import acting_for
from jointdesk.cooperation import repository as repo
from jointdesk.cooperation import requests
from jointdesk.cooperation.responses import run_deadlines
from jointdesk.screening import (
    ReplayMismatch,
    RuleSet,
    RuleSetConfig,
    ScreeningDocument,
    ScreeningResult,
    assert_replays,
    load_ruleset,
)

app = typer.Typer(help="Cooperation requests: list, show, deadlines, replay.", no_args_is_help=True)
SYSTEM = Principal.system("cli")


@app.command("list")
def list_requests(
    agency: str = typer.Option(None, help="As this agency sees them (name or id)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Requests with their status and partner."""
    with unit_of_work() as uow:
        rows = requests.list_requests(uow, acting_for(uow, agency))
    human = "\n".join(f"{r.ref}  {r.request_type:<16} {r.status:<14} due {r.due_at or '-'}" for r in rows)
    emit([r.model_dump(mode="json") for r in rows], as_json=as_json, human=human or "no requests")


@app.command("show")
def show(request_id: uuid.UUID, as_json: bool = typer.Option(False, "--json")) -> None:
    """One request with its screening, decisions, messages and timeline."""
    with unit_of_work() as uow:
        view = requests.get_request(uow, SYSTEM, request_id)
    lines = [f"{view.ref} {view.request_type} {view.status}"]
    if view.screening:
        lines += [f"  {r.key:<14} {r.outcome:<7} {r.explanation}" for r in view.screening.rules]
    lines += [f"  {t.at:%Y-%m-%d %H:%M} {t.from_status} -> {t.to_status}: {t.note}" for t in view.timeline]
    emit(view.model_dump(mode="json"), as_json=as_json, human="\n".join(lines))


@app.command("deadlines")
def deadlines(as_json: bool = typer.Option(False, "--json")) -> None:
    """Expire holds that ran out and post reminders now (the worker does this every 5 minutes)."""
    with unit_of_work() as uow:
        result = run_deadlines(uow, SYSTEM)
    emit(result, as_json=as_json, human=f"expired {result['expired']}, reminded {result['reminded']}")


@app.command("replay")
def replay(request_id: uuid.UUID, as_json: bool = typer.Option(False, "--json")) -> None:
    """INV-4 for auditors: screen the stored document again with the stored time and rule set."""
    with unit_of_work() as uow:
        request = repo.visible_request(uow, SYSTEM, request_id)
        screening = repo.screening(uow, request.screening_id)
        if screening is None:
            console.print("[red]error (request_id):[/red] this request was never screened")
            raise typer.Exit(2)
        logged = ScreeningResult.model_validate(screening.result)
        document = ScreeningDocument.model_validate(screening.document)
        publication = repo.published(uow, screening.ruleset_hash)
        canonical = publication.canonical if publication else None
    try:
        # The rule set as it was published (INV-3), not whatever file ships today.
        config = RuleSetConfig.model_validate_json(canonical) if canonical else None
        ruleset = RuleSet.from_config(config) if config else load_ruleset(screening.ruleset_version)
        assert_replays(document, ruleset, logged)
    except (ReplayMismatch, ValidationError, ValueError) as exc:
        console.print(f"[red]REPLAY FAILED:[/red] {exc}")
        raise typer.Exit(1) from exc
    result = {"replayed": True, "ruleset_hash": ruleset.hash, "aggregate": logged.aggregate.outcome.name}
    emit(result, as_json=as_json, human=f"replay identical: {result['aggregate']} under {ruleset.hash[:16]}…")
