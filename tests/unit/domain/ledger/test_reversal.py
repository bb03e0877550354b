import pytest

from tests.unit.domain.ledger.chart import POLICY, bread_purchase, deposit
from unicard.domain.ledger import EntryKind, ReversalRefused, check_reversible, is_mirror, reverse


class TestReverse:
    def test_mirrors_every_posting_and_links_the_original(self) -> None:
        original = bread_purchase("txn-1", loaves=5).build()
        mirror = reverse(original, entry_id="rev-1", memo="terminal timed out")
        assert mirror.kind is EntryKind.REVERSAL
        assert mirror.reverses == "txn-1"
        assert mirror.memo == "terminal timed out"
        assert {p.account_id: p.amount for p in mirror.postings} == {
            p.account_id: -p.amount for p in original.postings
        }
        assert is_mirror(mirror, original)

    def test_keeps_the_original_policy_version_unless_told(self) -> None:
        original = deposit("txn-1", 500).build()
        assert reverse(original, entry_id="rev-1").policy_version == POLICY
        assert reverse(original, entry_id="rev-1", policy_version="2025-01-01").policy_version == "2025-01-01"

    def test_refuses_to_reverse_a_reversal(self) -> None:
        mirror = reverse(deposit("txn-1", 500).build(), entry_id="rev-1")
        with pytest.raises(ReversalRefused) as caught:
            reverse(mirror, entry_id="rev-2")
        assert caught.value.code == "ledger.reversal_of_reversal"
        assert caught.value.params == {"entry_id": "rev-1", "reverses": "txn-1"}


class TestCheckReversible:
    def test_allows_an_entry_not_yet_reversed(self) -> None:
        check_reversible(deposit("txn-1", 500).build(), already_reversed={"txn-0"})

    def test_refuses_an_entry_already_reversed(self) -> None:
        with pytest.raises(ReversalRefused) as caught:
            check_reversible(deposit("txn-1", 500).build(), already_reversed={"txn-1"})
        assert caught.value.code == "ledger.already_reversed"

    def test_refuses_a_reversal(self) -> None:
        mirror = reverse(deposit("txn-1", 500).build(), entry_id="rev-1")
        with pytest.raises(ReversalRefused, match=r"ledger\.reversal_of_reversal"):
            check_reversible(mirror, already_reversed=set())


class TestIsMirror:
    def test_a_different_amount_is_not_a_mirror(self) -> None:
        original = deposit("txn-1", 500).build()
        assert not is_mirror(reverse(deposit("txn-2", 499).build(), entry_id="rev-1"), original)

    def test_a_mirror_of_another_entry_is_not_a_mirror(self) -> None:
        original = deposit("txn-1", 500).build()
        twin = deposit("txn-2", 500).build()
        assert not is_mirror(reverse(twin, entry_id="rev-1"), original)
