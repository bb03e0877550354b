"""One version of the benefit policy: every rule and figure in force from one business day on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from unicard.domain.policy.bread import BreadPolicy
from unicard.domain.policy.catalog import Catalog, CommodityItem
from unicard.domain.policy.checks import key_path, under
from unicard.domain.policy.health import HealthPolicy
from unicard.domain.policy.ration import RationPolicy
from unicard.domain.policy.verification import VerificationPolicy
from unicard.domain.policy.wallet import WalletLimits
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money

_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")
SECTIONS = ("ration", "bread", "catalog", "wallet", "verification", "health")


@dataclass(frozen=True, slots=True)
class BenefitPolicy:
    """``version`` (by convention ``<effective_from>.<n>``, e.g. ``2024-06-01.1``) is what a
    decision records; ``effective_from`` is the first Africa/Cairo business day it governs.

    ``sources`` maps a key path (``bread.loaf_cost``, or a whole section such as ``catalog``) to
    where its value comes from; ``unconfirmed`` lists the key paths that are only the best public
    reading. Each unconfirmed key must have a source: a guess has to say whose guess it is.
    """

    version: str
    effective_from: dt.date
    ration: RationPolicy
    bread: BreadPolicy
    catalog: Catalog
    wallet: WalletLimits
    verification: VerificationPolicy
    health: HealthPolicy
    sources: Mapping[str, str] = field(default_factory=dict)
    unconfirmed: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not _VERSION.match(self.version):
            raise InvalidValue("policy.version_format", field="version", value=self.version)
        # A datetime is a date too, but a version starts at a business day, not at an instant.
        if isinstance(self.effective_from, dt.datetime):
            raise InvalidValue("policy.not_date", field="effective_from", value=str(self.effective_from))
        self._check_provenance()

    def _check_provenance(self) -> None:
        # The start date itself may need a source too (a decree's date, a reported month).
        keys = frozenset(self.key_paths()) | {"effective_from"}
        for key, note in self.sources.items():
            if key not in keys:
                raise InvalidValue("policy.unknown_key", field=key_path("sources", key), key=key)
            if not note.strip():
                raise InvalidValue("policy.text_missing", field=key_path("sources", key))
        for key in sorted(self.unconfirmed):
            if key not in keys:
                raise InvalidValue("policy.unknown_key", field="unconfirmed", key=key)
            if key not in self.sources:
                raise InvalidValue("policy.unconfirmed_without_source", field="unconfirmed", key=key)

    def __hash__(self) -> int:
        # The generated hash would fail on the mapping fields; a version id is unique in a book.
        return hash((self.version, self.effective_from))

    def key_paths(self) -> Iterator[str]:
        """Every key path of this version's rules, sections and tables included."""
        for name in SECTIONS:
            yield from _paths(getattr(self, name), name)

    def is_confirmed(self, key: str) -> bool:
        """False when ``key`` or a table holding it is listed as unconfirmed."""
        return not any(key == doubt or key.startswith(doubt + ".") for doubt in self.unconfirmed)


def _paths(value: object, path: str) -> Iterator[str]:
    yield path
    if isinstance(value, Money):
        return  # an amount is one value, not a table of piasters
    if isinstance(value, Catalog):
        for item in value:
            yield from _paths(item, under(path, item.code))
    elif dataclasses.is_dataclass(value):
        for spec in dataclasses.fields(value):
            # An item's code is the key of its table (``catalog.sugar``), not a value inside it.
            if not (isinstance(value, CommodityItem) and spec.name == "code"):
                yield from _paths(getattr(value, spec.name), under(path, spec.name))
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _paths(inner, under(path, str(key)))
