import pytest

from tests.unit.domain.ledger.chart import (
    AHMED_WALLET,
    BAKERY_BREAD,
    BAKERY_SALES,
    BREAD_QUOTA,
    BY_ID,
    POLICY,
    POST_CASH,
    SHOP_SALES,
    bread_purchase,
)
from unicard.domain.ledger import EntryBuilder, EntryKind, InvalidEntry, JournalEntry, Posting, Unit


def entry(*postings: Posting, entry_id: str = "txn-1", **fields: object) -> JournalEntry:
    return JournalEntry(entry_id, EntryKind.PURCHASE, postings, POLICY, **fields)  # type: ignore[arg-type]


def refused_code(build: object) -> str:
    assert callable(build)
    with pytest.raises(InvalidEntry) as caught:
        build()
    return caught.value.code


class TestPosting:
    @pytest.mark.parametrize("amount", [True, 1.0, 1.5, "5"])
    def test_refuses_an_amount_that_is_not_an_int(self, amount: object) -> None:
        assert refused_code(lambda: Posting("a", Unit.EGP, amount)) == "ledger.amount_not_integer"  # type: ignore[arg-type]

    def test_refuses_zero(self) -> None:
        assert refused_code(lambda: Posting("a", Unit.EGP, 0)) == "ledger.zero_posting"

    def test_mirror_negates_the_amount(self) -> None:
        assert Posting("a", Unit.LOAF, -5).mirrored() == Posting("a", Unit.LOAF, 5)


class TestJournalEntry:
    def test_a_balanced_entry_is_built(self) -> None:
        built = entry(Posting("wallet", Unit.EGP, -500), Posting("shop", Unit.EGP, 500))
        assert built.amount_for("wallet") == -500
        assert built.amount_for("shop") == 500
        assert built.amount_for("elsewhere") == 0

    def test_balances_in_several_units_at_once(self) -> None:
        built = bread_purchase("txn-1", loaves=5).build()
        assert {p.unit for p in built.postings} == {Unit.LOAF, Unit.EGP}

    def test_refuses_an_unbalanced_entry(self) -> None:
        with pytest.raises(InvalidEntry) as caught:
            entry(Posting("wallet", Unit.EGP, -500), Posting("shop", Unit.EGP, 499))
        assert caught.value.code == "ledger.unbalanced"
        assert caught.value.params["unit"] == "egp"
        assert caught.value.params["total"] == -1

    def test_a_loaf_never_balances_a_piaster(self) -> None:
        code = refused_code(lambda: entry(Posting("quota", Unit.LOAF, -5), Posting("shop", Unit.EGP, 5)))
        assert code == "ledger.unbalanced"

    def test_refuses_an_empty_entry(self) -> None:
        assert refused_code(entry) == "ledger.no_postings"

    def test_refuses_two_postings_to_one_account(self) -> None:
        code = refused_code(
            lambda: entry(
                Posting("wallet", Unit.EGP, -5),
                Posting("wallet", Unit.EGP, -5),
                Posting("shop", Unit.EGP, 10),
            )
        )
        assert code == "ledger.account_repeated"

    def test_refuses_a_missing_id(self) -> None:
        assert refused_code(lambda: entry(entry_id="")) == "ledger.entry_id_missing"

    def test_refuses_a_missing_policy_version(self) -> None:
        code = refused_code(
            lambda: JournalEntry(
                "txn-1", EntryKind.PURCHASE, (Posting("a", Unit.EGP, -1), Posting("b", Unit.EGP, 1)), ""
            )
        )
        assert code == "ledger.policy_version_missing"

    @pytest.mark.parametrize(
        ("kind", "reverses"),
        [(EntryKind.REVERSAL, None), (EntryKind.PURCHASE, "txn-0"), (EntryKind.REVERSAL, "txn-1")],
    )
    def test_only_a_reversal_names_what_it_reverses_and_never_itself(
        self, kind: EntryKind, reverses: str | None
    ) -> None:
        postings = (Posting("a", Unit.EGP, -1), Posting("b", Unit.EGP, 1))
        code = refused_code(lambda: JournalEntry("txn-1", kind, postings, POLICY, reverses=reverses))
        assert code == "ledger.reversal_link"

    def test_postings_given_as_a_list_are_kept_as_a_tuple(self) -> None:
        postings = [Posting("a", Unit.EGP, -1), Posting("b", Unit.EGP, 1)]
        built = JournalEntry("txn-1", EntryKind.PURCHASE, postings, POLICY)  # type: ignore[arg-type]
        assert isinstance(built.postings, tuple)


