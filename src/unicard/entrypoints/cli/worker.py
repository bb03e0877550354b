"""``unicard worker``: the notification dispatcher, and how the outbox stands."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from unicard.adapters.sms import open_sms_gateway
from unicard.config import Settings
from unicard.entrypoints.cli.console import console, container, errors
from unicard.entrypoints.http_api.logs import configure_logging
from unicard.entrypoints.worker.dispatcher import Dispatcher, stop_on_signals
from unicard.services.notifications import delivery_counts

app = typer.Typer(help="Background work: delivering notifications.", no_args_is_help=True)


class GatewayName(enum.StrEnum):
    CONSOLE = "console"
    SMPP = "smpp"


@app.command("run")
def run_command(
    once: Annotated[bool, typer.Option("--once", help="Deliver what is due now, then exit.")] = False,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Rows per pass.")] = 100,
    poll_seconds: Annotated[
        float, typer.Option("--poll-seconds", min=0.05, help="Pause when nothing is due.")
    ] = 1.0,
    sms_gateway: Annotated[
        GatewayName | None,
        typer.Option(
            "--sms-gateway",
            help="Where SMS go, instead of UNICARD_SMS_GATEWAY (smpp reads UNICARD_SMPP_*).",
        ),
    ] = None,
) -> None:
    """Deliver queued SMS and app events until SIGTERM or Ctrl-C (which finish the row in hand)."""
    with container() as wired:
        configure_logging(json_lines=bool(wired.settings.log_json))
        settings = _with_gateway(wired.settings, sms_gateway)
        with open_sms_gateway(settings) as gateway, stop_on_signals() as stop:
            dispatcher = Dispatcher(
                wired.uow_factory, gateway, wired.clock, batch=batch, poll_seconds=poll_seconds
            )
            report = dispatcher.run(stop, once=once)
    if stop.signal is not None:
        console.print(f"stopped by {stop.signal.name}")
    console.print(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")


def _with_gateway(settings: Settings, name: GatewayName | None) -> Settings:
    if name is None:
        return settings
    chosen = settings.model_copy(update={"sms_gateway": name.value})
    try:
        chosen.check_sms_gateway()
    except ValueError as error:
        errors.print(f"[red]configuration error:[/] {error}")
        raise typer.Exit(2) from None
    return chosen


@app.command("status")
def status_command() -> None:
    """How many notifications are pending, sent and failed."""
    with container() as wired:
        counts = delivery_counts(wired.uow_factory())
    console.print(", ".join(f"{status.value} {count}" for status, count in counts.items()))
