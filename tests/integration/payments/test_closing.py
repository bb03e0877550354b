"""``unicard entitlements close-period``: the closing rules of a month's opening, ahead of first use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.integration.payments.conftest import World
from tests.integration.payments.test_port_said_day import balance, send
from unicard.adapters.policy_files import load_shipped_book
from unicard.bootstrap import Container
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import AccountKind, Owner
from unicard.domain.shared.clock import CAIRO
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money
from unicard.services.ledger import check_ledger
from unicard.services.payments.closing import close_periods, requested_period


def held(container: Container, number: str) -> tuple[int, int, int]:
    owner = Owner.household(number)
    return (
        balance(container, AccountKind.BREAD_QUOTA, owner),
        balance(container, AccountKind.RATION_CREDIT, owner),
        balance(container, AccountKind.BREAD_POINTS, owner),
    )


def test_close_period_lapses_credit_converts_bread_and_the_opening_agrees(
    client: Any, container: Container, world: World
) -> None:
    card = {"pan": world.head_pan}
    assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 10})["approved"]
    policy = load_shipped_book().in_force(dt.date(2026, 12, 1))
    credit = policy.ration.credit(3)
    assert held(container, world.household) == (440, credit.piasters, 0)

    container.clock.instant = dt.datetime(2026, 12, 3, 8, 0, tzinfo=CAIRO)  # type: ignore[attr-defined]
    december = requested_period(container.clock, None)
    assert december == Period(2026, 12)
    summary = close_periods(container.uow_factory, container.clock, december)
    earned = policy.bread.points_for_undrawn(440)
    assert (summary.households, summary.periods) == (1, 1)
    assert summary.credit_lapsed == credit
    assert (summary.loaves_lapsed, summary.loaves_converted) == (440, 440)
    assert summary.points_earned == earned
    assert summary.points_lapsed == Money(0)
    assert held(container, world.household) == (0, 0, earned.piasters)
    with container.uow_factory() as uow:
        november = uow.entitlements.period(world.household, Period(2026, 11))
        assert november is not None
        assert november.closed
    assert check_ledger(container.uow_factory()) is None

    again = close_periods(container.uow_factory, container.clock, december)
    assert (again.households, again.credit_lapsed, again.loaves_converted) == (0, Money(0), 0)
    assert held(container, world.household) == (0, 0, earned.piasters)

    # The household's first use of December finds November closed: it only grants, and keeps
    # the points November's bread earned for December.
    assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 5})["approved"]
    loaves = policy.bread.quota_per_day(3) * 31
    assert held(container, world.household) == (loaves - 5, credit.piasters, earned.piasters)
    with container.uow_factory() as uow:
        opened = uow.entitlements.period(world.household, december)
        assert opened is not None
        assert opened.points_granted == earned.piasters
    assert close_periods(container.uow_factory, container.clock, december).households == 0
    assert check_ledger(container.uow_factory()) is None


def test_points_of_a_closed_month_lapse_when_the_next_one_passes_untouched(
    client: Any, container: Container, world: World
) -> None:
    card = {"pan": world.head_pan}
    assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 10})["approved"]
    container.clock.instant = dt.datetime(2026, 12, 3, 8, 0, tzinfo=CAIRO)  # type: ignore[attr-defined]
    close_periods(container.uow_factory, container.clock, Period(2026, 12))
    book = load_shipped_book()
    december_points = book.in_force(dt.date(2026, 12, 1)).bread.points_for_undrawn(440)

    # December passes untouched; January's first use lapses December's points and pays
    # December's whole untouched quota as points.
    container.clock.instant = dt.datetime(2027, 1, 10, 8, 0, tzinfo=CAIRO)  # type: ignore[attr-defined]
    january = book.in_force(dt.date(2027, 1, 1))
    assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 1})["approved"]
    untouched = book.in_force(dt.date(2026, 12, 1)).bread.quota_per_day(3) * 31
    quota, credit, points = held(container, world.household)
    assert points == january.bread.points_for_undrawn(untouched).piasters
    assert quota == january.bread.quota_per_day(3) * 31 - 1
    assert credit == january.ration.credit(3).piasters
    assert december_points.piasters > 0
    assert check_ledger(container.uow_factory()) is None


def test_households_never_opened_are_left_alone(container: Container, world: World) -> None:
    summary = close_periods(container.uow_factory, container.clock, Period(2026, 11))
    assert summary.households == 0
    assert held(container, world.household) == (0, 0, 0)
    assert check_ledger(container.uow_factory()) is None


@pytest.mark.parametrize("name", ["2026-13", "November", "2027-01"])
def test_a_bad_or_future_period_is_refused(container: Container, name: str) -> None:
    with pytest.raises(InvalidValue):
        requested_period(container.clock, name)
