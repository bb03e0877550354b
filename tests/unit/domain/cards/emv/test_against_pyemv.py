"""Our EMV algorithms against pyemv, an independent implementation: published vectors and
random inputs must give the same keys, cryptograms and ARPCs."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyemv import ac, kd, mac

from unicard.domain.cards.emv.cdol1 import CardVerificationResults, Cdol1, CryptogramVersion, Fingerprint
from unicard.domain.cards.emv.cryptogram import arpc_method_1, arpc_method_2, generate_ac
from unicard.domain.cards.emv.keys import Algorithm, derive_icc_master_key, derive_session_key
from unicard.domain.cards.emv.mac import pad_method_2, retail_mac
from unicard.domain.cards.emv.profile import card_arqc, card_master_key, issuer_arpc
from unicard.domain.cards.issuer_keys import DEMO_KEYS, KeyName

# pyemv uses TripleDES as older cryptography releases offered it (old module, 16-byte keys).
pytestmark = pytest.mark.filterwarnings("ignore::cryptography.utils.CryptographyDeprecationWarning")

TDES = Algorithm.TDES
keys = st.binary(min_size=16, max_size=16)
pans = st.from_regex(r"[0-9]{12,19}", fullmatch=True)
psns = st.from_regex(r"[0-9]{2}", fullmatch=True)
atcs = st.integers(0, 0xFFFF)


class TestPublishedVectors:
    """The examples in pyemv's documentation (EMV Book 2 computations)."""

    def test_icc_master_key_option_a(self) -> None:
        issuer = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
        icc = derive_icc_master_key(TDES, issuer, "12345678901234567", "01")
        assert icc.hex().upper() == "73AD54688CEF2934B0979857E3C719F1"

    def test_common_session_key(self) -> None:
        icc = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
        assert derive_session_key(TDES, icc, 0x001C).hex().upper() == "E9FB384AF807B940FEDCEA613461B0C4"

    def test_arqc(self) -> None:
        session = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB")
        data = bytes.fromhex("00000000200000000000000001240000008000012411030900")
        data += bytes.fromhex("3804823E58000001")
        assert generate_ac(TDES, session, data).hex().upper() == "3B76CF10FECD8789"

    def test_arpc_method_1(self) -> None:
        session = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB")
        arpc = arpc_method_1(session, bytes.fromhex("1234567890ABCDEF"), bytes.fromhex("0000"))
        assert arpc.hex().upper() == "F5E6F44147E2F1B0"

    def test_arpc_method_2(self) -> None:
        session = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB")
        arpc = arpc_method_2(TDES, session, bytes.fromhex("1234567890ABCDEF"), bytes(4))
        assert arpc.hex().upper() == "9308BEBC"


class TestRandomInputs:
    @given(issuer=keys, pan=pans, psn=psns)
    def test_icc_master_key(self, issuer: bytes, pan: str, psn: str) -> None:
        assert derive_icc_master_key(TDES, issuer, pan, psn) == kd.derive_icc_mk_a(issuer, pan, psn)

    @given(icc=keys, atc=atcs)
    def test_session_key(self, icc: bytes, atc: int) -> None:
        r = atc.to_bytes(2, "big") + bytes(6)
        assert derive_session_key(TDES, icc, atc) == kd.derive_common_sk(icc, r)

    @given(key=keys, data=st.binary(max_size=80))
    def test_retail_mac(self, key: bytes, data: bytes) -> None:
        assert retail_mac(key, pad_method_2(data)) == mac.mac_iso9797_3(key[:8], key[8:], data, 2)

    @given(session=keys, data=st.binary(max_size=80))
    def test_arqc(self, session: bytes, data: bytes) -> None:
        assert generate_ac(TDES, session, data) == ac.generate_ac(session, data, ac.PaddingType.EMV)

    @given(session=keys, arqc=st.binary(min_size=8, max_size=8), arc=st.binary(min_size=2, max_size=2))
    def test_arpc_method_1(self, session: bytes, arqc: bytes, arc: bytes) -> None:
        assert arpc_method_1(session, arqc, arc) == ac.generate_arpc_1(session, arqc, arc)

    @given(
        session=keys,
        arqc=st.binary(min_size=8, max_size=8),
        csu=st.binary(min_size=4, max_size=4),
        extra=st.binary(max_size=8),
    )
    def test_arpc_method_2(self, session: bytes, arqc: bytes, csu: bytes, extra: bytes) -> None:
        expected = ac.generate_arpc_2(session, arqc, csu, extra)
        assert arpc_method_2(TDES, session, arqc, csu, extra) == expected

    @settings(max_examples=50)
    @given(
        issuer=keys,
        pan=pans,
        psn=psns,
        atc=atcs,
        amount=st.integers(0, 10**12 - 1),
        un=st.binary(min_size=4, max_size=4),
    )
    def test_whole_profile(self, issuer: bytes, pan: str, psn: str, atc: int, amount: int, un: bytes) -> None:
        """A card personalised by pyemv from the same issuer key answers as ours does."""
        data = Cdol1(amount=amount, unpredictable_number=un, atc=atc, date=dt.date(2026, 12, 4))
        icc = kd.derive_icc_mk_a(issuer, pan, psn)
        session = kd.derive_common_sk(icc, atc.to_bytes(2, "big") + bytes(6))
        their_arqc = ac.generate_ac(session, data.to_bytes())
        ours = card_master_key(CryptogramVersion.TDES, issuer, pan, psn)
        assert card_arqc(ours, data) == their_arqc
        assert issuer_arpc(ours, data, their_arqc, "00") == ac.generate_arpc_1(session, their_arqc, b"00")


def test_the_documented_example() -> None:
    """docs/cards/emv-profile.md's worked example, with the demo key, as pyemv computes it."""
    pan = "5078039000000012"
    data = Cdol1(
        amount=2500,
        unpredictable_number=bytes.fromhex("11223344"),
        atc=1,
        date=dt.date(2026, 12, 4),
        cvr=CardVerificationResults(fingerprint=Fingerprint.MATCHED),
    )
    icc = kd.derive_icc_mk_a(DEMO_KEYS[KeyName.ISSUER_AC], pan, "00")
    session = kd.derive_common_sk(icc, bytes.fromhex("0001000000000000"))
    assert (icc.hex().upper(), session.hex().upper()) == (
        "B99E0BFE0BFB7A51AB13970B43E31515",
        "3EFD3226495449194AC416543437BF54",
    )
    arqc = ac.generate_ac(session, data.to_bytes())
    assert arqc.hex().upper() == "8E2251177217754D"
    assert ac.generate_arpc_1(session, arqc, b"00").hex().upper() == "284478261DE1E0DA"
    ours = card_master_key(CryptogramVersion.TDES, DEMO_KEYS[KeyName.ISSUER_AC], pan, "00")
    assert card_arqc(ours, data) == arqc
