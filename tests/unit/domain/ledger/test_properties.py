"""Random sequences of transfers, purchases, reversals and crashes keep every ledger invariant.

The machine keeps its own model: the sum of the postings it saw accepted, per account. It
predicts each decline from that model, then checks the ledger agrees and that ``check()`` is clean.
"""

from __future__ import annotations

import contextlib
from collections import Counter

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tests.unit.domain.ledger.chart import ALL, BY_ID, POLICY, bread_purchase, bread_quota_credit, deposit
from unicard.domain.ledger import (
    DuplicateEntry,
    EntryBuilder,
    EntryKind,
    InMemoryLedger,
    InsufficientFunds,
    InvalidEntry,
    JournalEntry,
    ReversalRefused,
    Unit,
    apply,
    reverse,
)
from unicard.domain.shared.errors import DomainError

BY_UNIT = {unit: [account for account in ALL if account.unit is unit] for unit in Unit}
AMOUNTS = st.integers(min_value=1, max_value=2_000)


class Crash(Exception):
    """Anything that fails after an entry is built and before the transaction commits."""


@st.composite
def builders(draw: st.DrawFn, entry_id: str) -> EntryBuilder:
    """One to four legs, each a debit and a credit of the same amount in one unit."""
    builder = EntryBuilder(entry_id, EntryKind.TRANSFER, POLICY)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        unit = draw(st.sampled_from(Unit))
        source, destination = draw(
            st.lists(st.sampled_from(BY_UNIT[unit]), min_size=2, max_size=2, unique=True)
        )
        amount = draw(AMOUNTS)
        builder = builder.debit(source, amount).credit(destination, amount)
    return builder


def declines(balances: dict[str, int], entry: JournalEntry) -> bool:
    """Whether a debit of ``entry`` would take a floored account below its floor."""
    return any(
        p.amount < 0 and not BY_ID[p.account_id].rule.allows(balances[p.account_id] + p.amount)
        for p in entry.postings
    )


