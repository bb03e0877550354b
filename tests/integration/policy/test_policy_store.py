"""Benefit policy versions in the database: seeding, the version in force, adding, the cache."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.fakes import FixedClock
from tests.integration.policy.documents import EARLIER, LATEST, SHIPPED, TODAY, policy
from unicard.adapters.db import policies as policy_store
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.shared.errors import Conflict, NotFound
from unicard.services.policies import (
    add_policy_version,
    ensure_policy_seeded,
    policy_book,
    policy_in_force,
    policy_listing,
)

NEXT_YEAR = dt.date(2027, 1, 1)


@pytest.fixture
def seeded(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> SqlUnitOfWorkFactory:
    assert ensure_policy_seeded(uow_factory(), clock, SHIPPED) == len(SHIPPED)
    return uow_factory


def audit_actions(uow_factory: SqlUnitOfWorkFactory) -> list[tuple[str, str, str]]:
    with uow_factory() as uow:
        return [
            (record.event.actor, record.event.action, record.event.subject) for record in uow.audit.records()
        ]


class TestSeeding:
    def test_an_empty_database_gets_the_shipped_book(self, seeded: SqlUnitOfWorkFactory) -> None:
        assert policy_book(seeded()) == SHIPPED
        assert audit_actions(seeded) == [("system", "policy.seed", "policy")]

    def test_seeding_again_changes_nothing(self, seeded: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
        add_policy_version(seeded(), clock, actor="amal", policy=policy(NEXT_YEAR))
        assert ensure_policy_seeded(seeded(), clock, SHIPPED) == 0
        assert len(policy_book(seeded())) == len(SHIPPED) + 1

    def test_nothing_is_in_force_before_seeding(self, uow_factory: SqlUnitOfWorkFactory) -> None:
        with pytest.raises(NotFound, match="no_versions"):
            policy_in_force(uow_factory(), TODAY)


class TestInForce:
    @pytest.mark.parametrize(
        ("day", "version"),
        [
            (dt.date(2023, 5, 1), EARLIER.version),
            (dt.date(2024, 5, 31), EARLIER.version),
            (dt.date(2024, 6, 1), LATEST.version),
            (TODAY, LATEST.version),
        ],
    )
    def test_the_version_in_force_changes_on_its_first_day(
        self, seeded: SqlUnitOfWorkFactory, day: dt.date, version: str
    ) -> None:
        assert policy_in_force(seeded(), day).version == version

    def test_before_the_first_version_nothing_is_in_force(self, seeded: SqlUnitOfWorkFactory) -> None:
        with pytest.raises(NotFound, match="not_in_force"):
            policy_in_force(seeded(), dt.date(2023, 4, 30))

    def test_a_listing_marks_the_version_in_force(self, seeded: SqlUnitOfWorkFactory) -> None:
        listing = policy_listing(seeded(), TODAY)
        assert [(r.version, r.effective_from, r.created_by) for r in listing.records] == [
            (EARLIER.version, EARLIER.effective_from, "system"),
            (LATEST.version, LATEST.effective_from, "system"),
        ]
        assert listing.in_force == LATEST.version


class TestAddVersion:
    def test_a_future_version_is_stored_and_audited(
        self, seeded: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        new = policy(NEXT_YEAR, loaf_cost=140)
        record = add_policy_version(seeded(), clock, actor="amal", policy=new)
        assert (record.version, record.created_by, record.created_at) == (new.version, "amal", clock.now())
        assert policy_in_force(seeded(), NEXT_YEAR) == new
        assert policy_in_force(seeded(), NEXT_YEAR - dt.timedelta(days=1)) == LATEST
        assert audit_actions(seeded)[-1] == ("amal", "policy.add", f"policy:{new.version}")

    @pytest.mark.parametrize("day", [TODAY, dt.date(2025, 1, 1)])
    def test_a_version_dated_today_or_earlier_is_refused(
        self, seeded: SqlUnitOfWorkFactory, clock: FixedClock, day: dt.date
    ) -> None:
        with pytest.raises(Conflict, match="retroactive"):
            add_policy_version(seeded(), clock, actor="amal", policy=policy(day))
        assert len(policy_book(seeded())) == len(SHIPPED)

    def test_a_retroactive_version_is_stored_when_asked_for(
        self, seeded: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        ruling = policy(dt.date(2025, 1, 1), citizen_price_per_loaf=15)
        add_policy_version(seeded(), clock, actor="amal", policy=ruling, retroactive=True)
        assert policy_in_force(seeded(), TODAY) == ruling
        # Decisions made under the version they recorded can still read it.
        assert policy_book(seeded()).version(LATEST.version) == LATEST

    def test_the_cairo_day_decides_what_is_retroactive(self, seeded: SqlUnitOfWorkFactory) -> None:
        # 23:30 UTC on 21 November is already 22 November in Cairo.
        late = FixedClock(dt.datetime(2026, 11, 21, 23, 30, tzinfo=dt.UTC))
        with pytest.raises(Conflict, match="retroactive"):
            add_policy_version(seeded(), late, actor="amal", policy=policy(TODAY))

    @pytest.mark.parametrize(
        ("version", "day", "code"),
        [
            (LATEST.version, NEXT_YEAR, "policy.duplicate_version"),
            ("2027-01-01.2", LATEST.effective_from, "policy.duplicate_effective_from"),
        ],
    )
    def test_a_taken_version_id_or_start_day_is_refused(
        self, seeded: SqlUnitOfWorkFactory, clock: FixedClock, version: str, day: dt.date, code: str
    ) -> None:
        with pytest.raises(Conflict) as refused:
            add_policy_version(seeded(), clock, actor="amal", policy=policy(day, version), retroactive=True)
        assert refused.value.code == code


class TestCache:
    def test_an_unchanged_book_is_not_parsed_again(self, seeded: SqlUnitOfWorkFactory) -> None:
        first = policy_book(seeded())
        assert policy_book(seeded()) is first

    def test_a_version_added_elsewhere_is_seen_at_once(
        self, seeded: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        before = policy_book(seeded())
        add_policy_version(seeded(), clock, actor="amal", policy=policy(NEXT_YEAR))
        after = policy_book(seeded())
        assert len(after) == len(before) + 1

    def test_a_version_rolled_back_is_never_served(
        self, seeded: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        with seeded() as uow:
            uow.policies.add(policy(NEXT_YEAR), created_by="amal", at=clock.now())
            assert len(uow.policies.book()) == len(SHIPPED) + 1  # this transaction sees its own
        assert policy_book(seeded()) == SHIPPED

    def test_a_version_added_by_another_process_is_seen_within_the_recheck_interval(
        self,
        seeded: SqlUnitOfWorkFactory,
        clock: FixedClock,
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        other_process = SqlUnitOfWorkFactory(make_engine(database_url, pool_size=1))
        try:
            before = policy_book(seeded())
            add_policy_version(other_process(), clock, actor="amal", policy=policy(NEXT_YEAR))
            assert policy_book(seeded()) is before  # checked less than RECHECK_S ago
            monkeypatch.setattr(policy_store, "RECHECK_S", 0.0)
            assert len(policy_book(seeded())) == len(before) + 1
        finally:
            other_process.engine.dispose()
