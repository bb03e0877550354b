"""``unicard operator``: operator accounts."""

from __future__ import annotations

import typer

from unicard.entrypoints.cli.console import console, container, explained_errors
from unicard.services.operators import SYSTEM_ACTOR, create_operator, parse_roles

app = typer.Typer(help="Operator accounts (ministry and post staff).", no_args_is_help=True)


@app.command("create")
def create_command(
    username: str = typer.Argument(..., help="Login name: lower case, 3–40 characters."),
    role: list[str] = typer.Option(
        ...,
        "--role",
        "-r",
        help=(
            "admin, supply_officer, health_officer, post_clerk, auditor, data_steward,"
            " rules_analyst or rules_approver; repeatable."
        ),
    ),
    governorate: list[str] = typer.Option(
        ["*"], "--governorate", "-g", help="Governorate code in scope (e.g. 03); repeatable; * for all."
    ),
    display_name: str = typer.Option("", "--name", help="Name shown in the apps."),
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, envvar="UNICARD_OPERATOR_PASSWORD"
    ),
) -> None:
    """Create an operator — the first admin is created this way."""
    with container() as wired, explained_errors():
        operator = create_operator(
            wired.uow_factory(),
            wired.clock,
            wired.password_hasher,
            actor=SYSTEM_ACTOR,
            username=username,
            display_name=display_name,
            roles=parse_roles(role),
            governorates=frozenset(governorate),
            password=password,
        )
    roles = ", ".join(sorted(operator.roles))
    scope = ", ".join(sorted(operator.governorates))
    console.print(f"[green]operator {operator.username} created[/] (roles: {roles}; governorates: {scope})")
