"""The check reads entries as stored, so these tests hand it rows that no JournalEntry would accept."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.unit.domain.ledger.chart import (
    AHMED_WALLET,
    BREAD_QUOTA,
    BY_ID,
    MONA_WALLET,
    POST_CASH,
    SHOP_SALES,
    deposit,
)
from unicard.domain.ledger import (
    CheckRule,
    Discrepancy,
    Posting,
    Unit,
    discrepancies,
    first_discrepancy,
    reverse,
)
from unicard.locale.catalog import render


@dataclass(frozen=True)
class Row:
    id: str
    postings: tuple[Posting, ...]
    reverses: str | None = None


def egp(account_id: str, amount: int) -> Posting:
    return Posting(account_id, Unit.EGP, amount)


CASH_IN = Row("d-1", (egp(POST_CASH.id, -500), egp(AHMED_WALLET.id, 500)))
CASH_IN_BALANCES = {POST_CASH.id: -500, AHMED_WALLET.id: 500}
UNDO = Row("r-1", (egp(POST_CASH.id, 500), egp(AHMED_WALLET.id, -500)), reverses="d-1")


def first(rows: list[Row], balances: dict[str, int]) -> Discrepancy | None:
    return first_discrepancy(BY_ID, rows, balances)


class TestCleanLedger:
    def test_an_empty_ledger_is_clean(self) -> None:
        assert first([], {}) is None

    def test_entries_and_balances_in_step_are_clean(self) -> None:
        assert first([CASH_IN], CASH_IN_BALANCES) is None

    def test_an_entry_and_its_reversal_are_clean(self) -> None:
        assert first([CASH_IN, UNDO], {}) is None

    def test_journal_entries_are_read_as_they_are(self) -> None:
        entry = deposit("d-1", 500).build()
        assert first_discrepancy(BY_ID, [entry, reverse(entry, entry_id="r-1")], {}) is None


class TestFindsEachBrokenRule:
    def test_an_unbalanced_entry(self) -> None:
        row = Row("d-1", (egp(POST_CASH.id, -500), egp(AHMED_WALLET.id, 499)))
        found = first([row], {POST_CASH.id: -500, AHMED_WALLET.id: 499})
        assert found == Discrepancy(CheckRule.ENTRY_UNBALANCED, "d-1", unit=Unit.EGP, found=-1)
        assert found.description == "entry d-1 does not balance: its egp postings sum to -1"

    def test_a_posting_to_an_unknown_account(self) -> None:
        row = Row("d-1", (egp(POST_CASH.id, -500), egp("wallet:ghost", 500)))
        assert first([row], {POST_CASH.id: -500}) == Discrepancy(
            CheckRule.UNKNOWN_ACCOUNT, "d-1", "wallet:ghost"
        )

    def test_a_posting_in_the_wrong_unit(self) -> None:
        row = Row("b-1", (Posting(BREAD_QUOTA.id, Unit.LOAF, -1), Posting(SHOP_SALES.id, Unit.LOAF, 1)))
        found = first([row], {})
        assert found == Discrepancy(CheckRule.UNIT_MISMATCH, "b-1", SHOP_SALES.id, Unit.LOAF)

    def test_a_stored_balance_that_is_not_the_sum_of_its_postings(self) -> None:
        found = first([CASH_IN], {POST_CASH.id: -500, AHMED_WALLET.id: 400, MONA_WALLET.id: 100})
        assert found == Discrepancy(CheckRule.BALANCE_MISMATCH, None, AHMED_WALLET.id, Unit.EGP, 400, 500)
        assert found.description == (
            "account wallet:ahmed has a stored balance of 400 egp, but its postings sum to 500"
        )

    def test_a_balance_for_an_account_that_does_not_exist(self) -> None:
        assert first([], {"wallet:ghost": 0}) == Discrepancy(
            CheckRule.ORPHAN_BALANCE, account_id="wallet:ghost"
        )

    def test_a_unit_that_does_not_sum_to_zero(self) -> None:
        # Only the balances can show this once every entry balances; the entries say 0 for both.
        found = list(discrepancies(BY_ID, [], {AHMED_WALLET.id: 7}))
        assert Discrepancy(CheckRule.UNIT_NOT_ZERO, unit=Unit.EGP, found=7) in found

    def test_a_broken_floor(self) -> None:
        row = Row("p-1", (egp(AHMED_WALLET.id, -300), egp(SHOP_SALES.id, 300)))
        found = first([row], {AHMED_WALLET.id: -300, SHOP_SALES.id: 300})
        assert found == Discrepancy(CheckRule.FLOOR_BROKEN, None, AHMED_WALLET.id, Unit.EGP, -300, 0)

    def test_a_reversal_of_a_missing_entry(self) -> None:
        assert first([UNDO], {}) == Discrepancy(CheckRule.ORPHAN_REVERSAL, "r-1")

    def test_a_reversal_that_is_not_a_mirror(self) -> None:
        half = Row("r-1", (egp(POST_CASH.id, 250), egp(AHMED_WALLET.id, -250)), reverses="d-1")
        found = first([CASH_IN, half], {POST_CASH.id: -250, AHMED_WALLET.id: 250})
        assert found == Discrepancy(CheckRule.REVERSAL_NOT_MIRROR, "r-1")

    def test_an_entry_reversed_twice(self) -> None:
        again = Row("r-2", UNDO.postings, reverses="d-1")
        found = first([CASH_IN, UNDO, again], {POST_CASH.id: 500, AHMED_WALLET.id: -500})
        assert found == Discrepancy(CheckRule.REVERSED_TWICE, "d-1")

    def test_a_reversal_of_a_reversal(self) -> None:
        redo = Row("r-2", CASH_IN.postings, reverses="r-1")
        found = first([CASH_IN, UNDO, redo], CASH_IN_BALANCES)
        assert found == Discrepancy(CheckRule.REVERSAL_OF_REVERSAL, "r-2")


class TestOrder:
    def test_entries_come_first_then_balances_then_units_then_floors(self) -> None:
        unbalanced = Row("d-1", (egp(POST_CASH.id, -500), egp(AHMED_WALLET.id, 499)))
        found = list(discrepancies(BY_ID, [unbalanced], {AHMED_WALLET.id: -1}))
        assert [d.rule for d in found] == [
            CheckRule.ENTRY_UNBALANCED,
            CheckRule.BALANCE_MISMATCH,  # post cash: stored 0, postings -500
            CheckRule.BALANCE_MISMATCH,  # ahmed: stored -1, postings 499
            CheckRule.UNIT_NOT_ZERO,
            CheckRule.FLOOR_BROKEN,
        ]


EXAMPLES = [
    Discrepancy(CheckRule.UNKNOWN_ACCOUNT, "e", "a"),
    Discrepancy(CheckRule.UNIT_MISMATCH, "e", "a", Unit.LOAF),
    Discrepancy(CheckRule.ENTRY_UNBALANCED, "e", unit=Unit.EGP, found=3),
    Discrepancy(CheckRule.ORPHAN_REVERSAL, "e"),
    Discrepancy(CheckRule.REVERSAL_OF_REVERSAL, "e"),
    Discrepancy(CheckRule.REVERSAL_NOT_MIRROR, "e"),
    Discrepancy(CheckRule.REVERSED_TWICE, "e"),
    Discrepancy(CheckRule.ORPHAN_BALANCE, account_id="a"),
    Discrepancy(CheckRule.BALANCE_MISMATCH, None, "a", Unit.EGP, 1, 2),
    Discrepancy(CheckRule.UNIT_NOT_ZERO, unit=Unit.BREAD_POINT, found=4),
    Discrepancy(CheckRule.FLOOR_BROKEN, None, "a", Unit.LOAF, -1, 0),
]


class TestDescriptions:
    def test_there_is_an_example_of_each_rule(self) -> None:
        assert {d.rule for d in EXAMPLES} == set(CheckRule)

    @pytest.mark.parametrize("discrepancy", EXAMPLES, ids=lambda d: d.rule.value)
    def test_the_description_is_the_catalog_english(self, discrepancy: Discrepancy) -> None:
        # Keeps the domain's English (for logs) and the catalog's (for people) the same words.
        assert discrepancy.description == render(discrepancy.code, discrepancy.params, "en")
        assert str(discrepancy) == discrepancy.description

    @pytest.mark.parametrize("discrepancy", EXAMPLES, ids=lambda d: d.rule.value)
    def test_the_arabic_fills_every_field(self, discrepancy: Discrepancy) -> None:
        text = render(discrepancy.code, discrepancy.params, "ar")
        assert "{" not in text
        assert "رمز الخطأ" not in text  # the catalog's sentence for an unknown code
