"""The database side of ``jointdesk typology``: confirmed labels in, activation of a candidate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from jointdesk.authz import Principal
from jointdesk.cli.common import agency_id_by_ref, console, container, unit_of_work
from jointdesk.db.uow import UnitOfWork
from jointdesk.identity.repository import roles_of, user_by_username
from jointdesk.intel import classifier_models
from jointdesk.typology.corpus import LabelledRow

CANDIDATES = "typology-candidates"
ACTIVE_STORE = "typology-models"


def candidate_dir(version: str) -> Path:
    return container().settings.var_dir / CANDIDATES / version


def confirmed_rows(agency: str | None) -> list[LabelledRow]:
    with unit_of_work() as uow:
        agency_id = agency_id_by_ref(uow, agency) if agency else None
        rows = classifier_models.confirmed_rows(uow, agency_id=agency_id)
    console.print(f"{len(rows)} confirmed report labels from the database")
    return rows


def activate(model: str, *, by: str, tolerance: float) -> dict[str, Any]:
    folder = Path(model) if Path(model).is_dir() else candidate_dir(model)
    store = container().settings.var_dir / ACTIVE_STORE
    store.mkdir(parents=True, exist_ok=True)
    with unit_of_work() as uow:
        principal = _administrator(uow, by)
        return classifier_models.activate(uow, principal, folder, store_root=store, tolerance=tolerance)


def _administrator(uow: UnitOfWork, username: str) -> Principal:
    """Act as the named administrator so the audit log names the role and pseudonym of a person."""
    user = user_by_username(uow, username)
    if user is None or not user.is_active:
        console.print(f"[red]error (by):[/red] no active user {username!r}")
        raise typer.Exit(2)
    roles = roles_of(uow, user.id)
    return Principal.for_user(
        user_id=user.id, agency_id=user.owner_agency_id, username=user.username, roles=roles
    )