class TestTransfer:
    def test_debits_the_source_and_credits_the_destination(self) -> None:
        built = JournalEntry.transfer(
            entry_id="txn-1",
            kind=EntryKind.PURCHASE,
            source=AHMED_WALLET,
            destination=SHOP_SALES,
            amount=1250,
            policy_version=POLICY,
        )
        assert built.postings == (
            Posting(AHMED_WALLET.id, Unit.EGP, -1250),
            Posting(SHOP_SALES.id, Unit.EGP, 1250),
        )

    @pytest.mark.parametrize(
        ("amount", "code"), [(0, "not_positive"), (-5, "not_positive"), (2.5, "not_integer")]
    )
    def test_refuses_an_amount_that_is_not_a_positive_int(self, amount: object, code: str) -> None:
        def transfer() -> JournalEntry:
            return JournalEntry.transfer(
                entry_id="txn-1",
                kind=EntryKind.PURCHASE,
                source=AHMED_WALLET,
                destination=SHOP_SALES,
                amount=amount,  # type: ignore[arg-type]
                policy_version=POLICY,
            )

        assert refused_code(transfer) == f"ledger.amount_{code}"

    def test_refuses_a_transfer_to_the_same_account(self) -> None:
        def transfer() -> JournalEntry:
            return JournalEntry.transfer(
                entry_id="t",
                kind=EntryKind.TRANSFER,
                source=AHMED_WALLET,
                destination=AHMED_WALLET,
                amount=1,
                policy_version=POLICY,
            )

        assert refused_code(transfer) == "ledger.account_repeated"

    def test_refuses_a_transfer_across_units(self) -> None:
        def transfer() -> JournalEntry:
            return JournalEntry.transfer(
                entry_id="t",
                kind=EntryKind.TRANSFER,
                source=BREAD_QUOTA,
                destination=BAKERY_SALES,
                amount=5,
                policy_version=POLICY,
            )

        assert refused_code(transfer) == "ledger.unbalanced"


class TestEntryBuilder:
    def test_reads_like_the_business(self) -> None:
        built = bread_purchase("txn-9", loaves=5, price=20, subsidy=105).build()
        assert built.kind is EntryKind.BREAD_PURCHASE
        assert built.amount_for(BREAD_QUOTA.id) == -5
        assert built.amount_for(BAKERY_BREAD.id) == 5
        assert built.amount_for(AHMED_WALLET.id) == -100
        assert built.amount_for(BAKERY_SALES.id) == 100

    def test_takes_each_posting_unit_from_its_account(self) -> None:
        built = bread_purchase("txn-9", loaves=2).build()
        assert all(p.unit is BY_ID[p.account_id].unit for p in built.postings)

    def test_merges_lines_on_one_account(self) -> None:
        price_and_fee = (
            EntryBuilder("txn-1", EntryKind.PURCHASE, POLICY)
            .debit(AHMED_WALLET, 1000)
            .debit(AHMED_WALLET, 50)
            .credit(SHOP_SALES, 1050)
            .build()
        )
        assert price_and_fee.postings == (
            Posting(AHMED_WALLET.id, Unit.EGP, -1050),
            Posting(SHOP_SALES.id, Unit.EGP, 1050),
        )

    def test_lines_that_cancel_out_are_refused(self) -> None:
        builder = EntryBuilder("t", EntryKind.PURCHASE, POLICY).debit(AHMED_WALLET, 5).credit(AHMED_WALLET, 5)
        assert refused_code(builder.build) == "ledger.zero_posting"

    def test_each_line_returns_a_new_builder(self) -> None:
        start = EntryBuilder("t", EntryKind.DEPOSIT, POLICY).debit(POST_CASH, 5)
        one = start.credit(AHMED_WALLET, 5)
        assert start.lines != one.lines
        assert refused_code(start.build) == "ledger.unbalanced"

    @pytest.mark.parametrize("amount", [0, -1, True, 1.0])
    def test_refuses_a_line_that_is_not_a_positive_int(self, amount: object) -> None:
        builder = EntryBuilder("t", EntryKind.PURCHASE, POLICY)
        with pytest.raises(InvalidEntry):
            builder.debit(AHMED_WALLET, amount)  # type: ignore[arg-type]
        with pytest.raises(InvalidEntry):
            builder.credit(AHMED_WALLET, amount)  # type: ignore[arg-type]

    def test_an_empty_builder_builds_nothing(self) -> None:
        assert refused_code(EntryBuilder("t", EntryKind.PURCHASE, POLICY).build) == "ledger.no_postings"
