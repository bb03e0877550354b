import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.unit.domain.policy.examples import before_price_change, policy
from unicard.domain.policy import PolicyBook
from unicard.domain.shared.errors import Conflict, NotFound

OLD, NEW = before_price_change(), policy()
BOOK = PolicyBook.of([NEW, OLD])  # any order in, ordered by date inside


class TestInForce:
    def test_the_last_day_of_the_old_price(self) -> None:
        assert BOOK.in_force(dt.date(2024, 5, 31)) is OLD

    def test_the_first_day_of_the_new_price(self) -> None:
        assert BOOK.in_force(dt.date(2024, 6, 1)) is NEW
        assert BOOK.in_force(dt.date(2024, 6, 1)).bread.citizen_price(1).piasters == 20

    def test_long_after(self) -> None:
        assert BOOK.in_force(dt.date(2030, 1, 1)) is NEW

    def test_the_first_day_of_the_first_version(self) -> None:
        assert BOOK.in_force(dt.date(2023, 5, 1)) is OLD

    def test_before_any_version_names_the_earliest(self) -> None:
        with pytest.raises(NotFound) as caught:
            BOOK.in_force(dt.date(2023, 4, 30))
        assert caught.value.code == "policy.not_in_force"
        assert caught.value.params["earliest"] == "2023-05-01"

    def test_an_empty_book_says_so(self) -> None:
        with pytest.raises(NotFound, match=r"policy\.no_versions"):
            PolicyBook().in_force(dt.date(2024, 6, 1))

    def test_refuses_an_instant_where_a_day_is_meant(self) -> None:
        with pytest.raises(TypeError, match="in_force_at"):
            BOOK.in_force(dt.datetime(2024, 6, 1, tzinfo=dt.UTC))

    def test_an_instant_counts_in_cairo(self) -> None:
        # 21:30 UTC on 31 May 2024 is 00:30 on 1 June in Cairo (summer time, UTC+3).
        assert BOOK.in_force_at(dt.datetime(2024, 5, 31, 21, 30, tzinfo=dt.UTC)) is NEW
        assert BOOK.in_force_at(dt.datetime(2024, 5, 31, 20, 59, tzinfo=dt.UTC)) is OLD
        cairo = dt.datetime(2024, 6, 1, 0, 0, tzinfo=ZoneInfo("Africa/Cairo"))
        assert BOOK.in_force_at(cairo) is NEW

    def test_refuses_a_naive_instant(self) -> None:
        with pytest.raises(TypeError):
            BOOK.in_force_at(dt.datetime(2024, 6, 1, 12))


class TestVersions:
    def test_finds_the_exact_version_a_decision_recorded(self) -> None:
        assert BOOK.version("2023-05-01.1") is OLD

    def test_an_unknown_version_is_not_found(self) -> None:
        with pytest.raises(NotFound, match=r"policy\.unknown_version"):
            BOOK.version("1999-01-01.1")

    def test_is_ordered_by_effective_date(self) -> None:
        assert [each.version for each in BOOK] == ["2023-05-01.1", "2024-06-01.1"]
        assert len(BOOK) == 2

    def test_refuses_two_versions_with_one_id(self) -> None:
        with pytest.raises(Conflict) as caught:
            PolicyBook.of([OLD, policy(version=OLD.version)])
        assert (caught.value.code, caught.value.params["field"]) == ("policy.duplicate_version", "version")

    def test_refuses_two_versions_starting_the_same_day(self) -> None:
        with pytest.raises(Conflict) as caught:
            PolicyBook.of([NEW, policy(version="2024-06-01.2")])
        assert caught.value.code == "policy.duplicate_effective_from"
        assert caught.value.params["other"] == "2024-06-01.1"


class TestAdd:
    TODAY = dt.date(2024, 9, 10)

    def test_a_future_version_is_added(self) -> None:
        later = policy(version="2025-01-01.1", effective_from=dt.date(2025, 1, 1))
        book = BOOK.add(later, today=self.TODAY)
        assert book.in_force(dt.date(2025, 1, 1)) is later
        assert book.in_force(self.TODAY) is NEW
        assert len(BOOK) == 2  # the book itself never changes

    def test_tomorrow_is_the_earliest_start(self) -> None:
        tomorrow = policy(version="2024-09-11.1", effective_from=dt.date(2024, 9, 11))
        assert BOOK.add(tomorrow, today=self.TODAY).in_force(dt.date(2024, 9, 11)) is tomorrow

    @pytest.mark.parametrize(
        "start",
        [
            dt.date(2024, 9, 10),  # today: decisions already taken today would change
            dt.date(2024, 7, 1),  # after the version in force, yet in the past
            dt.date(2024, 1, 1),  # before the version in force
        ],
    )
    def test_refuses_a_retroactive_version(self, start: dt.date) -> None:
        with pytest.raises(Conflict) as caught:
            BOOK.add(policy(version="late.1", effective_from=start), today=self.TODAY)
        assert caught.value.code == "policy.retroactive"
        assert caught.value.params["today"] == "2024-09-10"

    def test_a_retroactive_version_when_explicitly_allowed(self) -> None:
        late = policy(version="2024-07-01.1", effective_from=dt.date(2024, 7, 1))
        book = BOOK.add(late, today=self.TODAY, retroactive=True)
        assert book.in_force(dt.date(2024, 8, 1)) is late
        # A decision taken on 2024-08-01 recorded 2024-06-01.1; that version is still there.
        assert book.version("2024-06-01.1") is NEW

    def test_retroactive_still_refuses_a_clash(self) -> None:
        with pytest.raises(Conflict, match=r"policy\.duplicate_effective_from"):
            BOOK.add(policy(version="2024-06-01.2"), today=self.TODAY, retroactive=True)
