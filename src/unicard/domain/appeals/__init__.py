"""Appeals (تظلمات) against eligibility decisions: their states, who may move them, statistics. Pure."""

from unicard.domain.appeals.appeal import (
    Appeal,
    AppealEvent,
    AppealStatus,
    EventKind,
    OpenedVia,
    Opener,
)
from unicard.domain.appeals.corrections import FactCorrection, ProposedFact
from unicard.domain.appeals.stats import AppealFigures, AppealTimes, figures

__all__ = [
    "Appeal",
    "AppealEvent",
    "AppealFigures",
    "AppealStatus",
    "AppealTimes",
    "EventKind",
    "FactCorrection",
    "OpenedVia",
    "Opener",
    "ProposedFact",
    "figures",
]
