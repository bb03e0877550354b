"""The ``unicard`` command: one Typer app, grouped by subject (``unicard db upgrade``)."""

from __future__ import annotations

import typer

from unicard.entrypoints.cli import (
    audit,
    bench,
    card,
    card_batches,
    card_pins,
    database,
    demo,
    eligibility,
    feeds,
    ledger,
    legacy_cards,  # noqa: F401 - adds `import legacy-cards` to the import group
    merchants,
    operators,
    payments,
    policy,
    rollout,
    serve,
    transfer,
    wallets,
    worker,
)

app = typer.Typer(
    name="unicard",
    help="Host platform for Egypt's unified government-services card.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# Each subject lives in its own module; adding one is one line here.
app.add_typer(database.app, name="db")
app.add_typer(operators.app, name="operator")
app.add_typer(audit.app, name="audit")
app.add_typer(ledger.app, name="ledger")
app.add_typer(policy.app, name="policy")
app.add_typer(eligibility.app, name="eligibility")
app.add_typer(merchants.app, name="merchant")
app.add_typer(worker.app, name="worker")
app.add_typer(transfer.import_app, name="import")
app.add_typer(transfer.export_app, name="export")
app.add_typer(payments.g2p_app, name="g2p")
app.add_typer(payments.entitlements_app, name="entitlements")
app.add_typer(bench.app, name="bench")
app.add_typer(wallets.app, name="wallet")
app.add_typer(feeds.app, name="feed")
app.add_typer(rollout.app, name="rollout")
card.app.add_typer(card_batches.batch_app, name="batch")
card.app.command("pin-unlock")(card_pins.pin_unlock_command)
app.add_typer(card.app, name="card")
app.command("demo")(demo.demo_command)
app.command("serve")(serve.serve_command)
