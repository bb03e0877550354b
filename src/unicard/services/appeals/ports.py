"""What the appeal use cases need: the appeals and their timelines, the decision appealed, the facts.

The decision is read through the appeal store rather than a port of the rules' own: an appeal needs
three fields of it (whose, and what outcome), and this keeps the unit of work to one new attribute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.appeals import Appeal, AppealEvent, AppealStatus, AppealTimes
from unicard.services.feeds.ports import FactUnitOfWork


@dataclass(frozen=True, slots=True)
class DecisionRef:
    """The eligibility decision an appeal is against: whose it is, and what it said."""

    id: int
    household_number: str
    outcome: str  # eligible | excluded | needs_review
    rule_authors: frozenset[str] = frozenset()  # who drafted and who approved its rule set


@dataclass(frozen=True, slots=True)
class AppealQuery:
    governorates: frozenset[str] | None = None  # None: every governorate
    status: AppealStatus | None = None
    household_number: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class GovernorateTimes:
    governorate: str
    via: str  # app | office
    times: AppealTimes


class AppealStore(Protocol):
    def decision(self, decision_id: int) -> DecisionRef | None: ...
    def latest_decision(self, household_number: str) -> DecisionRef | None:
        """The household's most recent eligibility decision, if any."""
        ...

    def add(self, appeal: Appeal, event: AppealEvent) -> Appeal:
        """Store a new appeal and its first timeline line; returns it with its id."""
        ...

    def get(self, appeal_id: int) -> Appeal | None: ...
    def open_on(self, decision_id: int) -> Appeal | None:
        """The appeal opened or under review on this decision, if any."""
        ...

    def update(self, before: Appeal, after: Appeal, event: AppealEvent) -> None:
        """Store ``after`` and its timeline line; ``Conflict`` if someone changed it since ``before``."""
        ...

    def note(self, appeal: Appeal, event: AppealEvent) -> None:
        """A timeline line that changes nothing on the appeal itself (a corrected fact)."""
        ...

    def timeline(self, appeal_id: int) -> Sequence[AppealEvent]: ...
    def search(self, query: AppealQuery) -> Sequence[Appeal]: ...
    def times(self, governorates: frozenset[str] | None) -> Sequence[GovernorateTimes]: ...
    def reinclude(self, household_number: str, effective_from: dt.date, at: dt.datetime) -> None:
        """Make the household eligible for the ration again from ``effective_from`` (a dated
        change: months opened before it keep the status they had)."""
        ...


class AppealsUnitOfWork(FactUnitOfWork, Protocol):
    @property
    def appeals(self) -> AppealStore: ...
