"""``unicard wallet open``: a post clerk opens a citizen's personal wallet account at the counter.

Exit codes: 0 opened; 1 refused (the reason in Arabic and English), or the schema is out of
date; 2 the command was misused.
"""

from __future__ import annotations

from typing import Annotated

import typer

from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId
from unicard.entrypoints.cli.console import console, container, explained_errors
from unicard.entrypoints.cli.transfer import Lang, LangOption
from unicard.locale.catalog import render
from unicard.services import wallets

app = typer.Typer(help="Egypt Post wallet accounts.", no_args_is_help=True)

ClerkOption = Annotated[
    str,
    typer.Option(
        "--clerk",
        envvar="UNICARD_OPERATOR",
        help="Username of the post clerk (or admin) at the counter; recorded in the audit log.",
    ),
]


@app.command("open")
def open_command(
    national_id: Annotated[str, typer.Argument(help="The citizen's 14-digit national ID.")],
    mobile: Annotated[
        str, typer.Argument(help="The mobile the citizen states (must be the registered one).")
    ],
    clerk: ClerkOption,
    lang: LangOption = Lang.AR,
) -> None:
    """Open the personal wallet account of the citizen with NATIONAL_ID, checking MOBILE."""
    with container() as wired, explained_errors():
        nid = NationalId.parse(national_id).value
        stated = MobileNumber.parse(mobile)
        actor = wallets.counter_clerk(wired.uow_factory(), clerk)
        opened = wallets.open_wallet(wired.uow_factory(), wired.clock, actor, national_id=nid, mobile=stated)
        params = {"national_id": nid, "mobile": opened.opening.mobile, "balance": opened.balance}
        console.print(render("wallet.opened", params, "en" if lang is Lang.EN else "ar"))
