"""Matrix hooks for the import/export routes: path-parameter makers and valid bodies."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from jointdesk.authz import Role
from jointdesk.intel import imports

# One small JSON Lines file: a report paying the matrix mule account.
REPORT = {
    "source_ref": "MATRIX-1",
    "narrative": "Caller posing as police asked for a transfer to a safe account.",
    "identifiers": [{"id_type": "bank_account", "value": "6222020200001234", "role": "payee"}],
}
FILE = (json.dumps(REPORT) + "\n").encode()


def _import(world: Any, caller: Any, route_path: str) -> str:
    """An import of the home agency (queued: the matrix runs no worker)."""
    investigator = world.caller("home", Role.INVESTIGATOR).member.principal
    with world.uow_factory() as uow:
        started = imports.start_import(uow, investigator, data=FILE, filename="matrix.jsonl", fmt="jsonl")
        uow.commit()
    return str(started.id)


# param name -> maker(world, caller, route_path) -> str ; (method, path) -> body(world, caller)
MAKERS: dict[str, Callable[[Any, Any, str], str]] = {"import_id": _import}
BODIES: dict[tuple[str, str], Callable[[Any, Any], dict[str, Any]]] = {
    ("POST", "/api/v1/intel/imports"): lambda w, c: {"format": "jsonl"},
    ("POST", "/intel/imports"): lambda w, c: {"format": "jsonl"},
    ("POST", "/intel/exports"): lambda w, c: {"format": "csv"},
}
MULTIPART: dict[str, bytes] = {"/api/v1/intel/imports": FILE, "/intel/imports": FILE}
