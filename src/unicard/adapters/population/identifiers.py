"""Unique national IDs, mobile numbers and ration card numbers, unique by construction.

No generated value is remembered. National ID serials are counted per (birth date, governorate,
sex) in a fixed-size array; mobiles and ration card numbers come from a counter pushed through a
seeded bijection, so distinct counts always give distinct numbers that do not look sequential.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable

from unicard.domain.shared.governorates import GOVERNORATES

#: Oldest age generated, in days (just under 100 years); with ``today`` from 2000 on, every birth
#: year is one the century digit can express (1900–2099).
MAX_AGE_DAYS = 36_500
#: Every governorate code, in a fixed order: a birthplace is an index into this tuple.
CODES: tuple[str, ...] = tuple(GOVERNORATES)
_SERIALS_PER_KEY = 5_000  # digits 10–12 (000–999) × five digits 13 of the right parity
_DIGITS13 = ("02468", "13579")  # indexed by male: odd for a man, even for a woman
_THREE_DIGITS = tuple(f"{n:03d}" for n in range(1000))
_DIGITS = "0123456789"
_CODE_COUNT = len(CODES)

Random = Callable[[], float]


class NationalIds:
    """Issues ``C YYMMDD GG SSSS K`` numbers; the serial ``SSSS`` is allocated per birth key.

    A birth key is (birth date, governorate, sex); its ``n``-th person gets serial ``n`` mapped
    through a bijection of 0–4999, so no two people of a key share a serial. Should a key ever
    be full (5,000 people born the same day in the same governorate, of the same sex), the birth
    moves one day earlier.
    """

    def __init__(self, today: dt.date) -> None:
        today_ord = today.toordinal()
        self._prefix: list[str] = []
        self._dates: list[dt.date] = []
        for age in range(MAX_AGE_DAYS + 2):
            born = dt.date.fromordinal(today_ord - age)
            self._dates.append(born)
            self._prefix.append(f"{2 + born.year // 2000}{born:%y%m%d}")
        self._used = array("H", bytes(2 * (MAX_AGE_DAYS + 2) * _CODE_COUNT * 2))

    def issue(self, rnd: Random, age_days: int, birthplace: int, male: bool) -> tuple[str, dt.date]:
        """A new national ID and its birth date (``age_days`` before ``today``, or a day more)."""
        key = (age_days * _CODE_COUNT + birthplace) * 2 + male
        count = self._used[key]
        while count >= _SERIALS_PER_KEY:
            age_days, key = age_days + 1, key + 2 * _CODE_COUNT
            count = self._used[key]
        self._used[key] = count + 1
        block = (count // 5 * 379 + key) % 1000  # 379 is prime to 1000: a bijection of blocks
        check = _DIGITS[int(rnd() * 10)]  # no public algorithm: any digit will do (POLICY.md)
        return (
            f"{self._prefix[age_days]}{CODES[birthplace]}"
            f"{_THREE_DIGITS[block]}{_DIGITS13[male][count % 5]}{check}",
            self._dates[age_days],
        )


class Mobiles:
    """E.164 Egyptian mobiles with a realistic operator mix, never the same number twice.

    Each operator prefix (010 Vodafone, 011 e&, 012 Orange, 015 WE) counts its own numbers.
    """

    # Operator digit and approximate share of subscribers, in per cent.
    _SHARES = (("0", 42), ("2", 27), ("1", 20), ("5", 11))

    def __init__(self, rnd: Random) -> None:
        self._operators = tuple(index for index, (_, share) in enumerate(self._SHARES) for _ in range(share))
        self._prefixes = tuple(f"+201{digit}" for digit, _ in self._SHARES)
        self._issued = [0] * len(self._SHARES)
        self._scramblers = tuple(_Scrambler(rnd, 8) for _ in self._SHARES)

    def issue(self, rnd: Random) -> str:
        operator = self._operators[int(rnd() * len(self._operators))]
        count = self._issued[operator]
        self._issued[operator] = count + 1
        return f"{self._prefixes[operator]}{self._scramblers[operator].scramble(count):08d}"


class RationCardNumbers:
    """13-digit legacy ration card numbers: ``03`` (Port Said), 10 scrambled digits, a Luhn digit.

    The real numbering is not public; this one is only meant to look plausible and be unique.
    """

    def __init__(self, rnd: Random) -> None:
        self._scrambler = _Scrambler(rnd, 10)

    def number(self, index: int) -> str:
        """The ``index``-th household's number; distinct indices give distinct numbers."""
        body = f"03{self._scrambler.scramble(index):010d}"
        return body + _luhn_digit(body)


class _Scrambler:
    """A seeded bijection of ``0 … 10**digits - 1`` (``digits`` even): a three-round Feistel
    network on the two halves of the number, so consecutive inputs give unrelated outputs."""

    def __init__(self, rnd: Random, digits: int) -> None:
        self._half: int = 10 ** (digits // 2)
        self._keys = tuple(int(rnd() * 2**32) for _ in range(3))

    def scramble(self, value: int) -> int:
        half = self._half
        left, right = divmod(value, half)
        for key in self._keys:
            # (left, right) -> (right, left + F(right)) is invertible whatever F is.
            left, right = right, (left + ((right ^ key) * 0x9E3779B97F4A7C15 >> 29)) % half
        return left * half + right


def _luhn_digit(digits: str) -> str:
    doubled = sum(_LUHN_DOUBLED[int(digit)] for digit in digits[::-2])
    return str(-(doubled + sum(int(digit) for digit in digits[-2::-2])) % 10)


_LUHN_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)  # 2d, less 9 when that is two digits
