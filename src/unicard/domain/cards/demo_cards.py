"""What a demo card holds besides its PAN, derived from the published demo keys.

Deterministic, so the virtual card, the demo population and ``unicard card list --demo`` agree
on every run without keeping anything (docs/cards/emv-profile.md, "Demo cards").
"""

from __future__ import annotations

import hashlib
import hmac

from unicard.domain.cards.issuer_keys import DEMO_KEYS, KeyName

DEMO_PSN = "00"


def _demo_mac(purpose: str, pan: str) -> bytes:
    return hmac.new(DEMO_KEYS[KeyName.PIN_VERIFICATION], f"{purpose}:{pan}".encode(), hashlib.sha256).digest()


def demo_pin(pan: str) -> str:
    return f"{int.from_bytes(_demo_mac('demo-pin', pan), 'big') % 10_000:04d}"


def demo_fingerprint(pan: str) -> bytes:
    """The demo holder's fingerprint template (a stand-in: matching is byte equality)."""
    return _demo_mac("demo-fingerprint", pan)
