"""Terminal authentication: a terminal id and its secret, checked on every terminal request.

A secret is 256 random bits, shown once when the terminal is created or its secret rotated;
storage keeps only a keyed hash of it (see :class:`TerminalSecrets`). Checking is one HMAC and
a constant-time comparison, cheap enough for every request, unlike a password hash.

:class:`TerminalAuthCache` spares the database the lookup on the hot path. It keeps what it
read for ``ttl_seconds`` (30 s by default) and is emptied for a terminal or merchant the moment
a use case *in this process* changes it (:func:`credentials_changed`). A change made by another
process (a CLI command, another server) is seen here only when the cached entry expires: a
suspended terminal may still be admitted for up to ``ttl_seconds``. Rejections of unknown
terminals are never cached, so a new terminal works at once everywhere.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.merchants import Merchant, Terminal, TerminalRefused, check_may_transact
from unicard.domain.merchants.access import BAD_CREDENTIALS
from unicard.services.merchant_ports import TerminalCredentials
from unicard.services.ports import UnitOfWork, UnitOfWorkFactory

#: A real secret is 43 characters (base64url of 32 bytes); anything much longer is not worth hashing.
_MAX_SECRET_LENGTH = 256
DEFAULT_TTL_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class IssuedSecret:
    """A fresh secret and its keyed hash. The secret leaves the process once, to its terminal."""

    secret: str
    secret_hash: str

    def __repr__(self) -> str:
        return "IssuedSecret(<hidden>)"


class TerminalSecrets(Protocol):
    def issue(self) -> IssuedSecret:
        """A new random secret with the hash to store."""
        ...

    def matches(self, secret: str, secret_hash: str) -> bool:
        """Whether ``secret`` hashes to ``secret_hash``, compared in constant time."""
        ...


def authenticate_terminal(
    uow: UnitOfWork, secrets: TerminalSecrets, terminal_id: str, secret: str
) -> tuple[Terminal, Merchant]:
    """The terminal and its merchant, if the secret is right and both may transact now.

    Raises :class:`TerminalRefused` (codes in its docstring); an unknown terminal and a wrong
    secret are refused alike, as ``terminal.bad_credentials``.
    """
    with uow:
        found = uow.merchants.credentials(terminal_id.strip().upper())
    return check_credentials(found, secrets, secret)


def check_credentials(
    found: TerminalCredentials | None, secrets: TerminalSecrets, secret: str
) -> tuple[Terminal, Merchant]:
    if found is None or len(secret) > _MAX_SECRET_LENGTH or not secrets.matches(secret, found.secret_hash):
        raise TerminalRefused(BAD_CREDENTIALS)
    check_may_transact(found.terminal, found.merchant)
    return found.terminal, found.merchant


class TerminalAuthCache:
    """:func:`authenticate_terminal` with the credentials kept in memory for ``ttl_seconds``.

    One per process (per app); safe to share between threads. The secret itself is never kept:
    every call hashes the offered secret and compares it with the cached hash.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        secrets: TerminalSecrets,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow_factory = uow_factory
        self._secrets = secrets
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        # At most one entry per terminal that has authenticated: a bounded set, unlike unknown ids,
        # which are never kept.
        self._entries: dict[str, tuple[float, TerminalCredentials]] = {}
        self._lock = threading.Lock()
        # Bumped by every forget(): a read that started before a change must not be cached after it.
        self._generation = 0
        _caches.add(self)

    def authenticate(self, terminal_id: str, secret: str) -> tuple[Terminal, Merchant]:
        return check_credentials(self._credentials(terminal_id.strip().upper()), self._secrets, secret)

    def known(self, terminal_id: str, secret: str) -> tuple[Terminal, Merchant] | None:
        """:meth:`authenticate` if the terminal's credentials are cached and fresh, else None
        (nothing is read)."""
        fresh = self._fresh(terminal_id.strip().upper(), self._monotonic())
        return None if fresh is None else check_credentials(fresh, self._secrets, secret)

    def forget(self, *, terminal_id: str | None = None, merchant_id: str | None = None) -> None:
        """Drop what is cached of a terminal, or of every terminal of a merchant."""
        with self._lock:
            self._generation += 1
            if terminal_id is not None:
                self._entries.pop(terminal_id, None)
            if merchant_id is not None:  # rare (an admin's change), so a scan is fine
                for key, (_, found) in list(self._entries.items()):
                    if found.merchant.id == merchant_id:
                        del self._entries[key]

    def _credentials(self, terminal_id: str) -> TerminalCredentials | None:
        now = self._monotonic()
        if (fresh := self._fresh(terminal_id, now)) is not None:
            return fresh
        generation = self._generation
        with self._uow_factory() as uow:
            found = uow.merchants.credentials(terminal_id)
        with self._lock:
            if found is None or generation != self._generation:
                self._entries.pop(terminal_id, None)
            else:
                self._entries[terminal_id] = (now + self._ttl, found)
        return found

    def _fresh(self, terminal_id: str, now: float) -> TerminalCredentials | None:
        cached = self._entries.get(terminal_id)
        return cached[1] if cached is not None and cached[0] > now else None


# Every cache of this process, so that a use case can empty them without being handed them.
_caches: weakref.WeakSet[TerminalAuthCache] = weakref.WeakSet()


def credentials_changed(*, terminal_id: str | None = None, merchant_id: str | None = None) -> None:
    """Tell this process's caches that a terminal or a merchant changed (call after the commit)."""
    for cache in list(_caches):
        cache.forget(terminal_id=terminal_id, merchant_id=merchant_id)
