"""``unicard card``: act as a demo card, and list the demo cards to try the system with.

``unicard card virtual`` is a chip in software (docs/cards/emv-profile.md): it answers a first
GENERATE AC with a real ARQC, its ATC one more than last time, and makes the PIN block the PIN
pad would send — the evidence a terminal forwards to the host. ``unicard card check-arpc`` is
the card checking the host's answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from unicard.adapters.cards.atc_file import AtcFile
from unicard.adapters.cards.virtual_card import Authorisation, VirtualCard
from unicard.domain.cards.demo_cards import DEMO_PSN, demo_fingerprint, demo_pin
from unicard.domain.cards.emv.cdol1 import EMV_TRANSACTION_TYPE, Cdol1, CryptogramVersion
from unicard.domain.cards.issuer_keys import IssuerKeys
from unicard.domain.cards.pin_block import PinBlockFormat
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money
from unicard.domain.shared.pan import Pan
from unicard.entrypoints.cli.console import console, errors, explained_errors
from unicard.entrypoints.cli.demo import credentials_path
from unicard.entrypoints.cli.serve import settings_or_exit
from unicard.services.demo_payments import demo_pan

app = typer.Typer(
    help="Unified cards: production batches; demo cards, and acting as one (real cryptograms and PIN blocks)."
)

ATC_FILE = "virtual-card-atc.json"


class Finger(enum.StrEnum):
    HOLDER = "holder"  # the card matches it: "fingerprint matched" in the CVR
    OTHER = "other"  # somebody else's: "not matched"
    NONE = "none"  # no finger on the sensor: "not performed"


NO_EXPIRY = dt.date(2099, 12, 31)  # a virtual card's expiry enters no cryptogram


@app.command("list")
def list_command(
    demo: Annotated[bool, typer.Option("--demo", help="The demo cards (the only ones listable).")] = False,
    national_ids: Annotated[
        list[str] | None,
        typer.Option("--national-id", help="Also the demo card of this citizen (repeatable)."),
    ] = None,
) -> None:
    """Print the demo cards: PAN, PSN, expiry and PIN, derived from the published demo keys."""
    if not demo:
        errors.print("[red]only demo cards can be listed: full card numbers are not stored (use --demo)[/]")
        raise typer.Exit(2)
    rows = _kept_demo_cards(credentials_path(settings_or_exit()))
    rows += [(demo_pan(national_id).value, national_id, "", "") for national_id in national_ids or []]
    if not rows:
        errors.print(
            "[yellow]no demo cards yet: run `unicard demo` (or name a citizen with --national-id)[/]"
        )
        raise typer.Exit(1)
    table = Table("PAN", "PSN", "expires", "PIN", "national ID", "holder")
    for pan, national_id, who, expires in rows:
        table.add_row(pan, DEMO_PSN, expires or "-", demo_pin(pan), national_id, who)
    console.print(table)


def _kept_demo_cards(path: Path) -> list[tuple[str, str, str, str]]:
    """The cards ``unicard demo`` gave out, from the credentials file it keeps."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as file:
        return [
            (row["pan"], row["national_id"], row["who"], row["expires_on"])
            for row in csv.DictReader(file)
            if row["record"] == "card"
        ]


