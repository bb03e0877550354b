"""Reading appeals: an officer's list (their governorates), one appeal with its timeline, the
citizen's own household's appeals, and the figures per governorate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.appeals import Appeal, AppealEvent, AppealFigures, AppealStatus, AppealTimes, figures
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator
from unicard.services.access import require_scope
from unicard.services.appeals.common import get_appeal, own_appeal
from unicard.services.appeals.ports import AppealQuery, AppealsUnitOfWork


@dataclass(frozen=True, slots=True)
class AppealView:
    appeal: Appeal
    timeline: Sequence[AppealEvent]


@dataclass(frozen=True, slots=True)
class AppealStats:
    total: AppealFigures
    by_governorate: dict[str, AppealFigures]
    by_channel: dict[str, AppealFigures]  # app | office


def scope_of(actor: Operator) -> frozenset[str] | None:
    return None if ALL_GOVERNORATES in actor.governorates else actor.governorates


def list_appeals(
    uow: AppealsUnitOfWork,
    actor: Operator,
    *,
    status: AppealStatus | None = None,
    household_number: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Sequence[Appeal]:
    query = AppealQuery(scope_of(actor), status, household_number, limit, offset)
    with uow:
        return uow.appeals.search(query)


def view_appeal(uow: AppealsUnitOfWork, actor: Operator, appeal_id: int) -> AppealView:
    with uow:
        appeal = get_appeal(uow, appeal_id)
        require_scope(actor, appeal.governorate)
        return AppealView(appeal, uow.appeals.timeline(appeal_id))


def citizen_appeals(uow: AppealsUnitOfWork, national_id: str) -> Sequence[AppealView]:
    """The appeals of the citizen's open household (none if they are on no ration card)."""
    with uow:
        number = uow.households.number_of_active_member(national_id)
        if number is None:
            return []
        found = uow.appeals.search(AppealQuery(household_number=number, limit=200))
        return [AppealView(appeal, uow.appeals.timeline(appeal.id or 0)) for appeal in found]


def citizen_appeal(uow: AppealsUnitOfWork, national_id: str, appeal_id: int) -> AppealView:
    with uow:
        appeal = own_appeal(uow, national_id, appeal_id)
        return AppealView(appeal, uow.appeals.timeline(appeal_id))


def appeal_stats(uow: AppealsUnitOfWork, actor: Operator) -> AppealStats:
    with uow:
        rows = uow.appeals.times(scope_of(actor))
    by_governorate: dict[str, list[AppealTimes]] = defaultdict(list)
    by_channel: dict[str, list[AppealTimes]] = defaultdict(list)
    for row in rows:
        by_governorate[row.governorate].append(row.times)
        by_channel[row.via].append(row.times)
    return AppealStats(
        total=figures(row.times for row in rows),
        by_governorate={code: figures(times) for code, times in sorted(by_governorate.items())},
        by_channel={via: figures(times) for via, times in sorted(by_channel.items())},
    )
