"""A card's primary account number (PAN), checked with the Luhn algorithm."""

from __future__ import annotations

from dataclasses import dataclass

from unicard.domain.shared.errors import InvalidValue


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` Luhn-valid (ISO/IEC 7812-1 annex B)."""
    total = 0
    # Double every second digit counting from the right of the payload, i.e. the ones that will
    # sit in even positions once the check digit is appended.
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


@dataclass(frozen=True, slots=True)
class Pan:
    value: str

    @classmethod
    def parse(cls, raw: str) -> Pan:
        value = raw.strip().replace(" ", "").replace("-", "")
        if value and not (value.isascii() and value.isdigit()):
            raise InvalidValue("pan.not_digits", field="pan", value=_mask(value))
        if not 12 <= len(value) <= 19:
            raise InvalidValue("pan.wrong_length", field="pan", value=_mask(value), length=len(value))
        if luhn_check_digit(value[:-1]) != value[-1]:
            raise InvalidValue("pan.luhn", field="pan", value=_mask(value))
        return cls(value)

    @classmethod
    def issue(cls, bin_: str, account_number: str) -> Pan:
        """A new 16-digit PAN from the issuer BIN and an account number, check digit appended."""
        payload = bin_ + account_number.zfill(15 - len(bin_))
        # An account number too long for the BIN would silently make a 17+ digit PAN.
        if len(payload) != 15:
            raise InvalidValue("pan.account_number", field="account_number", bin=bin_, digits=15 - len(bin_))
        return cls(payload + luhn_check_digit(payload))

    @property
    def last4(self) -> str:
        return self.value[-4:]

    def masked(self) -> str:
        return _mask(self.value)

    def __str__(self) -> str:
        return self.masked()

    def __repr__(self) -> str:
        # Full PANs never reach logs through repr().
        return f"Pan({self.masked()!r})"


def _mask(value: str) -> str:
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]
