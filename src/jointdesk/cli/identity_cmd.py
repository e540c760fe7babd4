"""``jointdesk agency`` and ``jointdesk user``: operator set-up, as the audited system principal."""

from __future__ import annotations

import typer
from pydantic import ValidationError

from jointdesk import identity
from jointdesk.authz import Principal, Role, mfa_required
from jointdesk.cli.common import agency_id_by_ref, console, emit, unit_of_work

agency_app = typer.Typer(help="Agencies.", no_args_is_help=True)
user_app = typer.Typer(help="Users.", no_args_is_help=True)
SYSTEM = Principal.system("cli")


def _invalid(exc: ValidationError) -> typer.Exit:
    for err in exc.errors():
        console.print(f"[red]error ({'.'.join(map(str, err['loc']))}):[/red] {err['msg']}")
    return typer.Exit(2)


@agency_app.command("create")
def create_agency(
    name: str = typer.Option(..., help="Agency name."),
    country: str = typer.Option(..., help="ISO 3166-1 alpha-2 code, e.g. KH."),
    kind: identity.AgencyKind = typer.Option(..., help="Kind of agency."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
) -> None:
    """Create an agency."""
    try:
        cmd = identity.CreateAgency(name=name, country=country, kind=kind)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    with unit_of_work() as uow:
        view = identity.create_agency(uow, SYSTEM, cmd=cmd)
    emit(view.model_dump(mode="json"), as_json=as_json, human=f"created agency {view.name} ({view.id})")


@agency_app.command("list")
def list_agencies(as_json: bool = typer.Option(False, "--json")) -> None:
    """List agencies."""
    with unit_of_work() as uow:
        views = identity.list_agencies(uow, SYSTEM)
    lines = "\n".join(f"{v.id}  {v.country}  {v.kind.value:<28} {v.name}" for v in views)
    emit([v.model_dump(mode="json") for v in views], as_json=as_json, human=lines)


@user_app.command("create")
def create_user(
    agency: str = typer.Option(..., help="Agency name or id."),
    username: str = typer.Option(...),
    display_name: str = typer.Option(..., help="Full name shown to colleagues."),
    role: list[Role] = typer.Option(..., help="Role; repeat for several."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a user. Roles that need a second factor get a TOTP secret, printed once."""
    with unit_of_work() as uow:
        agency_id = agency_id_by_ref(uow, agency)
        try:
            cmd = identity.CreateUser(
                agency_id=agency_id,
                username=username,
                display_name=display_name,
                password=password,
                roles=role,
            )
        except ValidationError as exc:
            raise _invalid(exc) from exc
        secret = identity.generate_totp_secret() if mfa_required(frozenset(role)) else None
        view = identity.create_user(uow, SYSTEM, cmd=cmd, totp_secret=secret)
    result = view.model_dump(mode="json") | {"totp_secret": secret}
    human = f"created user {view.username} ({view.id})" + (
        f"\nTOTP secret (shown once): {secret}" if secret else ""
    )
    emit(result, as_json=as_json, human=human)
