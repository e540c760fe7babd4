"""``jointdesk audit``: export, verify offline, publish checkpoints, check the live log."""

from __future__ import annotations

from pathlib import Path

import typer

from jointdesk import audit
from jointdesk.authz import Principal
from jointdesk.cli.common import emit, unit_of_work

app = typer.Typer(help="The verifiable oversight log.", no_args_is_help=True)
SYSTEM = Principal.system("cli")


@app.command("export")
def export(
    out: Path = typer.Option(..., "--out", help="File to write (JSON lines)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Write every leaf, the signed checkpoints and a signed seal to OUT."""
    with unit_of_work() as uow:
        audit.record(uow, SYSTEM, audit.AuditLogEvent.LOG_EXPORTED)
        audit.publish_checkpoint(uow, SYSTEM)
        data = audit.export_lines(uow)
        out.write_bytes(data)
        status = {"file": str(out), "bytes": len(data), "log_key": audit.node_vkey(uow.secrets)}
    emit(status, as_json=as_json, human=f"wrote {len(data)} bytes to {out}\nlog key: {status['log_key']}")


@app.command("verify")
def verify(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="An export file."),
    vkey: str = typer.Option(None, "--vkey", help="Pin the log key (recommended for auditors)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Recompute every hash, root and signature offline; exit 1 naming the first bad entry."""
    try:
        report = audit.verify_export(file.read_bytes(), trusted_vkey=vkey)
    except audit.VerificationError as exc:
        emit({"ok": False, "error": str(exc)}, as_json=as_json, human=f"FAILED: {exc}")
        raise typer.Exit(1) from exc
    human = f"OK: {report.size} entries, {len(report.checkpoints)} checkpoints, root {report.root}"
    if not vkey:
        human += "\n(note: key taken from the file; pass --vkey to pin the node's published key)"
    emit(report.as_dict(), as_json=as_json, human=human)


@app.command("checkpoint")
def checkpoint(as_json: bool = typer.Option(False, "--json")) -> None:
    """Sign and publish a checkpoint of the current tree now."""
    with unit_of_work() as uow:
        view = audit.publish_checkpoint(uow, SYSTEM)
    if view is None:
        emit({"published": False}, as_json=as_json, human="nothing new to checkpoint")
        return
    result = {"published": True, "size": view.size, "root": view.root, "note": view.note}
    emit(result, as_json=as_json, human=view.note)


@app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Verify the live database log; exit 1 if it is not intact."""
    with unit_of_work() as uow:
        result = audit.verify_database(uow)
    emit(vars(result), as_json=as_json, human=("OK: " if result.ok else "FAILED: ") + result.message)
    if not result.ok:
        raise typer.Exit(1)
