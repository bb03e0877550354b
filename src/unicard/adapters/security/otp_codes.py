"""One-time codes and their keyed digests (HMAC-SHA-256 under a key of their own).

A six-digit code has only a million values: a plain hash of one is reversed by trying them all.
Keyed, a leaked ``otp_codes`` table gives nothing away without the key, which lives only in
the deployment's secret. The digest covers the national ID and purpose too, so a digest copied
to another citizen's row or another purpose matches nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from unicard.domain.app.otp import CODE_LENGTH, OtpPurpose


class HmacCodeKeeper:
    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the one-time code key must be at least 32 bytes")
        self._key = key

    def new_code(self) -> str:
        return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"

    def digest(self, code: str, *, national_id: str, purpose: OtpPurpose) -> str:
        message = f"{purpose.value}|{national_id}|{code}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def matches(self, code: str, digest: str, *, national_id: str, purpose: OtpPurpose) -> bool:
        expected = self.digest(code, national_id=national_id, purpose=purpose)
        return hmac.compare_digest(expected.encode(), digest.encode())
