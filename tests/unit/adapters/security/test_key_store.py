import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.domain.cards.emv.cdol1 import Cdol1, CryptogramVersion
from unicard.domain.cards.emv.profile import card_arqc, card_master_key
from unicard.domain.cards.issuer_keys import DEMO_KEYS, IssuerKeys, KeyName
from unicard.domain.cards.pin_block import PinBlockFormat, encrypt_pin_block
from unicard.domain.shared.errors import InvalidValue

PAN = "5078030000000017"
OWN_KEYS = {name: bytes([index + 1]) * name.length for index, name in enumerate(KeyName)}


def key_file(tmp_path: Path, keys: dict[str, str]) -> Path:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(keys))
    return path


class TestNoKeyMaterialShows:
    def test_repr_str_and_logs_name_no_key(self, caplog: pytest.LogCaptureFixture) -> None:
        store = SoftwareKeyStore.demo()
        logging.getLogger("test").warning("store %s %r keys %s", store, store, IssuerKeys.demo())
        shown = f"{store} {store!r} {IssuerKeys.demo()!r} {caplog.text}"
        for key in DEMO_KEYS.values():
            assert key.hex().upper() not in shown.upper()
            assert repr(key) not in shown
        assert "demo keys" in repr(store)

    def test_a_bad_key_is_named_not_shown(self, tmp_path: Path) -> None:
        keys = {name.value: key.hex() for name, key in OWN_KEYS.items()}
        keys["tpk"] = keys["tpk"][:-2]
        with pytest.raises(InvalidValue) as caught:
            SoftwareKeyStore.from_file(key_file(tmp_path, keys))
        assert (caught.value.code, caught.value.params["field"]) == ("keys.length", "tpk")
        assert keys["tpk"] not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("not json", "keys.unreadable"),
        ("[]", "keys.unreadable"),
        ('{"imk-ac": "zz"}', "keys.not_hex"),
        ('{"imk-ac": 12}', "keys.not_hex"),
        ('{"master": "00"}', "keys.unknown"),
        ('{"imk-ac": "0123456789ABCDEFFEDCBA9876543210"}', "keys.missing"),
    ],
)
def test_malformed_key_files(content: str, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        IssuerKeys.parse(content)
    assert caught.value.code == code


class TestOperations:
    def test_own_keys_are_not_demo_keys(self) -> None:
        assert not SoftwareKeyStore(IssuerKeys(OWN_KEYS)).uses_demo_keys
        assert IssuerKeys(
            {**OWN_KEYS, KeyName.TERMINAL_PIN: DEMO_KEYS[KeyName.TERMINAL_PIN]}
        ).demo_keys_among == (KeyName.TERMINAL_PIN,)

    def test_file_round_trip(self, tmp_path: Path) -> None:
        path = tmp_path / "keys.json"
        path.write_text(IssuerKeys(OWN_KEYS).to_json())
        assert IssuerKeys.parse(path.read_text()) == IssuerKeys(OWN_KEYS)

    @pytest.mark.parametrize("version", list(CryptogramVersion))
    def test_verifies_a_demo_cards_cryptogram(self, version: CryptogramVersion) -> None:
        data = Cdol1(
            amount=500, unpredictable_number=b"1234", atc=1, date=dt.date(2026, 12, 4), version=version
        )
        issuer = DEMO_KEYS[KeyName.ISSUER_AC if version is CryptogramVersion.TDES else KeyName.ISSUER_AC_AES]
        arqc = card_arqc(card_master_key(version, issuer, PAN, "00"), data)
        assert SoftwareKeyStore.demo().arqc_is_genuine(PAN, "00", data, arqc)
        assert not SoftwareKeyStore(IssuerKeys(OWN_KEYS)).arqc_is_genuine(PAN, "00", data, arqc)
        assert not SoftwareKeyStore.demo().arqc_is_genuine(PAN, "01", data, arqc)

    @pytest.mark.parametrize(
        ("block_format", "key"),
        [(PinBlockFormat.ISO_0, KeyName.TERMINAL_PIN), (PinBlockFormat.ISO_4, KeyName.TERMINAL_PIN_AES)],
    )
    def test_checks_a_pin_block(self, block_format: PinBlockFormat, key: KeyName) -> None:
        store = SoftwareKeyStore.demo()
        stored = store.pin_verification_value(PAN, "4321")
        right = encrypt_pin_block(block_format, DEMO_KEYS[key], "4321", PAN, bytes(8))
        wrong = encrypt_pin_block(block_format, DEMO_KEYS[key], "4322", PAN, bytes(8))
        assert store.pin_block_matches(block_format, right, PAN, stored)
        assert not store.pin_block_matches(block_format, wrong, PAN, stored)

    def test_a_card_key_kept_serves_that_card_only(self) -> None:
        """The store keeps derived card keys: one store answers for each card, PSN and version
        what a fresh store would, whatever it derived before."""
        kept = SoftwareKeyStore.demo()
        cards = [(pan, psn) for pan in (PAN, "5078030000000025") for psn in ("00", "01")]
        for version in CryptogramVersion:
            data = Cdol1(
                amount=0, unpredictable_number=b"4321", atc=7, date=dt.date(2026, 12, 5), version=version
            )
            issuer = DEMO_KEYS[
                KeyName.ISSUER_AC if version is CryptogramVersion.TDES else KeyName.ISSUER_AC_AES
            ]
            for signer in cards:
                arqc = card_arqc(card_master_key(version, issuer, *signer), data)
                for _ in range(2):  # derived, then kept
                    for checked in cards:
                        assert kept.arqc_is_genuine(*checked, data, arqc) is (checked == signer)
                        fresh = SoftwareKeyStore.demo().arpc(*checked, data, arqc, "00")
                        assert kept.arpc(*checked, data, arqc, "00") == fresh
