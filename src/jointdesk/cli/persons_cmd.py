"""``jointdesk persons``: raid intake, trafficking screening status, transfer batches (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Persons, trafficking screening and transfer batches.", no_args_is_help=True)
