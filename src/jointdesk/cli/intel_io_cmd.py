"""``jointdesk import`` and ``jointdesk export`` for fraud reports (being built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Import and export fraud reports.", no_args_is_help=True)
