"""Exponential back-off with equal jitter, capped, and a last attempt."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.notifications import RetryPolicy

NOW = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)
POLICY = RetryPolicy(max_attempts=5, first_delay=dt.timedelta(seconds=30), max_delay=dt.timedelta(minutes=5))


def wait(attempts: int, jitter: float) -> dt.timedelta:
    at = POLICY.next_attempt(attempts, NOW, jitter)
    assert at is not None
    return at - NOW


def test_steps_double_up_to_the_cap() -> None:
    assert [POLICY.step(n).total_seconds() for n in range(1, 7)] == [30, 60, 120, 240, 300, 300]


def test_the_wait_is_between_half_and_all_of_the_step() -> None:
    assert wait(1, 0.0) == dt.timedelta(seconds=15)
    assert wait(1, 0.999) < dt.timedelta(seconds=30)
    assert wait(3, 0.5) == dt.timedelta(seconds=90)


def test_no_retry_after_the_last_attempt() -> None:
    assert POLICY.next_attempt(5, NOW, 0.5) is None


def test_a_huge_attempt_count_does_not_overflow() -> None:
    assert RetryPolicy(max_attempts=10_000).step(9_999) == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "fields",
    [{"max_attempts": 0}, {"first_delay": dt.timedelta(0)}, {"max_delay": dt.timedelta(seconds=1)}],
)
def test_an_unusable_policy_is_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="unusable"):
        RetryPolicy(**fields)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=3), st.floats(min_value=0, max_value=1, exclude_max=True))
def test_waits_never_shrink_from_one_attempt_to_the_next(attempts: int, jitter: float) -> None:
    assert wait(attempts, jitter) <= wait(attempts + 1, jitter)


@given(st.integers(min_value=1, max_value=4), st.floats(min_value=0, max_value=1, exclude_max=True))
def test_every_wait_is_between_half_and_all_of_its_step(attempts: int, jitter: float) -> None:
    assert POLICY.step(attempts) / 2 <= wait(attempts, jitter) <= POLICY.step(attempts)
