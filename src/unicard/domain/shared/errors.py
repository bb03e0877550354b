"""The one exception family of the domain.

A domain error carries a stable ``code`` and the ``params`` that explain it; the words a person
reads (Arabic and English) live at the edge, in :mod:`unicard.locale`, keyed by that code.
"""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """A business rule refused a request. Subclasses group errors; ``code`` says exactly which."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.code = code
        self.params: Mapping[str, object] = params
        details = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code}({details})" if details else code)


class InvalidValue(DomainError):
    """A value (national ID, mobile, amount, card number…) is malformed; ``field`` names it."""


class NotFound(DomainError):
    """The thing asked for does not exist."""


class Conflict(DomainError):
    """The request contradicts what is already recorded (a duplicate, a broken invariant)."""


class Forbidden(DomainError):
    """The actor may not do this."""
