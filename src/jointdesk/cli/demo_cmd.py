"""``jointdesk demo``: the demo world."""

from __future__ import annotations

import typer
from rich.progress import Progress

from jointdesk import audit, demo
from jointdesk.authz import Principal
from jointdesk.cli.common import console, emit, unit_of_work

app = typer.Typer(help="Demo world for newcomers and trainers.", no_args_is_help=True)


@app.command("load")
def load(
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing when agencies exist."),
    reports: bool = typer.Option(True, "--reports/--no-reports", help="Also file the demo fraud reports."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create the demo agencies, users (one per role), bulletins and fraud reports."""
    with unit_of_work() as uow:
        empty = demo.is_empty(uow)
    if not empty and if_empty:
        console.print("database not empty: demo world not loaded")
    elif not empty:
        console.print("[red]error (database):[/red] not empty; use --if-empty or a fresh database")
        raise typer.Exit(2)
    else:
        _load(reports=reports)
    _print_logins(as_json=as_json)


def _load(*, reports: bool) -> None:
    with unit_of_work() as uow, Progress(console=console, transient=True) as progress:
        task = progress.add_task("loading demo world", total=None)
        count = demo.load_demo(uow, reports=reports)
        audit.publish_checkpoint(uow, Principal.system("demo"))
        progress.update(task, completed=1, total=1)
    console.print(f"demo world loaded: {count} users")


@app.command("logins")
def logins(as_json: bool = typer.Option(False, "--json")) -> None:
    """Print the demo logins with their current TOTP codes."""
    _print_logins(as_json=as_json)


def _print_logins(*, as_json: bool) -> None:
    with unit_of_work() as uow:
        rows = demo.demo_logins(uow)
    header = f"Demo logins (password for all: {demo.DEMO_PASSWORD}; TOTP codes change every 30 s, "
    header += "also shown on the login page):"
    lines = [header] + [f"  {r.username:<18} {r.roles:<28} TOTP {r.code or '-':<7} {r.agency}" for r in rows]
    value = {"password": demo.DEMO_PASSWORD, "logins": [vars(r) for r in rows]}
    emit(value, as_json=as_json, human="\n".join(lines))
