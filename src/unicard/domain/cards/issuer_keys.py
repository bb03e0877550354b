"""The issuer's keys by name, how a key file spells them, and the published demo keys.

Key material never reaches a log, an error or an API answer: :class:`IssuerKeys` prints key
names only, and a malformed file is reported by key name and problem, never by value.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass

from unicard.domain.shared.errors import InvalidValue


class KeyName(enum.StrEnum):
    ISSUER_AC = "imk-ac"  # issuer master key for cryptograms, TDES (CVN 10)
    ISSUER_AC_AES = "imk-ac-aes"  # the same for AES cards (CVN 11)
    PIN_VERIFICATION = "pvk"  # keys the PIN verification value (HMAC-SHA256)
    TERMINAL_PIN = "tpk"  # terminal PIN key, TDES: ISO 9564 format 0 blocks
    TERMINAL_PIN_AES = "tpk-aes"  # terminal PIN key, AES: ISO 9564 format 4 blocks

    @property
    def length(self) -> int:
        return 32 if self is KeyName.PIN_VERIFICATION else 16


#: Fixed, published test keys (docs/cards/emv-profile.md): anyone can act as a demo card with
#: them, so the server refuses them outside demo and test (unicard.config).
DEMO_KEYS: Mapping[KeyName, bytes] = {
    KeyName.ISSUER_AC: bytes.fromhex("0123456789ABCDEFFEDCBA9876543210"),
    KeyName.ISSUER_AC_AES: bytes.fromhex("000102030405060708090A0B0C0D0E0F"),
    KeyName.PIN_VERIFICATION: bytes(range(32)),
    KeyName.TERMINAL_PIN: bytes.fromhex("FEDCBA98765432100123456789ABCDEF"),
    KeyName.TERMINAL_PIN_AES: bytes.fromhex("0F0E0D0C0B0A09080706050403020100"),
}


@dataclass(frozen=True, slots=True)
class IssuerKeys:
    keys: Mapping[KeyName, bytes]

    def __post_init__(self) -> None:
        for name in KeyName:
            key = self.keys.get(name)
            if key is None:
                raise InvalidValue("keys.missing", field=name.value)
            if len(key) != name.length:
                raise InvalidValue("keys.length", field=name.value, length=len(key), expected=name.length)

    def __getitem__(self, name: KeyName) -> bytes:
        return self.keys[name]

    def __repr__(self) -> str:
        return f"IssuerKeys({', '.join(sorted(self.keys))}: values hidden)"

    __str__ = __repr__

    @property
    def demo_keys_among(self) -> tuple[KeyName, ...]:
        """The names whose key is a published demo key (any one makes the whole set unsafe)."""
        return tuple(name for name in KeyName if self.keys[name] in DEMO_KEYS.values())

    @classmethod
    def demo(cls) -> IssuerKeys:
        return cls(DEMO_KEYS)

    @classmethod
    def parse(cls, text: str) -> IssuerKeys:
        """Read a key file: a JSON object of key name → hexadecimal key."""
        try:
            raw = json.loads(text)
        except ValueError:
            raise InvalidValue("keys.unreadable", field="issuer_keys_file") from None
        if not isinstance(raw, dict):
            raise InvalidValue("keys.unreadable", field="issuer_keys_file")
        unknown = sorted(set(raw) - {name.value for name in KeyName})
        if unknown:
            raise InvalidValue("keys.unknown", field=", ".join(unknown))
        return cls({KeyName(name): _unhex(name, value) for name, value in raw.items()})

    def to_json(self) -> str:
        return json.dumps({name.value: self.keys[name].hex().upper() for name in KeyName}, indent=2)


def _unhex(name: str, value: object) -> bytes:
    if isinstance(value, str):
        try:
            return bytes.fromhex(value)
        except ValueError:
            pass
    raise InvalidValue("keys.not_hex", field=name)
