"""The SMS gateway's webhook signature: HMAC-SHA256 over the timestamp and the raw body.

The timestamp is signed with the body (``<timestamp>.<body>``), so a captured request cannot be
replayed later under a fresh timestamp; the route refuses timestamps outside its window.
"""

from __future__ import annotations

import hashlib
import hmac

PREFIX = "sha256="


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """What the gateway sends in ``X-Unicard-Signature``: ``sha256=<hex>``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return PREFIX + digest


def is_genuine(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """Compared in constant time; the ``sha256=`` prefix is optional and case is forgiven."""
    given = signature.strip().lower().removeprefix(PREFIX)
    expected = sign(secret, timestamp, body).removeprefix(PREFIX)
    return hmac.compare_digest(given.encode(), expected.encode())
