"""A virtual EMV card: what a chip holds and computes, in software.

It holds its own master key (derived at personalisation from the issuer key, PAN and PSN, as a
card bureau does), its ATC, PIN and fingerprint template. Each first GENERATE AC increments
the ATC and returns a real ARQC over the CDOL1 data, with the card's own PIN and fingerprint
checks in the CVR; it checks the issuer's ARPC as a card does. ``repr`` shows no secret.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass, field

from unicard.domain.cards.demo_cards import DEMO_PSN, demo_fingerprint, demo_pin
from unicard.domain.cards.emv.cdol1 import (
    CardVerificationResults,
    Cdol1,
    CryptogramVersion,
    Fingerprint,
    OfflinePin,
)
from unicard.domain.cards.emv.keys import MAX_ATC
from unicard.domain.cards.emv.profile import card_arqc, card_master_key, issuer_arpc
from unicard.domain.cards.issuer_keys import IssuerKeys, KeyName
from unicard.domain.cards.pin_block import PinBlockFormat, encrypt_pin_block
from unicard.domain.shared.errors import Conflict

PIN_TRIES = 3
_ISSUER_KEY = {CryptogramVersion.TDES: KeyName.ISSUER_AC, CryptogramVersion.AES: KeyName.ISSUER_AC_AES}
_TERMINAL_KEY = {PinBlockFormat.ISO_0: KeyName.TERMINAL_PIN, PinBlockFormat.ISO_4: KeyName.TERMINAL_PIN_AES}


@dataclass(frozen=True, slots=True)
class Authorisation:
    """What the card answers to the first GENERATE AC: the data it MACed and the ARQC."""

    data: Cdol1
    arqc: bytes

    def evidence(self) -> dict[str, str]:
        """As a terminal forwards it to the host (hex)."""
        return {"cdol1": self.data.to_bytes().hex().upper(), "arqc": self.arqc.hex().upper()}


@dataclass(slots=True)
class VirtualCard:
    pan: str
    psn: str
    expires_on: dt.date
    card_key: bytes = field(repr=False)
    pin: str = field(repr=False)
    fingerprint_template: bytes = field(repr=False)
    version: CryptogramVersion = CryptogramVersion.TDES
    atc: int = 0
    pin_tries_left: int = PIN_TRIES

    @classmethod
    def personalise(
        cls,
        keys: IssuerKeys,
        pan: str,
        *,
        psn: str,
        expires_on: dt.date,
        pin: str,
        fingerprint_template: bytes,
        version: CryptogramVersion = CryptogramVersion.TDES,
        atc: int = 0,
    ) -> VirtualCard:
        card_key = card_master_key(version, keys[_ISSUER_KEY[version]], pan, psn)
        return cls(pan, psn, expires_on, card_key, pin, fingerprint_template, version, atc)

    @classmethod
    def demo(
        cls,
        pan: str,
        *,
        expires_on: dt.date,
        atc: int = 0,
        version: CryptogramVersion = CryptogramVersion.TDES,
    ) -> VirtualCard:
        """A demo card: the demo issuer keys, PSN 00, the PIN and fingerprint derived from them."""
        return cls.personalise(
            IssuerKeys.demo(),
            pan,
            psn=DEMO_PSN,
            expires_on=expires_on,
            pin=demo_pin(pan),
            fingerprint_template=demo_fingerprint(pan),
            version=version,
            atc=atc,
        )

    def __repr__(self) -> str:
        masked = self.pan[:6] + "*" * (len(self.pan) - 10) + self.pan[-4:]
        return f"VirtualCard({masked}, psn={self.psn}, atc={self.atc}, keys and PIN hidden)"

    __str__ = __repr__

    # -- what the card does --------------------------------------------------------------------

    def generate_ac(
        self,
        *,
        amount: int,
        date: dt.date,
        unpredictable_number: bytes | None = None,
        transaction_type: int = 0x00,
        fingerprint: bytes | None = None,
        offline_pin: str | None = None,
    ) -> Authorisation:
        """The first GENERATE AC: a new ATC, the card's own checks in the CVR, and the ARQC."""
        if self.atc >= MAX_ATC:
            raise Conflict("emv.atc_exhausted", field="atc", value=self.atc)
        self.atc += 1
        data = Cdol1(
            amount=amount,
            unpredictable_number=unpredictable_number or secrets.token_bytes(4),
            atc=self.atc,
            date=date,
            cvr=CardVerificationResults(
                self._check_offline_pin(offline_pin), self._match(fingerprint), self.pin_tries_left
            ),
            transaction_type=transaction_type,
            version=self.version,
        )
        return Authorisation(data, card_arqc(self.card_key, data))

    def _match(self, sample: bytes | None) -> Fingerprint:
        if sample is None:
            return Fingerprint.NOT_PERFORMED
        matched = hmac.compare_digest(sample, self.fingerprint_template)
        return Fingerprint.MATCHED if matched else Fingerprint.NOT_MATCHED

    def _check_offline_pin(self, pin: str | None) -> OfflinePin:
        if pin is None:
            return OfflinePin.NOT_PERFORMED
        if self.pin_tries_left == 0:
            return OfflinePin.TRY_LIMIT_EXCEEDED
        if hmac.compare_digest(pin.encode(), self.pin.encode()):
            self.pin_tries_left = PIN_TRIES
            return OfflinePin.VERIFIED
        self.pin_tries_left -= 1
        return OfflinePin.FAILED if self.pin_tries_left else OfflinePin.TRY_LIMIT_EXCEEDED

    def arpc_is_genuine(self, authorisation: Authorisation, arpc: bytes, response_code: str) -> bool:
        """The card's issuer authentication: did the issuer really answer ``response_code``?"""
        expected = issuer_arpc(self.card_key, authorisation.data, authorisation.arqc, response_code)
        return hmac.compare_digest(expected, arpc)

    # -- what the PIN pad does with the cardholder's PIN ---------------------------------------

    def pin_block(
        self,
        keys: IssuerKeys,
        pin: str | None = None,
        block_format: PinBlockFormat = PinBlockFormat.ISO_0,
    ) -> bytes:
        """The encrypted PIN block a terminal sends for ``pin`` (default: the right PIN)."""
        fill = secrets.token_bytes(8) if block_format is PinBlockFormat.ISO_4 else b""
        tpk = keys[_TERMINAL_KEY[block_format]]
        return encrypt_pin_block(block_format, tpk, self.pin if pin is None else pin, self.pan, fill)
