"""``jointdesk db``: migrations."""

from __future__ import annotations

import typer

from jointdesk.cli.common import console, container
from jointdesk.db import migrate

app = typer.Typer(help="Database migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    migrate.upgrade(container().engine, revision)
    console.print(f"database at revision {revision}")


@app.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base.")) -> None:
    """Revert migrations down to REVISION."""
    migrate.downgrade(container().engine, revision)
    console.print(f"database at revision {revision}")
