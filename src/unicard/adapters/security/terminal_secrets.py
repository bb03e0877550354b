"""Terminal secrets: 256 random bits, stored as HMAC-SHA256 under a server-side pepper.

Why HMAC and not Argon2 as for passwords: a terminal secret is random, not chosen by a person,
so there is no dictionary to slow down; what matters is that checking it costs microseconds on
every request. The pepper (derived from the deployment's secret key) means a copy of the
database alone does not let anyone test a guessed secret, nor even recognise a reused one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from unicard.domain.shared.errors import Conflict
from unicard.services.terminal_auth import IssuedSecret

SECRET_BYTES = 32
# Domain separation: the pepper is not the key that signs operator tokens, only derived from it.
_PEPPER_LABEL = b"unicard/terminal-secret-pepper/v1"


class HmacTerminalSecrets:
    def __init__(self, pepper: bytes) -> None:
        if len(pepper) < 32:
            raise ValueError("the pepper must be at least 32 bytes")
        self._pepper = pepper

    @classmethod
    def from_secret_key(cls, secret_key: str) -> HmacTerminalSecrets:
        """The deployment's terminal pepper. Changing the secret key invalidates every terminal
        secret: rotate them all after changing it."""
        return cls(hmac.new(secret_key.encode(), _PEPPER_LABEL, hashlib.sha256).digest())

    def issue(self) -> IssuedSecret:
        secret = base64.urlsafe_b64encode(secrets.token_bytes(SECRET_BYTES)).rstrip(b"=").decode()
        return IssuedSecret(secret, self._digest(secret))

    def matches(self, secret: str, secret_hash: str) -> bool:
        return hmac.compare_digest(self._digest(secret), secret_hash)

    def _digest(self, secret: str) -> str:
        return hmac.new(self._pepper, secret.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


class SecretsFile:
    """``<input>.terminal-secrets.csv``: the secrets of the terminals an import created, readable
    by the file's owner only (created with mode 600, never widened).

    Opened on the first secret, so an import that creates no terminal writes no file. It never
    replaces an earlier file, whose secrets may not have been handed out yet: the import is
    then refused (rolled back) with ``import.secrets_file_exists``.
    """

    HEADER = "terminal_id,merchant_id,secret\r\n"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written = 0
        self._handle: IO[str] | None = None

    def write(self, terminal_id: str, merchant_id: str, secret: str) -> None:
        handle = self._handle or self._open()
        # Ids and base64url secrets never need CSV quoting.
        handle.write(f"{terminal_id},{merchant_id},{secret}\r\n")
        self.written += 1

    def seal(self) -> None:
        """On disk before the terminals are committed: a committed terminal's secret is never lost."""
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is None:
            return
        self._handle.close()
        # Secrets of terminals that were not committed are of no use to anyone: remove them.
        if exc is not None:
            self.path.unlink(missing_ok=True)

    def _open(self) -> IO[str]:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise Conflict("import.secrets_file_exists", path=str(self.path)) from None
        os.fchmod(fd, 0o600)  # whatever the umask
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self._handle.write(self.HEADER)
        return self._handle
