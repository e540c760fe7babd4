"""``jointdesk lookup`` and ``jointdesk intel``: "have we seen this?", reports, networks, hot values."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from jointdesk import intel
from jointdesk.authz import Permission, Principal
from jointdesk.cli.common import agency_id_by_ref, console, emit, unit_of_work
from jointdesk.db.uow import UnitOfWork

app = typer.Typer(help="Fraud intelligence: reports, networks, hot values.", no_args_is_help=True)
SYSTEM = Principal.system("cli")


def acting_for(uow: UnitOfWork, agency: str | None) -> Principal:
    """The system principal, or (with --agency) one that sees only what that agency may see."""
    if agency is None:
        return SYSTEM
    return Principal(
        user_id=None,
        agency_id=agency_id_by_ref(uow, agency),
        username="system:cli",
        permissions=frozenset(Permission),
    )


def _values(values: list[str] | None, file: Path | None) -> list[str]:
    found = list(values or [])
    if file is not None:
        source = sys.stdin if str(file) == "-" else file.open(encoding="utf-8")
        with source:
            found += [line.strip() for line in source if line.strip()]
    if not found:
        console.print("[red]error (values):[/red] give values as arguments or with --file")
        raise typer.Exit(2)
    return found


def lookup(
    values: list[str] = typer.Argument(None, help="Values, optionally typed: phone:+86138..., url:..."),
    file: Path = typer.Option(None, "--file", help="One value per line ('-' for standard input)."),
    id_type: str = typer.Option(None, "--type", help="Treat every value as this identifier type."),
    agency: str = typer.Option(None, help="Answer within this agency's visibility (name or id)."),
    region: str = typer.Option(None, help="Country for national formats (default: the agency's)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Have we seen this? Counts and networks for each value."""
    wanted = _values(values, file)
    with unit_of_work() as uow:
        hits = intel.lookup(uow, acting_for(uow, agency), wanted, id_type=id_type, region=region)
    if as_json:
        emit([h.model_dump(mode="json") for h in hits], as_json=True, human="")
        return
    table = Table("value", "type", "normalised", "status", "reports", "state", "networks")
    for hit in hits:
        table.add_row(
            hit.query,
            hit.id_type or "?",
            hit.canonical or "",
            hit.status if not hit.message else f"{hit.status} ({hit.message})",
            str(hit.reports_visible),
            hit.state or "",
            ", ".join(hit.networks),
        )
    Console().print(table)


@app.command("file")
def file_report(
    path: Path = typer.Argument(..., help="A report as JSON (the API's ReportIn shape)."),
    agency: str = typer.Option(..., help="The reporting agency (name or id)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """File one report from a JSON document."""
    try:
        cmd = intel.ReportIn.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError) as exc:
        console.print(f"[red]error:[/red] {_explain(exc)}")
        raise typer.Exit(2) from exc
    with unit_of_work() as uow:
        filed = intel.file_report(uow, acting_for(uow, agency), cmd)
    emit(
        filed.model_dump(mode="json"),
        as_json=as_json,
        human=f"filed {filed.crime_reference_no} network={filed.network_id or '-'} "
        f"rejected identifiers={len(filed.rejected_identifiers)}",
    )


def _explain(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return str(exc)


@app.command("show")
def show(report_id: uuid.UUID, as_json: bool = typer.Option(False, "--json")) -> None:
    """One report with its sightings, transactions and network."""
    with unit_of_work() as uow:
        view = intel.get_report(uow, SYSTEM, report_id)
    lines = [f"{view.crime_reference_no}  {view.jurisdiction}  network={view.network_label or '-'}"]
    lines += [
        f"  {s.identifier.id_type:<14} {s.identifier.display:<40} {s.role:<14} {s.identifier.state}"
        for s in view.sightings
    ]
    emit(view.model_dump(mode="json"), as_json=as_json, human="\n".join(lines))


@app.command("networks")
def networks(
    order: str = typer.Option("size", help="size, growth or latest"),
    limit: int = typer.Option(20, min=1, max=500),
    agency: str = typer.Option(None, help="Within this agency's visibility."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Fraud networks ranked by visible size, recent growth or latest report."""
    with unit_of_work() as uow:
        rows = intel.ranked_networks(uow, acting_for(uow, agency), order=order, limit=limit)
    human = "\n".join(
        f"{r['label']}  {r['visible']:>6} reports  +{r['recent']} in 30 days  {r['id']}" for r in rows
    )
    emit(rows, as_json=as_json, human=human or "no networks")


@app.command("network")
def network(network_id: uuid.UUID, as_json: bool = typer.Option(False, "--json")) -> None:
    """A network's figures: reports, victims, losses, countries, typologies, growth."""
    with unit_of_work() as uow:
        figures = intel.network_figures(uow, SYSTEM, network_id)
    data: dict[str, Any] = figures.model_dump(mode="json")
    emit(data, as_json=as_json, human=json.dumps(data, indent=2, ensure_ascii=False))


@app.command("why")
def why(first: uuid.UUID, second: uuid.UUID, as_json: bool = typer.Option(False, "--json")) -> None:
    """Why two reports are linked: the identifier path between them."""
    with unit_of_work() as uow:
        steps = intel.explain_link(uow, SYSTEM, first, second)
    human = "\n".join(
        f"{s.from_report} -[{s.id_type} {s.value} seen {s.n_reports}x w={s.weight}]-> {s.to_report}"
        for s in steps
    )
    emit([s.model_dump(mode="json") for s in steps], as_json=as_json, human=human)


@app.command("threshold")
def threshold(id_type: str, value: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """Set a type's hot threshold; states and networks are re-derived at once."""
    with unit_of_work() as uow:
        result = intel.set_hot_threshold(uow, SYSTEM, id_type=id_type, threshold=value)
    emit(result, as_json=as_json, human=f"{id_type}: hot above {value} reports; {result}")


@app.command("clear-hot")
def clear_hot(
    identifier_id: uuid.UUID, reason: str = typer.Option(..., help="Why it is meaningful.")
) -> None:
    """Let a hot identifier link again (logged with the reason)."""
    with unit_of_work() as uow:
        view = intel.clear_hot(uow, SYSTEM, identifier_id, reason=reason)
    typer.echo(f"{view.id_type} {view.display}: {view.state}")
