"""``unicard merchant``: register merchants, list them, install terminals, import a file, assign grocers.

The CLI acts with full rights (like ``unicard import``): whoever can run it can reach the
database anyway. ``--actor`` (or ``UNICARD_OPERATOR``) names who is recorded in the audit log.

Terminal secrets are hashed under a key derived from the deployment's secret key
(``UNICARD_SECRET_KEY``; outside production, by default, the one kept in the data folder), which
the server must share. Where no lasting key exists (the test environment makes one per process),
the commands that create secrets refuse to run: the server could never check those secrets.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.db.bulk.merchants import SqlMerchantImportUnitOfWork
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets, SecretsFile
from unicard.bootstrap import Container
from unicard.config import Settings
from unicard.domain.merchants import parse_governorate, parse_kind
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.entrypoints.cli.console import console, container, errors, explained_errors
from unicard.entrypoints.cli.transfer import ActorOption, InputFile, Lang, LangOption
from unicard.entrypoints.cli.transfer import _Bars as Bars  # shared with the registry imports
from unicard.entrypoints.cli.transfer import _conclude as conclude
from unicard.locale.catalog import Language, render
from unicard.services.grocers import assign_grocer
from unicard.services.imports.merchant_rows import MERCHANTS
from unicard.services.imports.merchants import import_merchants
from unicard.services.merchant_ports import MerchantQuery
from unicard.services.merchants import MerchantDetails, create_merchant, list_merchants
from unicard.services.terminals import add_terminal

app = typer.Typer(help="Merchants (bakeries, grocers, …) and their terminals.", no_args_is_help=True)

KindOption = Annotated[
    str,
    typer.Option("--kind", help="bakery, grocer, retail, post_atm, post_counter, health_provider or biller."),
]


@app.command("create")
def create_command(
    kind: KindOption,
    name_ar: Annotated[str, typer.Option("--name-ar", help="The name on the shop front, in Arabic.")],
    governorate: Annotated[str, typer.Option("--governorate", "-g", help="Two-digit code, e.g. 03.")],
    name_en: Annotated[str, typer.Option("--name-en", help="The name in Latin letters.")] = "",
    merchant_id: Annotated[
        str, typer.Option("--id", help="e.g. BKR-03-000123; default: the next serial.")
    ] = "",
    actor: ActorOption = "cli",
) -> None:
    """Register a merchant."""
    with container() as wired, explained_errors():
        details = MerchantDetails(
            parse_kind(kind), name_ar, governorate, name_en or None, merchant_id or None
        )
        merchant = create_merchant(wired.uow_factory(), wired.clock, _operator(actor), details)
    console.print(
        f"[green]merchant {merchant.id} created[/] ({merchant.kind}, governorate {merchant.governorate})"
    )


@app.command("list")
def list_command(
    kind: Annotated[str, typer.Option("--kind", help="Only this kind.")] = "",
    governorate: Annotated[str, typer.Option("--governorate", "-g", help="Only this governorate.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
) -> None:
    """List merchants by id."""
    with container() as wired, explained_errors():
        query = MerchantQuery(
            kinds=frozenset({parse_kind(kind)}) if kind else None,
            governorates=frozenset({parse_governorate(governorate)}) if governorate else None,
            limit=limit,
            offset=offset,
        )
        found = list_merchants(wired.uow_factory(), _operator("cli"), query)
    table = Table("id", "kind", "governorate", "status", "name_ar", "name_en")
    for merchant in found:
        table.add_row(
            merchant.id,
            merchant.kind,
            merchant.governorate,
            merchant.status,
            merchant.name_ar,
            merchant.name_en or "",
        )
    console.print(table)


@app.command("terminal-add")
def terminal_add_command(
    merchant_id: Annotated[str, typer.Argument(help="The merchant, e.g. BKR-03-000123.")],
    actor: ActorOption = "cli",
) -> None:
    """Install a terminal for a merchant and print its secret, this once."""
    with container() as wired, explained_errors():
        secrets = _terminal_secrets(wired)
        issued = add_terminal(wired.uow_factory(), wired.clock, secrets, _operator(actor), merchant_id)
    console.print(
        f"[green]terminal {issued.terminal.id} installed[/] for merchant {issued.terminal.merchant_id}"
    )
    console.print("secret (shown this once; load it into the terminal now):", markup=False)
    console.print(issued.secret, markup=False, highlight=False)


@app.command("import")
def import_command(file: InputFile, actor: ActorOption = "cli", lang: LangOption = Lang.AR) -> None:
    """Register the merchants in FILE and install their terminals (docs/formats/merchants.md).

    The secrets of new terminals go to FILE.terminal-secrets.csv, readable by you only.
    """
    language: Language = "en" if lang is Lang.EN else "ar"
    secrets_file = SecretsFile(file.with_name(file.name + ".terminal-secrets.csv"))
    with container() as wired, explained_errors():
        secrets = _terminal_secrets(wired)
        source = CsvRecords(file, MERCHANTS)
        uow = SqlMerchantImportUnitOfWork(wired.engine)
        with secrets_file as sink, Bars(language) as bars:
            result = import_merchants(uow, wired.clock, secrets, source, sink, actor, bars)
    outcome = result.outcome
    counts = {
        "rows": outcome.rows,
        "added": outcome.added,
        "present": outcome.already_present,
        "terminals": result.terminals_added,
    }
    conclude(file, outcome, language, render("merchants.imported", counts, language))
    if secrets_file.written:
        written = {"count": secrets_file.written, "path": secrets_file.path}
        console.print(render("merchants.secrets_written", written, language), markup=False)


@app.command("assign-grocer")
def assign_grocer_command(
    household_number: Annotated[str, typer.Argument(help="The ration card number.")],
    grocer_id: Annotated[str, typer.Argument(help="The grocer, e.g. GRC-03-000147.")],
    reason: Annotated[str, typer.Option("--reason", help="Why; kept in the household's history.")],
    actor: ActorOption = "cli",
) -> None:
    """Assign a household to its grocer."""
    with container() as wired, explained_errors():
        household = assign_grocer(
            wired.uow_factory(), wired.clock, _operator(actor), household_number, grocer_id, reason
        )
    console.print(f"[green]household {household.number} assigned to grocer {household.grocer_id}[/]")


def _operator(actor: str) -> Operator:
    name = actor.strip() or "cli"
    return Operator(name, name, frozenset({Role.ADMIN}), frozenset({ALL_GOVERNORATES}))


def _terminal_secrets(wired: Container) -> HmacTerminalSecrets:
    # A key made up for this process alone differs on a second reading of the settings.
    if Settings().secret_key != wired.settings.secret_key:
        errors.print(
            "no lasting secret key: terminal secrets made now could never be checked by the server."
            " Set UNICARD_SECRET_KEY (the server's) and run the command again.",
            markup=False,
        )
        raise typer.Exit(2)
    return HmacTerminalSecrets.from_secret_key(wired.settings.secret_key)
