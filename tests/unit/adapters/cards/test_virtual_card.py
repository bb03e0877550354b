import dataclasses
import datetime as dt

import pytest
from pyemv import ac, kd

from unicard.adapters.cards.virtual_card import VirtualCard
from unicard.adapters.security.key_store import SoftwareKeyStore
from unicard.domain.cards.demo_cards import demo_fingerprint, demo_pin
from unicard.domain.cards.emv.cdol1 import CardVerificationResults, CryptogramVersion, Fingerprint, OfflinePin
from unicard.domain.cards.issuer_keys import DEMO_KEYS, IssuerKeys, KeyName
from unicard.domain.cards.pin_block import PinBlockFormat
from unicard.domain.shared.errors import Conflict

pytestmark = pytest.mark.filterwarnings("ignore::cryptography.utils.CryptographyDeprecationWarning")

PAN = "5078039000000012"
TODAY = dt.date(2026, 12, 4)
STORE = SoftwareKeyStore.demo()


def card(version: CryptogramVersion = CryptogramVersion.TDES, atc: int = 0) -> VirtualCard:
    return VirtualCard.demo(PAN, expires_on=dt.date(2031, 12, 31), version=version, atc=atc)


def test_each_cryptogram_takes_the_next_atc() -> None:
    virtual = card(atc=41)
    first = virtual.generate_ac(amount=100, date=TODAY)
    second = virtual.generate_ac(amount=100, date=TODAY)
    assert (first.data.atc, second.data.atc, virtual.atc) == (42, 43, 43)
    assert first.arqc != second.arqc


def test_its_arqc_is_the_one_pyemv_computes_from_the_demo_issuer_key() -> None:
    answer = card().generate_ac(amount=2500, date=TODAY)
    icc = kd.derive_icc_mk_a(DEMO_KEYS[KeyName.ISSUER_AC], PAN, "00")
    session = kd.derive_common_sk(icc, answer.data.atc.to_bytes(2, "big") + bytes(6))
    assert answer.arqc == ac.generate_ac(session, answer.data.to_bytes())


@pytest.mark.parametrize("version", list(CryptogramVersion))
class TestWithTheHost:
    def test_the_host_accepts_it_and_the_card_accepts_the_arpc(self, version: CryptogramVersion) -> None:
        virtual = card(version)
        answer = virtual.generate_ac(amount=2500, date=TODAY, fingerprint=demo_fingerprint(PAN))
        assert answer.data.cvr.fingerprint is Fingerprint.MATCHED
        assert STORE.arqc_is_genuine(PAN, "00", answer.data, answer.arqc)
        arpc = STORE.arpc(PAN, "00", answer.data, answer.arqc, "00")
        assert virtual.arpc_is_genuine(answer, arpc, "00")
        assert not virtual.arpc_is_genuine(answer, arpc, "05")  # a terminal cannot turn a decline round

    def test_a_forged_fingerprint_flag_is_caught(self, version: CryptogramVersion) -> None:
        answer = card(version).generate_ac(amount=2500, date=TODAY, fingerprint=b"someone else")
        assert answer.data.cvr.fingerprint is Fingerprint.NOT_MATCHED
        forged = dataclasses.replace(
            answer.data, cvr=CardVerificationResults(fingerprint=Fingerprint.MATCHED)
        )
        assert not STORE.arqc_is_genuine(PAN, "00", forged, answer.arqc)

    def test_another_issuers_card_is_not_accepted(self, version: CryptogramVersion) -> None:
        own = IssuerKeys({name: bytes([7]) * name.length for name in KeyName})
        stranger = VirtualCard.personalise(
            own, PAN, psn="00", expires_on=TODAY, pin="1234", fingerprint_template=b"x", version=version
        )
        answer = stranger.generate_ac(amount=2500, date=TODAY)
        assert not STORE.arqc_is_genuine(PAN, "00", answer.data, answer.arqc)


WRONG_PIN = next(pin for pin in ("0000", "1111") if pin != demo_pin(PAN))


def test_offline_pin_counts_down_on_the_card_and_blocks() -> None:
    virtual = card()
    results = [virtual.generate_ac(amount=1, date=TODAY, offline_pin=WRONG_PIN).data.cvr for _ in range(3)]
    assert [cvr.offline_pin for cvr in results] == [
        OfflinePin.FAILED,
        OfflinePin.FAILED,
        OfflinePin.TRY_LIMIT_EXCEEDED,
    ]
    assert [cvr.pin_tries_left for cvr in results] == [2, 1, 0]
    blocked = virtual.generate_ac(amount=1, date=TODAY, offline_pin=demo_pin(PAN)).data.cvr
    assert blocked.offline_pin is OfflinePin.TRY_LIMIT_EXCEEDED


def test_the_right_offline_pin_is_verified() -> None:
    cvr = card().generate_ac(amount=1, date=TODAY, offline_pin=demo_pin(PAN)).data.cvr
    assert (cvr.offline_pin, cvr.pin_tries_left) == (OfflinePin.VERIFIED, 3)


@pytest.mark.parametrize("block_format", list(PinBlockFormat))
def test_its_pin_blocks_match_what_the_host_keeps(block_format: PinBlockFormat) -> None:
    virtual = card()
    stored = STORE.pin_verification_value(PAN, demo_pin(PAN))
    keys = IssuerKeys.demo()
    assert STORE.pin_block_matches(
        block_format, virtual.pin_block(keys, block_format=block_format), PAN, stored
    )
    wrong = virtual.pin_block(keys, WRONG_PIN, block_format)
    assert not STORE.pin_block_matches(block_format, wrong, PAN, stored)


def test_repr_hides_keys_pin_and_template() -> None:
    virtual = VirtualCard.personalise(
        IssuerKeys.demo(), PAN, psn="00", expires_on=TODAY, pin="8642", fingerprint_template=b"ridges"
    )
    shown = repr(virtual) + str(virtual)
    assert PAN not in shown
    assert virtual.card_key.hex() not in shown.lower()
    assert "8642" not in shown
    assert "ridges" not in shown


def test_the_atc_runs_out() -> None:
    with pytest.raises(Conflict, match=r"emv\.atc_exhausted"):
        card(atc=0xFFFF).generate_ac(amount=1, date=TODAY)
