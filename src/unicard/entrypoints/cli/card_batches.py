"""``unicard card batch``: produce a governorate's cards for a post office, dispatch a batch.

Cards are found by a keyed hash of their PAN under a key derived from the deployment's secret
key, which the server must share; where no lasting key exists, producing is refused (the server
could never find those cards). The PANs go to the personalisation bureau's drop folder
(``<data_dir>/personalisation/batch-<id>.jsonl``, readable by its owner only).
"""

from __future__ import annotations

from typing import Annotated

import typer

from unicard.config import Settings
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.entrypoints.cli.console import console, container, errors, explained_errors
from unicard.services.cards import batches as card_batches

batch_app = typer.Typer(help="Card production batches.", no_args_is_help=True)

ActorOption = Annotated[str, typer.Option("--actor", envvar="UNICARD_OPERATOR", help="Who is recorded.")]


@batch_app.command("produce")
def produce_command(
    governorate: Annotated[str, typer.Option("--governorate", "-g", help="Two-digit code, e.g. 03.")],
    office: Annotated[str, typer.Option("--office", help="The post office's merchant id (PST-…).")],
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many cards.")] = None,
    actor: ActorOption = "cli",
) -> None:
    """Produce cards for the governorate's citizens who have none, to collect at OFFICE."""
    with container() as wired, explained_errors():
        if Settings().secret_key != wired.settings.secret_key:
            errors.print(
                "no lasting secret key: cards made now could never be found by the server."
                " Set UNICARD_SECRET_KEY (the server's) and run the command again.",
                markup=False,
            )
            raise typer.Exit(2)
        batch = card_batches.produce_batch(
            wired.uow_factory(),
            wired.clock,
            wired.card_bureau,
            wired.card_production,
            _operator(actor),
            governorate=governorate,
            office_id=office,
            limit=limit,
        )
    console.print(f"batch {batch.id}: {batch.card_count} cards produced for {batch.office_id}", markup=False)


@batch_app.command("dispatch")
def dispatch_command(batch_id: int, actor: ActorOption = "cli") -> None:
    """Record that batch BATCH_ID left for its post office."""
    with container() as wired, explained_errors():
        batch = card_batches.dispatch_batch(wired.uow_factory(), wired.clock, _operator(actor), batch_id)
    console.print(f"batch {batch.id}: {batch.status}", markup=False)


def _operator(actor: str) -> Operator:
    name = actor.strip() or "cli"
    return Operator(name, name, frozenset({Role.ADMIN}), frozenset({ALL_GOVERNORATES}))
