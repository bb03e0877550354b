"""The rules of one-time codes: lifetime, attempts, single use, re-issue pace, the typed form."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.domain.app.otp import (
    LIFETIME,
    MAX_ATTEMPTS,
    REISSUE_INTERVAL,
    OneTimeCode,
    OtpPurpose,
    OtpState,
    Verdict,
    normalized_code,
    purpose_of,
    wait_before_reissue,
)
from unicard.domain.shared.clock import CAIRO
from unicard.domain.shared.errors import InvalidValue

T0 = dt.datetime(2026, 11, 22, 9, 0, tzinfo=CAIRO)


def issued() -> OneTimeCode:
    return OneTimeCode.issue(
        national_id="28503140300137",
        purpose=OtpPurpose.APP_LOGIN,
        digest="d" * 64,
        mobile="+201012345678",
        at=T0,
    )


class TestEntering:
    def test_the_right_code_is_accepted_and_used_up(self) -> None:
        after, verdict = issued().entered(matches=True, now=T0 + dt.timedelta(minutes=1))
        assert verdict is Verdict.ACCEPTED
        assert after.state is OtpState.USED

    def test_a_used_code_cannot_be_tried_again(self) -> None:
        used, _ = issued().entered(matches=True, now=T0)
        with pytest.raises(ValueError, match="used"):
            used.entered(matches=True, now=T0)

    def test_a_wrong_code_counts_a_try_and_stays_live(self) -> None:
        after, verdict = issued().entered(matches=False, now=T0)
        assert verdict is Verdict.WRONG
        assert (after.state, after.attempts, after.attempts_left) == (OtpState.LIVE, 1, MAX_ATTEMPTS - 1)

    def test_the_fifth_wrong_try_kills_the_code(self) -> None:
        code = issued()
        verdicts = []
        for _ in range(MAX_ATTEMPTS):
            code, verdict = code.entered(matches=False, now=T0)
            verdicts.append(verdict)
        assert verdicts == [Verdict.WRONG] * (MAX_ATTEMPTS - 1) + [Verdict.EXHAUSTED]
        assert code.state is OtpState.DEAD

    def test_the_right_code_after_four_wrong_tries_is_still_accepted(self) -> None:
        code = issued()
        for _ in range(MAX_ATTEMPTS - 1):
            code, _ = code.entered(matches=False, now=T0)
        assert code.entered(matches=True, now=T0)[1] is Verdict.ACCEPTED

    def test_expires_five_minutes_after_issue(self) -> None:
        assert dt.timedelta(minutes=5) == LIFETIME
        code = issued()
        assert code.entered(matches=True, now=T0 + LIFETIME - dt.timedelta(seconds=1))[1] is Verdict.ACCEPTED
        after, verdict = code.entered(matches=True, now=T0 + LIFETIME)
        assert (verdict, after.state) == (Verdict.EXPIRED, OtpState.DEAD)

    def test_an_expired_code_costs_no_try(self) -> None:
        after, _ = issued().entered(matches=False, now=T0 + LIFETIME)
        assert after.attempts == 0


class TestReissue:
    def test_first_code_needs_no_wait(self) -> None:
        assert wait_before_reissue(None, T0) == 0

    def test_waits_out_the_interval_in_whole_seconds(self) -> None:
        assert wait_before_reissue(T0, T0) == int(REISSUE_INTERVAL.total_seconds())
        assert wait_before_reissue(T0, T0 + dt.timedelta(seconds=59, milliseconds=500)) == 1
        assert wait_before_reissue(T0, T0 + REISSUE_INTERVAL) == 0


class TestTypedCode:
    @pytest.mark.parametrize(
        ("typed", "code"), [("042917", "042917"), ("٠٤٢٩١٧", "042917"), (" 042 917 ", "042917")]
    )
    def test_reads_ascii_and_arabic_digits(self, typed: str, code: str) -> None:
        assert normalized_code(typed) == code

    @pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", "12-456"])
    def test_refuses_anything_but_six_digits(self, typed: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            normalized_code(typed)
        assert (refused.value.code, refused.value.params["field"]) == ("otp.code_format", "code")

    def test_purpose_is_one_of_the_known(self) -> None:
        assert purpose_of("pickup") is OtpPurpose.PICKUP
        with pytest.raises(InvalidValue, match=r"otp\.purpose"):
            purpose_of("login")
