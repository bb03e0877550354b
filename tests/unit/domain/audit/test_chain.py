"""The audit chains: any altered, removed, reordered or truncated record is found."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.audit.chain import (
    GENESIS_HASH,
    AuditEvent,
    AuditRecord,
    ChainEnd,
    digest,
    first_break,
    seal,
)

AT = dt.datetime(2026, 11, 22, 9, 0, tzinfo=dt.UTC)


def chain(name: str, length: int) -> list[AuditRecord]:
    records: list[AuditRecord] = []
    previous = GENESIS_HASH
    for seq in range(1, length + 1):
        event = AuditEvent(actor="clerk", action="citizen.update", subject=f"citizen:{seq}", at=AT)
        records.append(seal(name, seq, event, previous))
        previous = records[-1].hash
    return records


def ends_of(*chains: list[AuditRecord]) -> list[ChainEnd]:
    return [ChainEnd(c[-1].chain, c[-1].seq, c[-1].hash) for c in chains if c]


class TestIntactChains:
    def test_empty_log_is_intact(self) -> None:
        assert first_break([], []) is None

    def test_several_chains_are_intact(self) -> None:
        registry, terminals = chain("registry", 5), chain("txn-01", 3)
        assert first_break(registry + terminals, ends_of(registry, terminals)) is None


class TestTampering:
    def test_altered_record(self) -> None:
        records = chain("registry", 5)
        forged = dataclasses.replace(records[2].event, actor="mallory")
        records[2] = dataclasses.replace(records[2], event=forged)
        broken = first_break(records, ends_of(chain("registry", 5)))
        assert broken is not None
        assert (broken.seq, broken.problem) == (3, "altered")

    def test_removed_record(self) -> None:
        records = chain("registry", 5)
        ends = ends_of(records)
        del records[1]
        broken = first_break(records, ends)
        assert broken is not None
        assert (broken.seq, broken.problem) == (2, "missing")

    def test_rehashed_record_breaks_the_link_after_it(self) -> None:
        records = chain("registry", 4)
        event = dataclasses.replace(records[1].event, actor="mallory")
        records[1] = seal("registry", 2, event, records[0].hash)  # a forger recomputes one hash
        broken = first_break(records, ends_of(chain("registry", 4)))
        assert broken is not None
        assert (broken.seq, broken.problem) == (3, "relinked")

    def test_truncated_chain_is_found_by_its_recorded_end(self) -> None:
        records = chain("registry", 5)
        broken = first_break(records[:3], ends_of(records))
        assert broken is not None
        assert (broken.seq, broken.problem) == (4, "missing")

    def test_a_whole_chain_removed_is_found(self) -> None:
        registry, other = chain("registry", 2), chain("txn-01", 2)
        broken = first_break(registry, ends_of(registry, other))
        assert broken is not None
        assert (broken.chain, broken.problem) == ("txn-01", "missing")

    @given(st.integers(min_value=0, max_value=9), st.text(min_size=1, max_size=5))
    def test_any_change_of_any_actor_is_found(self, index: int, actor: str) -> None:
        records = chain("registry", 10)
        original = records[index]
        if actor == original.event.actor:
            return
        records[index] = dataclasses.replace(original, event=dataclasses.replace(original.event, actor=actor))
        assert first_break(records, ends_of(chain("registry", 10))) is not None


@pytest.mark.parametrize("snapshot", [None, {"a": 1}, {"name": "محمد", "nested": {"b": [1, 2]}}])
def test_digest_is_stable_and_order_free(snapshot: dict[str, object] | None) -> None:
    if snapshot is None:
        assert digest(None) is None
        return
    reordered = dict(reversed(list(snapshot.items())))
    assert digest(snapshot) == digest(reordered)
