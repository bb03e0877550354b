"""The demo profile's CDOL1 data: what the terminal sends the card, and what the card adds.

The ARQC covers these bytes, concatenated in this order (tag, length in bytes):

=========  ==  ===================================================================
9F02        6  amount, authorised (piasters, 12 BCD digits)
9F03        6  amount, other (cashback; piasters, 12 BCD digits)
9F1A        2  terminal country code (ISO 3166 numeric, 0818 Egypt)
95          5  terminal verification results (TVR)
5F2A        2  transaction currency code (ISO 4217 numeric, 0818 EGP)
9A          3  transaction date (YYMMDD, BCD)
9C          1  transaction type (00 goods and services, 01 cash, 20 refund…)
9F37        4  unpredictable number (the terminal's random challenge)
82          2  application interchange profile (AIP)
9F36        2  application transaction counter (ATC)
9F10        8  issuer application data: key index, cryptogram version, CVR (4), 00 00
=========  ==  ===================================================================

The card verification results (CVR) carry what the card checked itself: the offline PIN and
the fingerprint matched on the card. Because they are inside the MAC, a terminal that flips
"fingerprint matched" without the card's key breaks the cryptogram.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.errors import InvalidValue

EGYPT = 818  # ISO 3166-1 numeric country and ISO 4217 numeric currency (EGP) are both 818
LENGTH = 41
DEMO_AIP = bytes.fromhex("3900")  # SDA no; cardholder verification, terminal risk, issuer auth
DERIVATION_KEY_INDEX = 0x01
ARQC_TYPE = 0x80  # CVR byte 1, bits 8-7 = 10: an ARQC was returned in the first GENERATE AC
_MAX_AMOUNT = 10**12 - 1


class CryptogramVersion(enum.IntEnum):
    """The cryptogram version number (CVN) in the issuer application data."""

    TDES = 0x10  # TDES keys, MAC algorithm 3, padding method 2, ARPC method 1
    AES = 0x11  # AES-128 keys, AES-CMAC, ARPC method 2


class OfflinePin(enum.IntEnum):
    """CVR byte 2, bits 8-6: what the card made of a PIN entered offline."""

    NOT_PERFORMED = 0x00
    VERIFIED = 0x80
    FAILED = 0x40
    TRY_LIMIT_EXCEEDED = 0x20


class Fingerprint(enum.IntEnum):
    """CVR byte 2, bits 4-3: the on-card fingerprint match."""

    NOT_PERFORMED = 0x00
    MATCHED = 0x08
    NOT_MATCHED = 0x04


#: Tag 9C, the first two digits of the ISO 8583 processing code.
EMV_TRANSACTION_TYPE: dict[TransactionType, int] = {
    TransactionType.BREAD_PURCHASE: 0x00,
    TransactionType.RATION_REDEMPTION: 0x00,
    TransactionType.PURCHASE: 0x00,
    TransactionType.BILL_PAYMENT: 0x00,
    TransactionType.HEALTH_VISIT: 0x00,
    TransactionType.CASH_WITHDRAWAL: 0x01,
    TransactionType.DEPOSIT: 0x21,
    TransactionType.G2P_PAYMENT: 0x21,
    TransactionType.REVERSAL: 0x20,
}

_PIN_BITS = 0xE0
_FINGERPRINT_BITS = 0x0C


@dataclass(frozen=True, slots=True)
class CardVerificationResults:
    """The 4-byte CVR: cryptogram type, cardholder verification byte, PIN tries left, 00."""

    offline_pin: OfflinePin = OfflinePin.NOT_PERFORMED
    fingerprint: Fingerprint = Fingerprint.NOT_PERFORMED
    pin_tries_left: int = 3

    def __post_init__(self) -> None:
        if not 0 <= self.pin_tries_left <= 15:
            raise InvalidValue("emv.cvr", field="pin_tries_left", value=self.pin_tries_left)

    def to_bytes(self) -> bytes:
        return bytes([ARQC_TYPE, self.offline_pin | self.fingerprint, self.pin_tries_left << 4, 0])

    @classmethod
    def parse(cls, raw: bytes) -> CardVerificationResults:
        if len(raw) != 4:
            raise InvalidValue("emv.field_length", field="cvr", length=len(raw), expected=4)
        verification = raw[1]
        try:
            pin = OfflinePin(verification & _PIN_BITS)
            fingerprint = Fingerprint(verification & _FINGERPRINT_BITS)
        except ValueError:
            raise InvalidValue("emv.cvr", field="cvr", value=raw.hex().upper()) from None
        return cls(pin, fingerprint, raw[2] >> 4)


@dataclass(frozen=True, slots=True)
class Cdol1:
    amount: int  # piasters
    unpredictable_number: bytes
    atc: int
    date: dt.date
    cvr: CardVerificationResults = CardVerificationResults()
    transaction_type: int = 0x00
    other_amount: int = 0
    tvr: bytes = bytes(5)
    country: int = EGYPT
    currency: int = EGYPT
    aip: bytes = DEMO_AIP
    version: CryptogramVersion = CryptogramVersion.TDES

    def __post_init__(self) -> None:
        for field, amount in (("amount", self.amount), ("other_amount", self.other_amount)):
            if not 0 <= amount <= _MAX_AMOUNT:
                raise InvalidValue("emv.amount", field=field, value=amount)
        for field, raw, length in (
            ("unpredictable_number", self.unpredictable_number, 4),
            ("tvr", self.tvr, 5),
            ("aip", self.aip, 2),
        ):
            if len(raw) != length:
                raise InvalidValue("emv.field_length", field=field, length=len(raw), expected=length)
        if not 0 <= self.atc <= 0xFFFF:
            raise InvalidValue("emv.atc_range", field="atc", value=self.atc)
        if not 0 <= self.transaction_type <= 0xFF:
            raise InvalidValue("emv.transaction_type", field="transaction_type", value=self.transaction_type)

    @property
    def issuer_application_data(self) -> bytes:
        return bytes([DERIVATION_KEY_INDEX, self.version]) + self.cvr.to_bytes() + bytes(2)

    def to_bytes(self) -> bytes:
        return b"".join(
            (
                _bcd(self.amount, 6),
                _bcd(self.other_amount, 6),
                _bcd(self.country, 2),
                self.tvr,
                _bcd(self.currency, 2),
                bytes.fromhex(self.date.strftime("%y%m%d")),
                bytes([self.transaction_type]),
                self.unpredictable_number,
                self.aip,
                self.atc.to_bytes(2, "big"),
                self.issuer_application_data,
            )
        )

    @classmethod
    def parse(cls, raw: bytes) -> Cdol1:
        """Read the 41 bytes a terminal forwarded; any malformed field is named."""
        if len(raw) != LENGTH:
            raise InvalidValue("emv.field_length", field="cdol1", length=len(raw), expected=LENGTH)
        iad = raw[33:41]
        try:
            version = CryptogramVersion(iad[1])
        except ValueError:
            raise InvalidValue("emv.cryptogram_version", field="cdol1.9F10", value=f"{iad[1]:02X}") from None
        return cls(
            amount=_from_bcd(raw[0:6], "cdol1.9F02"),
            other_amount=_from_bcd(raw[6:12], "cdol1.9F03"),
            country=_from_bcd(raw[12:14], "cdol1.9F1A"),
            tvr=raw[14:19],
            currency=_from_bcd(raw[19:21], "cdol1.5F2A"),
            date=_date(raw[21:24]),
            transaction_type=raw[24],
            unpredictable_number=raw[25:29],
            aip=raw[29:31],
            atc=int.from_bytes(raw[31:33], "big"),
            cvr=CardVerificationResults.parse(iad[2:6]),
            version=version,
        )


def _bcd(value: int, length: int) -> bytes:
    return bytes.fromhex(str(value).zfill(length * 2))


def _from_bcd(raw: bytes, field: str) -> int:
    digits = raw.hex()
    if not digits.isdigit():
        raise InvalidValue("emv.bcd", field=field, value=digits.upper())
    return int(digits)


def _date(raw: bytes) -> dt.date:
    digits = raw.hex()
    try:
        return dt.datetime.strptime(digits, "%y%m%d").date()
    except ValueError:
        raise InvalidValue("emv.date", field="cdol1.9A", value=digits.upper()) from None
