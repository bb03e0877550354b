"""Codes are random six digits; digests are keyed and bound to the citizen and the purpose."""

from __future__ import annotations

import re

import pytest

from unicard.adapters.security.otp_codes import HmacCodeKeeper
from unicard.domain.app.otp import OtpPurpose

NID, OTHER_NID = "28503140300137", "29001010300158"
LOGIN, PICKUP = OtpPurpose.APP_LOGIN, OtpPurpose.PICKUP


@pytest.fixture
def keeper() -> HmacCodeKeeper:
    return HmacCodeKeeper(b"k" * 32)


def test_codes_are_six_digits_and_vary(keeper: HmacCodeKeeper) -> None:
    codes = {keeper.new_code() for _ in range(50)}
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    assert len(codes) > 40


def test_the_digest_is_not_the_code_and_matches_it(keeper: HmacCodeKeeper) -> None:
    digest = keeper.digest("042917", national_id=NID, purpose=LOGIN)
    assert "042917" not in digest
    assert keeper.matches("042917", digest, national_id=NID, purpose=LOGIN)
    assert not keeper.matches("042918", digest, national_id=NID, purpose=LOGIN)


def test_a_digest_is_bound_to_its_citizen_and_purpose(keeper: HmacCodeKeeper) -> None:
    digest = keeper.digest("042917", national_id=NID, purpose=LOGIN)
    assert not keeper.matches("042917", digest, national_id=OTHER_NID, purpose=LOGIN)
    assert not keeper.matches("042917", digest, national_id=NID, purpose=PICKUP)


def test_another_key_gives_another_digest(keeper: HmacCodeKeeper) -> None:
    other = HmacCodeKeeper(b"q" * 32)
    assert other.digest("042917", national_id=NID, purpose=LOGIN) != keeper.digest(
        "042917", national_id=NID, purpose=LOGIN
    )


def test_refuses_a_short_key() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        HmacCodeKeeper(b"short")
