"""``unicard card pin-unlock``: a clerk unlocks a card's PIN locked after too many wrong tries.

The same act as ``POST /api/v1/pickup/{national_id}/pin-unlock``: the holder shows their national
ID, the card is in the desk's reader (its PAN), and the unlock goes into the audit log.
"""

from __future__ import annotations

from typing import Annotated

import typer

from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.entrypoints.cli.console import console, container, explained_errors
from unicard.services.cards import pickup as card_pickup


def pin_unlock_command(
    national_id: Annotated[str, typer.Option("--national-id", help="The holder's national ID (shown).")],
    pan: Annotated[str, typer.Option("--pan", help="The PAN read from the card in the reader.")],
    actor: Annotated[
        str, typer.Option("--actor", envvar="UNICARD_OPERATOR", help="The clerk recorded in the audit log.")
    ] = "cli",
) -> None:
    """Clear the wrong-PIN counter of the holder's card (response 75 until then)."""
    name = actor.strip() or "cli"
    clerk = Operator(name, name, frozenset({Role.POST_CLERK}), frozenset({ALL_GOVERNORATES}))
    with container() as wired, explained_errors():
        unlocked = card_pickup.unlock_pin(
            wired.uow_factory(), wired.clock, clerk, national_id=national_id, pan=pan
        )
    last4 = pan.strip()[-4:]
    message = f"card …{last4}: PIN unlocked" if unlocked else f"card …{last4}: the PIN was not locked"
    console.print(message, markup=False)
