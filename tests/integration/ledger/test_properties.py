"""The SQL ledger against its reference: the same random operations, the same answers.

Every step runs in its own unit of work on the database (a refused or crashed one rolled back)
and on an :class:`InMemoryLedger` holding the same accounts. After each step both must have
answered alike (posted, or refused with the same error) and hold identical balances, and
``check_ledger`` must find the database clean. Each example opens its own accounts, so the
examples can share one migrated database.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.integration.ledger.chart import AT, POLICY
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.ledger import (
    Account,
    AccountKind,
    EntryBuilder,
    EntryKind,
    InMemoryLedger,
    JournalEntry,
    Owner,
    OwnerType,
    Unit,
)
from unicard.domain.shared.errors import DomainError
from unicard.services.ledger import check_ledger

AMOUNTS = st.integers(min_value=1, max_value=2_000)
# Two accounts of every unit with a floor and two without, so transfers can be declined or not.
CHART: tuple[tuple[AccountKind, OwnerType, str], ...] = (
    (AccountKind.WALLET, OwnerType.CITIZEN, "ahmed"),
    (AccountKind.WALLET, OwnerType.CITIZEN, "mona"),
    (AccountKind.RATION_CREDIT, OwnerType.HOUSEHOLD, "h1"),
    (AccountKind.MERCHANT_SETTLEMENT, OwnerType.MERCHANT, "shop"),
    (AccountKind.MINISTRY_FUNDING, OwnerType.SYSTEM, "ministry"),
    (AccountKind.BREAD_QUOTA, OwnerType.HOUSEHOLD, "h1"),
    (AccountKind.BREAD_QUOTA, OwnerType.HOUSEHOLD, "h2"),
    (AccountKind.BAKERY_BREAD, OwnerType.MERCHANT, "bakery"),
    (AccountKind.BREAD_ISSUE, OwnerType.SYSTEM, "ministry"),
    (AccountKind.BREAD_POINTS, OwnerType.HOUSEHOLD, "h1"),
    (AccountKind.BREAD_POINTS_ISSUE, OwnerType.SYSTEM, "ministry"),
)
_examples = itertools.count(1)


class Crash(Exception):
    """Anything that fails after an entry is posted and before the commit."""


def outcome(action: Callable[[], object]) -> str:
    """What an attempt came to: ``posted``, or the name of the refusal."""
    try:
        action()
    except (DomainError, Crash) as refusal:
        return type(refusal).__name__
    return "posted"


class SqlAgainstMemory(RuleBasedStateMachine):
    uow_factory: SqlUnitOfWorkFactory  # set by the test

    def __init__(self) -> None:
        super().__init__()
        example = next(_examples)
        self.prefix = f"x{example}-"
        keys = [(kind, Owner(owner_type, f"{self.prefix}{name}")) for kind, owner_type, name in CHART]
        with self.uow_factory() as uow:
            opened = uow.ledger.open_accounts(keys)
            uow.commit()
        self.accounts = [opened[key] for key in keys]
        self.by_id = {account.id: account for account in self.accounts}
        self.memory = InMemoryLedger(self.accounts)
        self.posted: list[JournalEntry] = []
        self.serial = itertools.count(1)

    def next_id(self) -> str:
        return f"{self.prefix}{next(self.serial)}"

    def in_unit(self, unit: Unit) -> list[Account]:
        return [account for account in self.accounts if account.unit is unit]

    def post_both(self, entry: JournalEntry, *, crash: bool = False) -> str:
        sql = outcome(lambda: self.post_sql(entry, crash=crash))
        memory = outcome(lambda: self.post_memory(entry, crash=crash))
        assert sql == memory, f"{entry}: SQL {sql}, in memory {memory}"
        event(f"{entry.kind}: {sql}")
        if sql == "posted":
            self.posted.append(entry)
        return sql

    def post_sql(self, entry: JournalEntry, *, crash: bool) -> None:
        with self.uow_factory() as uow:
            uow.ledger.post(entry, self.by_id, at=AT, shard_hint=hash(entry.id))
            if crash:
                raise Crash
            uow.commit()

    def post_memory(self, entry: JournalEntry, *, crash: bool) -> None:
        with self.memory.atomic():
            self.memory.post(entry)
            if crash:
                raise Crash

    @initialize(amount=AMOUNTS)
    def fund(self, amount: int) -> None:
        # Money, loaves and points in the floored accounts, so that debits can succeed at all.
        for unit in Unit:
            funder = next(
                a for a in self.in_unit(unit) if a.rule.floor is None and a.owner.type is OwnerType.SYSTEM
            )
            builder = EntryBuilder(self.next_id(), EntryKind.ENTITLEMENT_CREDIT, POLICY)
            for account in self.in_unit(unit):
                if account.rule.floor is not None:
                    builder = builder.debit(funder, amount).credit(account, amount)
            assert self.post_both(builder.build()) == "posted"

    @rule(data=st.data(), amount=AMOUNTS, crash=st.booleans())
    def transfer(self, data: st.DataObject, amount: int, crash: bool) -> None:
        unit = data.draw(st.sampled_from(Unit))
        source, destination = data.draw(
            st.lists(st.sampled_from(self.in_unit(unit)), min_size=2, max_size=2, unique=True)
        )
        entry = JournalEntry.transfer(
            entry_id=self.next_id(),
            kind=EntryKind.TRANSFER,
            source=source,
            destination=destination,
            amount=amount,
            policy_version=POLICY,
        )
        self.post_both(entry, crash=crash)

    @rule(data=st.data())
    def post_many_legs(self, data: st.DataObject) -> None:
        builder = EntryBuilder(self.next_id(), EntryKind.PURCHASE, POLICY)
        for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
            unit = data.draw(st.sampled_from(Unit))
            legs = st.lists(st.sampled_from(self.in_unit(unit)), min_size=2, max_size=2, unique=True)
            source, destination = data.draw(legs)
            amount = data.draw(AMOUNTS)
            builder = builder.debit(source, amount).credit(destination, amount)
        with contextlib.suppress(DomainError):  # legs that cancel out on an account cannot be built
            self.post_both(builder.build())

    @rule(data=st.data())
    def reverse_an_entry(self, data: st.DataObject) -> None:
        # Built by hand rather than with reverse(), so that refusals of a reversal of a reversal
        # and of a second reversal are the stores' to make.
        original = data.draw(st.sampled_from(self.posted))
        mirrored = tuple(posting.mirrored() for posting in original.postings)
        self.post_both(
            JournalEntry(self.next_id(), EntryKind.REVERSAL, mirrored, POLICY, reverses=original.id)
        )

    @rule(data=st.data())
    def post_an_entry_again(self, data: st.DataObject) -> None:
        assert self.post_both(data.draw(st.sampled_from(self.posted))) == "DuplicateEntry"

    @invariant()
    def balances_agree(self) -> None:
        with self.uow_factory() as uow:
            stored = uow.ledger.balances(list(self.by_id))
        assert stored == self.memory.balances

    @invariant()
    def the_database_checks_clean(self) -> None:
        assert check_ledger(self.uow_factory()) is None


def test_sql_ledger_matches_the_in_memory_ledger(uow_factory: SqlUnitOfWorkFactory) -> None:
    machine = type("Machine", (SqlAgainstMemory,), {"uow_factory": uow_factory})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )


def test_an_example_opens_its_own_accounts(uow_factory: SqlUnitOfWorkFactory) -> None:
    # Guards the sharing of one database between examples: two machines must not share accounts.
    machine = type("Machine", (SqlAgainstMemory,), {"uow_factory": uow_factory})
    first, second = machine(), machine()
    assert not set(first.by_id) & set(second.by_id)
