"""``jointdesk screening``: screen a request document offline; nothing is stored (docs/screening.md)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from jointdesk.screening import (
    DEFAULT_VERSION,
    ScreeningDocument,
    ScreeningResult,
    available_versions,
    load_ruleset,
    screen,
)

app = typer.Typer(help="Screen request documents against the safeguards rule set.", no_args_is_help=True)
err = Console(stderr=True)
STYLE = {"BLOCK": "bold red", "REVIEW": "yellow", "WARN": "cyan", "PASS": "green"}


@app.callback()
def screening() -> None:
    """Screen request documents against the safeguards rule set (safeguards.md §3)."""


def _fail(field: str, message: str) -> typer.Exit:
    err.print(f"[red]error ({field}):[/red] {message}")
    return typer.Exit(2)


def _read_document(path: Path) -> ScreeningDocument:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail("file", f"cannot read {path}: {exc.strerror}") from exc
    try:
        return ScreeningDocument.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise _fail(where, f"{first['msg']}{more}") from exc


def _parse_now(value: str | None) -> datetime:
    if value is None:
        # The one clock read of the screening code: an edge, and only when no --now is given.
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _fail("now", f"not an ISO 8601 timestamp: {value!r}") from exc
    if parsed.tzinfo is None:
        raise _fail("now", "give a timezone, e.g. 2026-11-29T12:00:00+00:00")
    return parsed


def _print_table(result: ScreeningResult) -> None:
    table = Table(title=f"Screening of {result.request_id} (rule set {result.ruleset_version})")
    for column in ("Rule", "Person", "Outcome", "Explanation", "Missing inputs"):
        table.add_column(column, overflow="fold")
    for item in result.per_rule:
        name = item.outcome.name
        outcome = f"[{STYLE[name]}]{name}{' (absolute)' if item.absolute else ''}[/]"
        table.add_row(
            item.rule_id, item.person_ref or "", outcome, item.explanation, ", ".join(item.missing_inputs)
        )
    out = Console()
    out.print(table)
    name = result.aggregate.outcome.name
    absolute = " (absolute)" if result.aggregate.absolute else ""
    out.print(f"Aggregate: [{STYLE[name]}]{name}{absolute}[/]  rule-set hash {result.ruleset_hash}")
    out.print("PASS is never legal clearance; sending always needs a recorded human decision.")


@app.command("check")
def check(
    file: Path = typer.Argument(..., help="Request document (JSON, schema in docs/screening.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    now: str = typer.Option(None, "--now", help="Screening time, ISO 8601 with timezone (default: now)."),
    ruleset: str = typer.Option(DEFAULT_VERSION, "--ruleset", help="Rule-set version."),
) -> None:
    """Screen FILE and print per-rule outcomes and the aggregate; nothing is stored."""
    if ruleset not in available_versions():
        raise _fail("ruleset", f"unknown version {ruleset!r}; shipped: {', '.join(available_versions())}")
    document = _read_document(file)
    # The requester's view: a refugee's protection status never shows (GEN-04).
    result = screen(document, load_ruleset(ruleset), _parse_now(now)).requester_view()
    if as_json:
        sys.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    else:
        _print_table(result)