def net_by_account(*entries: JournalEntry) -> Counter[str]:
    net: Counter[str] = Counter()
    for entry in entries:
        for posting in entry.postings:
            net[posting.account_id] += posting.amount
    return net


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ledger = InMemoryLedger(ALL)
        self.model = {account.id: 0 for account in ALL}
        self.posted: list[JournalEntry] = []
        self.reversed: set[str] = set()
        self.serial = 0

    def next_id(self, prefix: str) -> str:
        self.serial += 1
        return f"{prefix}-{self.serial}"

    def post_as_predicted(self, entry: JournalEntry) -> None:
        before = self.ledger.balances
        if declines(self.model, entry):
            event(f"{entry.kind}: declined")
            with pytest.raises(InsufficientFunds):
                self.ledger.post(entry)
            assert self.ledger.balances == before
            return
        event(f"{entry.kind}: posted")
        self.ledger.post(entry)
        for posting in entry.postings:
            self.model[posting.account_id] += posting.amount
        self.posted.append(entry)
        if entry.reverses is not None:
            self.reversed.add(entry.reverses)

    @rule(data=st.data())
    def transfer(self, data: st.DataObject) -> None:
        unit = data.draw(st.sampled_from(Unit))
        source, destination = data.draw(
            st.lists(st.sampled_from(BY_UNIT[unit]), min_size=2, max_size=2, unique=True)
        )
        entry = JournalEntry.transfer(
            entry_id=self.next_id("t"),
            kind=EntryKind.TRANSFER,
            source=source,
            destination=destination,
            amount=data.draw(AMOUNTS),
            policy_version=POLICY,
        )
        self.post_as_predicted(entry)

    @initialize(loaves=st.integers(min_value=0, max_value=150), piasters=st.integers(0, 5_000))
    def open_the_period(self, loaves: int, piasters: int) -> None:
        # Start with something posted, so every rule has an entry to reverse or repeat.
        self.fund_the_household(loaves + 1, piasters + 1)

    @rule(loaves=st.integers(min_value=1, max_value=150), piasters=AMOUNTS)
    def fund_the_household(self, loaves: int, piasters: int) -> None:
        # Without quota and money in the wallet, almost every bread purchase would be declined.
        self.post_as_predicted(bread_quota_credit(self.next_id("q"), loaves).build())
        self.post_as_predicted(deposit(self.next_id("d"), piasters).build())

    @rule(
        loaves=st.integers(min_value=1, max_value=20), price=st.integers(1, 50), subsidy=st.integers(1, 200)
    )
    def buy_bread(self, loaves: int, price: int, subsidy: int) -> None:
        self.post_as_predicted(bread_purchase(self.next_id("b"), loaves, price, subsidy).build())

    @rule(data=st.data())
    def post_many_legs(self, data: st.DataObject) -> None:
        builder = data.draw(builders(self.next_id("m")))
        lines = Counter[str]()
        for line in builder.lines:
            lines[line.account_id] += line.amount
        if 0 in lines.values():  # legs that cancel out on an account cannot be built
            with pytest.raises(InvalidEntry, match=r"ledger\.zero_posting"):
                builder.build()
            return
        self.post_as_predicted(builder.build())

    @rule(data=st.data())
    def reverse_an_entry(self, data: st.DataObject) -> None:
        original = data.draw(st.sampled_from(self.posted))
        if original.reverses is not None or original.id in self.reversed:
            reason = "reversal_of_reversal" if original.reverses else "already_reversed"
            event(f"reversal: refused, {reason}")
            before = self.ledger.balances
            with pytest.raises(ReversalRefused, match=rf"ledger\.{reason}"):
                self.ledger.reverse(original.id, reversal_id=self.next_id("r"))
            assert self.ledger.balances == before
            return
        mirror = reverse(original, entry_id=self.next_id("r"))
        self.post_as_predicted(mirror)
        if original.id in self.reversed:
            assert all(amount == 0 for amount in net_by_account(original, mirror).values())

    @rule(data=st.data())
    def post_an_entry_again(self, data: st.DataObject) -> None:
        before = self.ledger.balances
        with pytest.raises(DuplicateEntry):
            self.ledger.post(data.draw(st.sampled_from(self.posted)))
        assert self.ledger.balances == before

    @rule(data=st.data())
    def crash_midway(self, data: st.DataObject) -> None:
        before = self.ledger.balances, self.ledger.entries
        with pytest.raises(Crash):
            self.post_then_crash(data)
        assert (self.ledger.balances, self.ledger.entries) == before

    def post_then_crash(self, data: st.DataObject) -> None:
        with self.ledger.atomic():
            for _ in range(data.draw(st.integers(min_value=0, max_value=3))):
                # A declined or malformed entry on the way to the crash changes nothing either.
                with contextlib.suppress(DomainError):
                    self.ledger.post(data.draw(builders(self.next_id("c"))).build())
            with contextlib.suppress(DomainError):
                data.draw(builders(self.next_id("c"))).build()  # built, never posted
            raise Crash

    @invariant()
    def check_is_clean(self) -> None:
        assert self.ledger.check() is None

    @invariant()
    def balances_are_the_sum_of_accepted_postings(self) -> None:
        assert self.ledger.balances == self.model
        assert self.ledger.entries == tuple(self.posted)

    @invariant()
    def no_floor_is_broken(self) -> None:
        balances = self.ledger.balances.items()
        assert all(BY_ID[account_id].rule.allows(balance) for account_id, balance in balances)

    @invariant()
    def each_unit_sums_to_zero(self) -> None:
        for unit, accounts in BY_UNIT.items():
            assert sum(self.ledger.balance(account.id) for account in accounts) == 0, unit

    @invariant()
    def a_reversed_entry_nets_to_zero(self) -> None:
        for mirror in self.posted:
            if mirror.reverses is not None:
                original = self.ledger.entry(mirror.reverses)
                assert all(amount == 0 for amount in net_by_account(original, mirror).values())


TestLedgerMachine = LedgerMachine.TestCase
TestLedgerMachine.settings = settings(
    max_examples=50, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@settings(max_examples=100, deadline=None)
@given(
    balances=st.fixed_dictionaries({account.id: st.integers(0, 3_000) for account in ALL}),
    data=st.data(),
)
def test_apply_is_all_or_nothing(balances: dict[str, int], data: st.DataObject) -> None:
    builder = data.draw(builders("p-1"))
    try:
        entry = builder.build()
    except InvalidEntry:
        return
    given_balances = dict(balances)
    try:
        after = apply(balances, entry, BY_ID)
    except InsufficientFunds:
        assert declines(balances, entry)
    else:
        assert not declines(balances, entry)
        net = net_by_account(entry)
        assert after == {account_id: balance + net[account_id] for account_id, balance in balances.items()}
    assert balances == given_balances
