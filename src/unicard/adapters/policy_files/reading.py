"""Typed reads from an untyped table (parsed TOML or JSON), each refusal naming its key path.

Strict on purpose: ``12.5`` is not a number of piasters, ``true`` is not a count, and a key the
format does not know is refused rather than ignored, so a misspelt key cannot silently leave a
rule at a value nobody chose.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from collections.abc import Iterator, Mapping
from typing import TypeVar

from unicard.domain.policy import under
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money

E = TypeVar("E", bound=enum.StrEnum)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Table:
    """A table at ``path``; call :meth:`done` after the reads to refuse keys nobody read."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise InvalidValue("policy.not_table", field=path, value=_shown(data))
        self._data: Mapping[str, object] = data
        self._path = path
        self._read: set[str] = set()

    def key(self, name: str) -> str:
        return under(self._path, name)

    def has(self, name: str) -> bool:
        return self._data.get(name) is not None

    def raw(self, name: str) -> object:
        self._read.add(name)
        if name not in self._data or self._data[name] is None:
            raise self._missing(name)
        return self._data[name]

    def _missing(self, name: str) -> InvalidValue:
        # "loaf_gram" present and "loaf_grams" missing is one typo, not two problems: name it.
        strays = [key for key in self._data if key not in self._read]
        typo = difflib.get_close_matches(name, strays, n=1, cutoff=0.85)
        if typo:
            return InvalidValue("policy.misspelt_field", field=self.key(typo[0]), expected=name)
        return InvalidValue("policy.missing_field", field=self.key(name))

    def integer(self, name: str) -> int:
        value = self.raw(name)
        # bool is an int subclass, and a float of piasters is exactly what integer money forbids.
        if type(value) is not int:
            raise InvalidValue("policy.not_integer", field=self.key(name), value=_shown(value))
        return value

    def money(self, name: str) -> Money:
        return Money(self.integer(name))

    def optional_integer(self, name: str) -> int | None:
        self._read.add(name)
        return self.integer(name) if self.has(name) else None

    def optional_money(self, name: str) -> Money | None:
        value = self.optional_integer(name)
        return None if value is None else Money(value)

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str):
            raise InvalidValue("policy.not_text", field=self.key(name), value=_shown(value))
        return value

    def date(self, name: str) -> dt.date:
        """A TOML date, or ``YYYY-MM-DD`` in JSON; a date-time is refused (a version starts on a day)."""
        value = self.raw(name)
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        raise InvalidValue("policy.not_date", field=self.key(name), value=_shown(value))

    def choice(self, name: str, kind: type[E]) -> E:
        return _choice(self.text(name), kind, self.key(name))

    def choices(self, name: str, kind: type[E]) -> frozenset[E]:
        chosen: list[E] = []
        for index, value in enumerate(self.listing(name)):
            field = under(self.key(name), index)
            if not isinstance(value, str):
                raise InvalidValue("policy.not_text", field=field, value=_shown(value))
            chosen.append(_choice(value, kind, field))
            # A repeat is harmless to a set but says the author meant something else.
            if chosen.count(chosen[-1]) > 1:
                raise InvalidValue("policy.duplicate_choice", field=field, value=value)
        return frozenset(chosen)

    def texts(self, name: str) -> list[str]:
        values = self.listing(name)
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise InvalidValue("policy.not_text", field=under(self.key(name), index), value=_shown(value))
        return [str(value) for value in values]

    def optional_texts(self, name: str) -> list[str]:
        self._read.add(name)
        return self.texts(name) if self.has(name) else []

    def listing(self, name: str) -> list[object]:
        value = self.raw(name)
        if not isinstance(value, list):
            raise InvalidValue("policy.not_list", field=self.key(name), value=_shown(value))
        return value

    def table(self, name: str) -> Table:
        return Table(self.raw(name), self.key(name))

    def optional_table(self, name: str) -> Table:
        """An absent table reads as an empty one."""
        self._read.add(name)
        return self.table(name) if self.has(name) else Table({}, self.key(name))

    def names(self) -> Iterator[str]:
        """Every key, in the file's order, for tables keyed by data (catalog codes, visit types)."""
        yield from self._data

    def name_as(self, name: str, kind: type[E]) -> E:
        """A key that must be one of ``kind`` (a visit type, a transaction type)."""
        return _choice(name, kind, self.key(name))

    def done(self) -> None:
        unknown = [name for name in self._data if name not in self._read]
        if unknown:
            known = ", ".join(sorted(self._read))
            raise InvalidValue("policy.unknown_field", field=self.key(unknown[0]), known=known)


def _choice(value: str, kind: type[E], field: str) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValue("policy.unknown_choice", field=field, value=value, allowed=allowed) from None


def _shown(value: object) -> str:
    """The offending value as the author wrote it, cut short so one error stays one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
