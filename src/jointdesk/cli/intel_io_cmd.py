"""``jointdesk import`` and ``jointdesk export`` for fraud reports.

An import runs in-process, chunk by chunk, each chunk committed with its cursor: interrupt it and
run the same command again, and it finishes the same batch with nothing lost or doubled.
"""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from jointdesk.cli.common import console, emit, unit_of_work
from jointdesk.cli.intel_cmd import acting_for
from jointdesk.intel import exports, imports

app = typer.Typer(help="Import and export fraud reports.", no_args_is_help=True)
FORMATS = "csv|jsonl|misp|stix"


@app.command("import")
def import_file(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="The file to import."),
    fmt: str = typer.Option(..., "--format", help=f"One of {FORMATS}."),
    agency: str = typer.Option(..., help="The agency the reports belong to (name or id)."),
    errors: Path = typer.Option(
        None, "--errors", help="Where to write refused rows (default: FILE.errors.csv)."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import a file of reports; bad rows are written to an errors CSV, good rows land."""
    with unit_of_work() as uow:
        started = imports.start_import(
            uow, acting_for(uow, agency), data=path.read_bytes(), filename=path.name, fmt=fmt, enqueue=False
        )
    if started.rows_seen:
        console.print(f"resuming import {started.id} after {started.rows_seen} rows")
    final = _run(started)
    target = errors or path.with_name(path.name + ".errors.csv")
    if final.error_count:
        with unit_of_work() as uow:
            text = imports.import_errors_csv(uow, acting_for(uow, agency), final.id)
        target.write_text(text, encoding="utf-8")
    human = (
        f"import {final.id}: {final.status}; rows {final.rows_seen}, imported {final.imported}, "
        f"already in {final.duplicates}, refused {final.rejected}"
        + (f"; errors in {target}" if final.error_count else "")
    )
    emit(final.model_dump(mode="json", exclude={"errors"}), as_json=as_json, human=human)
    if final.status == "failed":
        raise typer.Exit(1)


def _run(started: imports.ImportView) -> imports.ImportView:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(_label(started), total=None)

        def show(view: imports.ImportView) -> None:
            progress.update(task, description=_label(view))

        with unit_of_work() as uow:
            return imports.run_import(uow, started.id, checkpoint=uow.commit, on_chunk=show)


def _label(view: imports.ImportView) -> str:
    return (
        f"{view.filename}: {view.rows_seen} rows, {view.imported} imported, "
        f"{view.duplicates} already in, {view.rejected} refused"
    )


@app.command("export")
def export(
    fmt: str = typer.Option(..., "--format", help=f"One of {FORMATS}."),
    agency: str = typer.Option(..., help="Export what this agency may see (name or id)."),
    out: Path = typer.Option(None, "--out", help="Output file (default: standard output)."),
    since: str = typer.Option(None, "--since", help="Only reports received since (YYYY-MM-DD or ISO 8601)."),
    network: uuid.UUID = typer.Option(None, "--network", help="Only the reports of this network."),
    include_narrative: bool = typer.Option(False, "--include-narrative"),
) -> None:
    """Export reports (never victim personal data) as CSV, JSON Lines, MISP or STIX 2.1."""
    start = _since(since)
    with unit_of_work() as uow:
        stream = out.open("w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            written = exports.export_reports(
                uow,
                acting_for(uow, agency),
                stream,
                fmt,
                since=start,
                network_id=network,
                include_narrative=include_narrative,
            )
        finally:
            if out:
                stream.close()
    console.print(f"exported {written} reports" + (f" to {out}" if out else ""))


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        console.print(f"[red]error (since):[/red] not a date: {value!r}; use YYYY-MM-DD")
        raise typer.Exit(2) from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
