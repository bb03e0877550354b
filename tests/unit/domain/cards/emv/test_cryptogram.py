import dataclasses
import datetime as dt

import pytest

from unicard.domain.cards.emv.cdol1 import (
    LENGTH,
    CardVerificationResults,
    Cdol1,
    CryptogramVersion,
    Fingerprint,
    OfflinePin,
)
from unicard.domain.cards.emv.ciphers import aes_cmac
from unicard.domain.cards.emv.keys import Algorithm, derive_session_key
from unicard.domain.cards.emv.profile import arqc_is_genuine, card_arqc, card_master_key, issuer_arpc
from unicard.domain.shared.errors import InvalidValue

ISSUER = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
OTHER_ISSUER = bytes.fromhex("FEDCBA98765432100123456789ABCDEF")
PAN = "5078030000000017"


def data(version: CryptogramVersion = CryptogramVersion.TDES, **changes: object) -> Cdol1:
    base = Cdol1(
        amount=12_345,
        unpredictable_number=bytes.fromhex("A1B2C3D4"),
        atc=7,
        date=dt.date(2026, 12, 4),
        cvr=CardVerificationResults(fingerprint=Fingerprint.NOT_MATCHED),
        version=version,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def with_bytes(offset: int, replacement: str) -> bytes:
    """The default CDOL1 bytes with some overwritten at ``offset``."""
    raw = data().to_bytes()
    new = bytes.fromhex(replacement)
    return raw[:offset] + new + raw[offset + len(new) :]


class TestCdol1:
    def test_layout_is_41_bytes_in_the_documented_order(self) -> None:
        raw = data().to_bytes()
        assert len(raw) == LENGTH
        assert raw[:6].hex() == "000000012345"
        assert raw[12:14].hex() == "0818"  # Egypt
        assert raw[21:24].hex() == "261204"
        assert raw[31:33].hex() == "0007"  # ATC
        assert raw[33:35].hex() == "0110"  # key index, CVN
        assert raw[35:39].hex() == "80043000"  # ARQC, fingerprint not matched, 3 PIN tries left

    @pytest.mark.parametrize("version", list(CryptogramVersion))
    def test_round_trips(self, version: CryptogramVersion) -> None:
        original = data(
            version, cvr=CardVerificationResults(OfflinePin.VERIFIED, Fingerprint.MATCHED, pin_tries_left=2)
        )
        assert Cdol1.parse(original.to_bytes()) == original

    @pytest.mark.parametrize(
        ("raw", "code", "field"),
        [
            (bytes(40), "emv.field_length", "cdol1"),
            (with_bytes(0, "AA"), "emv.bcd", "cdol1.9F02"),
            (with_bytes(21, "261304"), "emv.date", "cdol1.9A"),
            (with_bytes(34, "99"), "emv.cryptogram_version", "cdol1.9F10"),
            (with_bytes(36, "FF"), "emv.cvr", "cvr"),
        ],
    )
    def test_malformed_data_is_named(self, raw: bytes, code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Cdol1.parse(raw)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)

    def test_amount_over_twelve_digits_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"emv\.amount"):
            data(amount=10**12)


@pytest.mark.parametrize("version", list(CryptogramVersion))
class TestCryptogram:
    def test_the_issuer_accepts_its_cards_cryptogram(self, version: CryptogramVersion) -> None:
        key = card_master_key(version, ISSUER, PAN, "00")
        assert arqc_is_genuine(key, data(version), card_arqc(key, data(version)))

    def test_another_issuers_card_is_refused(self, version: CryptogramVersion) -> None:
        forged = card_arqc(card_master_key(version, OTHER_ISSUER, PAN, "00"), data(version))
        assert not arqc_is_genuine(card_master_key(version, ISSUER, PAN, "00"), data(version), forged)

    def test_another_cards_keys_are_refused(self, version: CryptogramVersion) -> None:
        other_card = card_master_key(version, ISSUER, PAN, "01")  # same PAN, next sequence number
        forged = card_arqc(other_card, data(version))
        assert not arqc_is_genuine(card_master_key(version, ISSUER, PAN, "00"), data(version), forged)

    def test_a_forged_fingerprint_flag_breaks_the_cryptogram(self, version: CryptogramVersion) -> None:
        key = card_master_key(version, ISSUER, PAN, "00")
        honest = data(version)
        arqc = card_arqc(key, honest)
        forged = dataclasses.replace(honest, cvr=CardVerificationResults(fingerprint=Fingerprint.MATCHED))
        assert not arqc_is_genuine(key, forged, arqc)

    def test_a_changed_amount_or_atc_breaks_it(self, version: CryptogramVersion) -> None:
        key = card_master_key(version, ISSUER, PAN, "00")
        arqc = card_arqc(key, data(version))
        assert not arqc_is_genuine(key, data(version, amount=12_346), arqc)
        assert not arqc_is_genuine(key, data(version, atc=8), arqc)

    def test_the_arpc_depends_on_the_answer(self, version: CryptogramVersion) -> None:
        key = card_master_key(version, ISSUER, PAN, "00")
        arqc = card_arqc(key, data(version))
        assert issuer_arpc(key, data(version), arqc, "00") != issuer_arpc(key, data(version), arqc, "05")


class TestAes:
    def test_cmac_matches_rfc_4493(self) -> None:
        key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
        assert aes_cmac(key, b"").hex() == "bb1d6929e95937287fa37d129b756746"
        message = bytes.fromhex("6bc1bee22e409f96e93d7e117393172a")
        assert aes_cmac(key, message).hex() == "070a16b46b4d4144f79bdd9dd04a287c"

    def test_session_keys_differ_per_atc(self) -> None:
        card = card_master_key(CryptogramVersion.AES, ISSUER, PAN, "00")
        assert derive_session_key(Algorithm.AES, card, 1) != derive_session_key(Algorithm.AES, card, 2)


@pytest.mark.parametrize(
    ("pan", "psn", "code"),
    [("50780300000000x7", "00", "emv.pan"), ("5078030000000017", "0", "emv.psn"), ("123", "00", "emv.pan")],
)
def test_bad_card_numbers_are_named(pan: str, psn: str, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        card_master_key(CryptogramVersion.TDES, ISSUER, pan, psn)
    assert caught.value.code == code


def test_a_short_key_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"emv\.key_length"):
        card_master_key(CryptogramVersion.TDES, ISSUER[:8], PAN, "00")
