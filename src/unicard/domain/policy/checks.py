"""The refusals every policy section shares, each naming the key path of the offending value.

A key path is how an administrator finds the value in the data file or the JSON of a version:
``bread.loaf_cost``, ``wallet.purchase.per_day``, ``catalog.sugar.price``.
"""

from __future__ import annotations

import re

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def key_path(*segments: str | int) -> str:
    """Join keys as TOML writes them: ``policy[1].sources."bread.loaf_cost"``."""
    path = ""
    for segment in segments:
        if isinstance(segment, int):
            path += f"[{segment}]"
            continue
        if not segment:
            continue
        # A key with a dot or a space is quoted, or the path would name a different key.
        part = segment if _BARE_KEY.match(segment) else '"' + segment.replace('"', '\\"') + '"'
        path = f"{path}.{part}" if path else part
    return path


def under(path: str, *segments: str | int) -> str:
    """``path`` (already a key path, left as it is) extended by the keys ``segments``."""
    rest = key_path(*segments)
    if not path or not rest:
        return path or rest
    return path + rest if rest.startswith("[") else f"{path}.{rest}"


def _number(value: Money | int) -> int:
    return value.piasters if isinstance(value, Money) else value


def non_negative(field: str, value: Money | int) -> None:
    if _number(value) < 0:
        raise InvalidValue("policy.negative", field=field, value=value)


def positive(field: str, value: Money | int) -> None:
    if _number(value) <= 0:
        raise InvalidValue("policy.not_positive", field=field, value=value)


def within(field: str, value: int, minimum: int, maximum: int) -> None:
    if not minimum <= value <= maximum:
        raise InvalidValue("policy.out_of_range", field=field, value=value, minimum=minimum, maximum=maximum)


def not_below(field: str, value: Money | int, other: str, minimum: Money | int) -> None:
    """``field`` must be at least the value of the key ``other``."""
    if _number(value) < _number(minimum):
        raise InvalidValue("policy.below", field=field, value=value, other=other, minimum=minimum)


def text(field: str, value: str) -> None:
    if not value.strip():
        raise InvalidValue("policy.text_missing", field=field)


def arabic(field: str, value: str) -> None:
    text(field, value)
    if not _ARABIC_LETTER.search(value):
        raise InvalidValue("policy.not_arabic", field=field, value=value)


def count(field: str, value: int) -> None:
    """A number of members or loaves handed to a rule: a whole number, never negative."""
    if type(value) is not int:
        raise InvalidValue("policy.not_integer", field=field, value=repr(value))
    non_negative(field, value)
