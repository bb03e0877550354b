"""Grants per month, the daily allowance with advance draw, and closing a month."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.adapters.policy_files import load_shipped_book
from unicard.domain.entitlements.bread import allowance
from unicard.domain.entitlements.grants import close_period, grant_for
from unicard.domain.entitlements.periods import Period
from unicard.domain.policy import BenefitPolicy
from unicard.domain.shared.money import ZERO, Money


@pytest.fixture(scope="module")
def policy() -> BenefitPolicy:
    return load_shipped_book().in_force(dt.date(2026, 11, 1))


class TestPeriod:
    def test_names_and_neighbours(self) -> None:
        assert Period.of(dt.date(2026, 1, 31)).name == "2026-01"
        assert Period(2026, 1).previous() == Period(2025, 12)
        assert Period.parse("2024-02").days == 29


class TestGrant:
    def test_six_members_get_the_policy_figures(self, policy: BenefitPolicy) -> None:
        grant = grant_for(policy, Period(2026, 11), members=6, ration_eligible=True)
        assert grant.loaves == 5 * 6 * 30
        assert grant.ration_credit == Money.pounds(250)

    def test_excluded_household_keeps_its_bread(self, policy: BenefitPolicy) -> None:
        grant = grant_for(policy, Period(2026, 11), members=3, ration_eligible=False)
        assert grant.ration_credit == ZERO
        assert grant.loaves == 450


class TestAllowance:
    def test_mid_month_three_days_ahead(self, policy: BenefitPolicy) -> None:
        now = allowance(policy, day=dt.date(2026, 11, 1), members=2, granted=300, left=300)
        assert now.may_draw_now == 10 * (1 + 3)

    def test_last_days_two_days_ahead_never_beyond_the_month(self, policy: BenefitPolicy) -> None:
        now = allowance(policy, day=dt.date(2026, 11, 29), members=2, granted=300, left=300)
        assert now.may_draw_now == 300

    def test_drawn_counts_against_the_allowance(self, policy: BenefitPolicy) -> None:
        now = allowance(policy, day=dt.date(2026, 11, 1), members=2, granted=300, left=270)
        assert (now.drawn, now.may_draw_now) == (30, 10)


class TestClosing:
    def test_undrawn_bread_of_last_month_earns_points(self, policy: BenefitPolicy) -> None:
        closing = close_period(
            policy,
            closing=Period(2026, 10),
            current=Period(2026, 11),
            ration_credit_left=Money(500),
            loaves_left=40,
            points_left=Money(30),
        )
        assert closing.earned_points == Money(400)
        assert (closing.lapsed_ration_credit, closing.lapsed_loaves, closing.lapsed_points) == (
            Money(500),
            40,
            Money(30),
        )

    def test_an_older_month_earns_nothing_by_now(self, policy: BenefitPolicy) -> None:
        closing = close_period(
            policy,
            closing=Period(2026, 8),
            current=Period(2026, 11),
            ration_credit_left=ZERO,
            loaves_left=40,
            points_left=ZERO,
            untouched_previous_month_loaves=300,
        )
        assert closing.earned_points == Money(3000)  # October, never opened, drew nothing
