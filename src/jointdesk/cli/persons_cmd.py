"""``jointdesk persons``: raid intake, a person's screening status, transfer batch status."""

from __future__ import annotations

from pathlib import Path

import typer

from jointdesk.authz import Principal
from jointdesk.cli.common import emit, unit_of_work
from jointdesk.cli.intel_cmd import acting_for
from jointdesk.cooperation import intake, persons, transfers

app = typer.Typer(help="Persons, trafficking screening and transfer batches.", no_args_is_help=True)
SYSTEM = Principal.system("cli")


@app.command("intake")
def intake_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV of the raid (see docs)."),
    agency: str = typer.Option(..., help="The agency holding the persons (name or id)."),
    batch: str = typer.Option(None, help="Intake name (default: the file name); re-runs are idempotent."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Take in persons found in a raid: unclassified, pending trafficking screening."""
    with unit_of_work() as uow:
        name = batch or intake.batch_name_from(file.name)
        report = intake.ingest_csv(uow, acting_for(uow, agency), file.read_bytes(), batch=name)
    lines = [
        f"intake {report.batch}: {report.rows} rows, {report.created} created, "
        f"{report.existing} already taken in, {len(report.errors)} rejected"
    ]
    lines += [f"  row {e.row} ({e.field}): {e.reason}" for e in report.errors]
    emit(report.model_dump(mode="json"), as_json=as_json, human="\n".join(lines))


@app.command("show")
def show_command(
    ref: str = typer.Argument(..., help="The person's reference (P-...)."),
    agency: str = typer.Option(None, help="Within this agency's visibility."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """A person's category, screening status and protection flags (no personal data)."""
    with unit_of_work() as uow:
        view = persons.get_person_by_ref(uow, acting_for(uow, agency), ref)
    human = (
        f"{view.ref}  category={view.category}  screening={view.screening_status}  "
        f"non_punishment={view.non_punishment}  referral={view.protection_referral}  "
        f"reflection_until={view.reflection_until or '-'}  intake={view.intake_batch or '-'}"
    )
    emit(view.model_dump(mode="json"), as_json=as_json, human=human)


@app.command("batch-status")
def batch_status_command(
    batch_ref: str = typer.Argument(..., help="The transfer batch reference (TB-...)."),
    agency: str = typer.Option(None, help="Within this agency's visibility."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Each person's clearance in a transfer batch; only cleared persons can be requested."""
    with unit_of_work() as uow:
        view = transfers.get_batch_by_ref(uow, acting_for(uow, agency), batch_ref)
    counts = ", ".join(f"{k} {v}" for k, v in view.counts.items())
    lines = [f"{view.ref} {view.route} {view.sending_country}->{view.destination_country}: {counts}"]
    for entry in view.entries:
        state = "cleared" if entry.cleared else (entry.outcome or "unassessed")
        held = ", ".join(entry.block_keys + entry.review_keys)
        lines.append(f"  {entry.person_ref}  {state}  {held}")
    emit(view.model_dump(mode="json"), as_json=as_json, human="\n".join(lines))
