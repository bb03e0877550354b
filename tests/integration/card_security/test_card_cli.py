"""`unicard card list --demo` and `unicard card virtual` on the cards `unicard demo` gives out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.bootstrap import bootstrap
from unicard.config import Settings
from unicard.domain.cards.demo_cards import demo_pin
from unicard.domain.cards.emv.cdol1 import Cdol1, Fingerprint
from unicard.domain.cards.pin_block import PinBlockFormat
from unicard.entrypoints.cli.main import app

runner = CliRunner()
STORE = SoftwareKeyStore.demo()
PAN = "5078039000000012"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "var"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"UNICARD_DATABASE_URL": ""})
    assert result.exit_code == 0, result.output
    return result.output


def virtual(*args: str) -> dict[str, str]:
    return dict(json.loads(invoke("card", "virtual", "--pan", PAN, "--json", *args)))


def test_the_demo_cards_are_listed_with_psn_expiry_and_pin(data_dir: Path) -> None:
    invoke("demo", "--size", "small", "--no-serve")
    with (data_dir / "demo-credentials.csv").open() as file:
        cards = [line.split(",") for line in file if line.startswith("card,")]
    assert cards
    listing = invoke("card", "list", "--demo")
    for row in cards:
        pan, expires = row[6], row[10].strip()
        line = next(line for line in listing.splitlines() if pan in line)
        assert " 00 " in line
        assert expires in line
        assert demo_pin(pan) in line
    # The host knows each demo card's listed PIN (its verification value, not the PIN).
    wired = bootstrap(Settings(environment="demo", database_url=""))
    try:
        for row in cards:
            pan = row[6]
            with wired.uow_factory() as uow:
                card = uow.cards.find_by_pan(pan)
                assert card is not None
                kept = uow.card_security.get(card.token, at=dt.datetime.now(dt.UTC)).pin_value
            assert kept == STORE.pin_verification_value(pan, demo_pin(pan))
    finally:
        wired.engine.dispose()


def test_listing_needs_demo_cards(data_dir: Path) -> None:
    result = runner.invoke(app, ["card", "list", "--demo"], env={"UNICARD_DATABASE_URL": ""})
    assert result.exit_code == 1
    assert "unicard demo" in result.output
    assert runner.invoke(app, ["card", "list"]).exit_code == 2


def test_each_run_is_a_new_cryptogram_the_demo_issuer_accepts(data_dir: Path) -> None:
    first, second = virtual("--amount", "25.00"), virtual("--amount", "25.00")
    assert (first["atc"], second["atc"]) == ("1", "2")
    for answer in (first, second):
        data = Cdol1.parse(bytes.fromhex(answer["cdol1"]))
        assert data.amount == 2500
        assert data.cvr.fingerprint is Fingerprint.MATCHED
        assert STORE.arqc_is_genuine(PAN, "00", data, bytes.fromhex(answer["arqc"]))


def test_the_pin_block_carries_the_typed_pin(data_dir: Path) -> None:
    answer = virtual("--pin", demo_pin(PAN), "--finger", "none")
    stored = STORE.pin_verification_value(PAN, demo_pin(PAN))
    assert STORE.pin_block_matches(PinBlockFormat.ISO_0, bytes.fromhex(answer["pin_block"]), PAN, stored)
    assert Cdol1.parse(bytes.fromhex(answer["cdol1"])).cvr.fingerprint is Fingerprint.NOT_PERFORMED


def test_the_card_checks_the_hosts_arpc(data_dir: Path) -> None:
    answer = virtual("--atc", "7")
    data = Cdol1.parse(bytes.fromhex(answer["cdol1"]))
    arpc = STORE.arpc(PAN, "00", data, bytes.fromhex(answer["arqc"]), "00").hex()
    common = ["card", "check-arpc", "--pan", PAN, "--cdol1", answer["cdol1"], "--arqc", answer["arqc"]]
    assert "genuine" in invoke(*common, "--arpc", arpc)
    refused = runner.invoke(app, [*common, "--arpc", arpc, "--response", "05"])
    assert refused.exit_code == 1


def test_a_bad_card_number_is_explained(data_dir: Path) -> None:
    result = runner.invoke(app, ["card", "virtual", "--pan", "5078039000000013"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Luhn" in result.output or "check digit" in result.output