@app.command("virtual")
def virtual_command(
    pan: Annotated[str, typer.Option("--pan", help="The demo card's number (see `card list --demo`).")],
    amount: Annotated[str, typer.Option("--amount", help="EGP, e.g. 25.00")] = "0",
    transaction: Annotated[TransactionType, typer.Option("--type")] = TransactionType.PURCHASE,
    pin: Annotated[str | None, typer.Option("--pin", help="The PIN typed on the PIN pad.")] = None,
    pin_block_format: Annotated[PinBlockFormat, typer.Option("--pin-block-format")] = PinBlockFormat.ISO_0,
    finger: Annotated[
        Finger, typer.Option("--finger", help="Whose finger is on the card's sensor, if any.")
    ] = Finger.HOLDER,
    aes: Annotated[
        bool, typer.Option("--aes", help="An AES card (CVN 11) instead of TDES (CVN 10).")
    ] = False,
    atc: Annotated[int | None, typer.Option("--atc", help="The ATC to use (default: last one + 1).")] = None,
    unpredictable: Annotated[
        str | None, typer.Option("--un", help="The terminal's 4-byte challenge, hex.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, for scripts.")] = False,
) -> None:
    """Answer a first GENERATE AC as the demo card ``--pan`` would: CDOL1 data, ARQC, PIN block."""
    settings = settings_or_exit()
    counters = AtcFile(settings.data_dir / ATC_FILE)
    with explained_errors():
        checked = Pan.parse(pan).value
        version = CryptogramVersion.AES if aes else CryptogramVersion.TDES
        last = counters.last(checked, DEMO_PSN) if atc is None else atc - 1
        card = VirtualCard.demo(checked, expires_on=NO_EXPIRY, atc=last, version=version)
        answer = card.generate_ac(
            amount=Money.parse(amount).piasters,
            date=cairo_date(dt.datetime.now(dt.UTC)),
            unpredictable_number=_challenge(unpredictable),
            transaction_type=EMV_TRANSACTION_TYPE[transaction],
            fingerprint=_finger(finger, checked),
        )
        block = card.pin_block(IssuerKeys.demo(), pin, pin_block_format) if pin is not None else None
    counters.save(checked, DEMO_PSN, card.atc)
    _show(answer, block, pin_block_format, as_json)


def _finger(finger: Finger, pan: str) -> bytes | None:
    if finger is Finger.NONE:
        return None
    return demo_fingerprint(pan) if finger is Finger.HOLDER else b"somebody else's finger"


def _challenge(raw: str | None) -> bytes | None:
    if raw is None:
        return None
    try:
        challenge = bytes.fromhex(raw)
    except ValueError:
        raise InvalidValue("emv.field_length", field="--un", length=len(raw), expected=4) from None
    if len(challenge) != 4:
        raise InvalidValue("emv.field_length", field="--un", length=len(challenge), expected=4)
    return challenge


def _show(answer: Authorisation, block: bytes | None, block_format: PinBlockFormat, as_json: bool) -> None:
    evidence = answer.evidence()
    if block is not None:
        evidence |= {"pin_block": block.hex().upper(), "pin_block_format": block_format.value}
    evidence |= {"atc": str(answer.data.atc), "psn": DEMO_PSN}
    if as_json:
        typer.echo(json.dumps(evidence))
        return
    for name, value in evidence.items():
        typer.echo(f"{name:>16}  {value}")


@app.command("check-arpc")
def check_arpc_command(
    pan: Annotated[str, typer.Option("--pan")],
    cdol1: Annotated[str, typer.Option("--cdol1", help="The CDOL1 data the ARQC covered, hex.")],
    arqc: Annotated[str, typer.Option("--arqc", help="hex")],
    arpc: Annotated[str, typer.Option("--arpc", help="The host's answer, hex.")],
    response: Annotated[str, typer.Option("--response", help="The response code the host sent.")] = "00",
) -> None:
    """Check the host's ARPC as the demo card does: exit 0 if genuine, 1 if not."""
    with explained_errors():
        data = Cdol1.parse(_hex("--cdol1", cdol1))
        card = VirtualCard.demo(Pan.parse(pan).value, expires_on=NO_EXPIRY, version=data.version)
        genuine = card.arpc_is_genuine(
            Authorisation(data, _hex("--arqc", arqc)), _hex("--arpc", arpc), response
        )
    if not genuine:
        errors.print(f"[red]the ARPC is not the issuer's answer {response} to this cryptogram[/]")
        raise typer.Exit(1)
    console.print(f"[green]the ARPC is genuine: the issuer answered {response}[/]")


def _hex(field: str, raw: str) -> bytes:
    try:
        return bytes.fromhex(raw)
    except ValueError:
        raise InvalidValue("emv.bcd", field=field, value=raw[:40]) from None
