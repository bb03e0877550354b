"""The policy book: every version ever adopted, and which one governs a given day.

Versions are never edited or removed. A decision records the version id it used and
:meth:`PolicyBook.version` returns that exact version later, so past decisions stay
reproducible even after an explicitly retroactive version changes what ``in_force`` answers.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from unicard.domain.policy.policy import BenefitPolicy
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict, NotFound


@dataclass(frozen=True, slots=True)
class PolicyBook:
    """Ordered by ``effective_from``; at most one version per day and per version id."""

    versions: tuple[BenefitPolicy, ...] = ()

    def __post_init__(self) -> None:
        _refuse_duplicates(self.versions)
        object.__setattr__(self, "versions", tuple(sorted(self.versions, key=_effective)))

    @classmethod
    def of(cls, versions: Iterable[BenefitPolicy]) -> PolicyBook:
        return cls(tuple(versions))

    def in_force(self, on: dt.date) -> BenefitPolicy:
        """The version with the latest ``effective_from`` on or before the business day ``on``."""
        # date < datetime raises TypeError deep in bisect; say what went wrong instead.
        if isinstance(on, dt.datetime):
            raise TypeError("in_force takes a Cairo business day; use in_force_at for an instant")
        if not self.versions:
            raise NotFound("policy.no_versions", field="effective_from", on=on.isoformat())
        index = bisect.bisect_right(self.versions, on, key=_effective)
        if index == 0:
            earliest = self.versions[0].effective_from.isoformat()
            raise NotFound(
                "policy.not_in_force", field="effective_from", on=on.isoformat(), earliest=earliest
            )
        return self.versions[index - 1]

    def in_force_at(self, instant: dt.datetime) -> BenefitPolicy:
        """The version governing the Cairo business day of a timezone-aware ``instant``."""
        if instant.tzinfo is None:
            raise TypeError("in_force_at needs a timezone-aware instant")
        return self.in_force(cairo_date(instant))

    def version(self, version: str) -> BenefitPolicy:
        for policy in self.versions:
            if policy.version == version:
                return policy
        raise NotFound("policy.unknown_version", field="version", version=version)

    def add(self, policy: BenefitPolicy, *, today: dt.date, retroactive: bool = False) -> PolicyBook:
        """A new book with ``policy`` added; ``today`` is the Cairo business day of the change.

        A version may only start after ``today``: one dated today or earlier would change the
        rules of days already (partly) decided. ``retroactive=True`` says the change is meant
        (a court ruling, a decree published late); the caller records who and why.
        """
        if policy.effective_from <= today and not retroactive:
            raise Conflict(
                "policy.retroactive",
                field="effective_from",
                version=policy.version,
                effective_from=policy.effective_from.isoformat(),
                today=today.isoformat(),
            )
        return PolicyBook((*self.versions, policy))

    def __iter__(self) -> Iterator[BenefitPolicy]:
        return iter(self.versions)

    def __len__(self) -> int:
        return len(self.versions)


def _effective(policy: BenefitPolicy) -> dt.date:
    return policy.effective_from


def _refuse_duplicates(versions: Iterable[BenefitPolicy]) -> None:
    by_id: set[str] = set()
    by_day: dict[dt.date, str] = {}
    for policy in versions:
        if policy.version in by_id:
            raise Conflict("policy.duplicate_version", field="version", version=policy.version)
        other = by_day.get(policy.effective_from)
        if other is not None:
            raise Conflict(
                "policy.duplicate_effective_from",
                field="effective_from",
                version=policy.version,
                other=other,
                effective_from=policy.effective_from.isoformat(),
            )
        by_id.add(policy.version)
        by_day[policy.effective_from] = policy.version
