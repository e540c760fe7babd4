"""Entry point: assembles the command groups."""

from __future__ import annotations

import typer

from jointdesk.cli import (
    audit_cmd,
    db_cmd,
    demo_cmd,
    dna_cmd,
    identity_cmd,
    intel_cmd,
    intel_io_cmd,
    jobs_cmd,
    persons_cmd,
    requests_cmd,
    screening_cmd,
    serve_cmd,
    typology_cmd,
)

app = typer.Typer(
    help="jointdesk: cross-border cooperation against telecom and online fraud.", no_args_is_help=True
)
app.add_typer(db_cmd.app, name="db")
app.add_typer(identity_cmd.agency_app, name="agency")
app.add_typer(identity_cmd.user_app, name="user")
app.add_typer(demo_cmd.app, name="demo")
app.add_typer(audit_cmd.app, name="audit")
app.add_typer(dna_cmd.app, name="dna")
app.add_typer(jobs_cmd.app, name="jobs")
app.add_typer(intel_cmd.app, name="intel")
app.add_typer(typology_cmd.app, name="typology")
app.add_typer(screening_cmd.app, name="screening")
app.add_typer(persons_cmd.app, name="persons")
app.add_typer(requests_cmd.app, name="requests")
app.registered_commands += intel_io_cmd.app.registered_commands  # top-level: jointdesk import / export
app.command("lookup")(intel_cmd.lookup)
app.command("serve")(serve_cmd.serve)
app.command("worker")(jobs_cmd.worker)


def main() -> None:
    app()
