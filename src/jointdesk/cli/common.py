"""Shared CLI plumbing: settings, container, JSON output, domain errors as exit codes."""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import typer
from rich.console import Console

from jointdesk import identity
from jointdesk.authz import Principal
from jointdesk.bootstrap import Container, bootstrap
from jointdesk.config import Settings
from jointdesk.db.uow import UnitOfWork
from jointdesk.kernel.errors import DomainError

console = Console(stderr=True)


@cache
def container() -> Container:
    return bootstrap(Settings())


@contextmanager
def unit_of_work() -> Iterator[UnitOfWork]:
    """One unit of work per command; committed once on success, rolled back on any error.
    Domain errors end the command with exit code 2 and a message naming the field."""
    with container().uow_factory() as uow:
        try:
            yield uow
            uow.commit()
        except DomainError as exc:
            where = f" ({exc.field})" if exc.field else ""
            console.print(f"[red]error{where}:[/red] {exc.message}")
            raise typer.Exit(2) from exc


def emit(value: Any, *, as_json: bool, human: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(value, default=str, indent=2, ensure_ascii=False) + "\n")
    else:
        typer.echo(human)


def agency_id_by_ref(uow: UnitOfWork, ref: str) -> uuid.UUID:
    """An agency by name or id, for commands run as the system principal; exit 2 if unknown."""
    for agency in identity.list_agencies(uow, Principal.system("cli")):
        if str(agency.id) == ref or agency.name == ref:
            return agency.id
    console.print(f"[red]error (agency):[/red] no agency named or identified by {ref!r}")
    raise typer.Exit(2)
