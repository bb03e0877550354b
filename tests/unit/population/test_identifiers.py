import datetime as dt
import random

from unicard.adapters.population.identifiers import (
    CODES,
    Mobiles,
    NationalIds,
    RationCardNumbers,
)
from unicard.domain.shared.national_id import NationalId

TODAY = dt.date(2024, 6, 1)


def luhn_valid(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


class TestNationalIds:
    def test_a_full_birth_key_moves_the_birth_a_day_earlier(self) -> None:
        ids, rnd = NationalIds(TODAY), random.Random(1).random
        port_said = CODES.index("03")
        issued = [ids.issue(rnd, 100, port_said, True) for _ in range(5_001)]
        numbers = [number for number, _ in issued]
        assert len(set(numbers)) == len(numbers)
        assert {born for _, born in issued[:5_000]} == {TODAY - dt.timedelta(days=100)}
        assert issued[5_000][1] == TODAY - dt.timedelta(days=101)
        for number, born in issued[::250]:
            parsed = NationalId.parse(number, today=TODAY)
            assert (parsed.birth_date, parsed.governorate.code, parsed.sex.value) == (born, "03", "M")

    def test_serials_of_women_end_even(self) -> None:
        ids, rnd = NationalIds(TODAY), random.Random(1).random
        numbers = [ids.issue(rnd, 9_000, 0, False)[0] for _ in range(50)]
        assert all(int(number[12]) % 2 == 0 for number in numbers)


class TestMobiles:
    def test_never_repeat_a_number(self) -> None:
        mobiles, rnd = Mobiles(random.Random(2).random), random.Random(3).random
        numbers = [mobiles.issue(rnd) for _ in range(200_000)]
        assert len(set(numbers)) == len(numbers)
        assert all(
            len(number) == 13 and number[:5] in {"+2010", "+2011", "+2012", "+2015"} for number in numbers
        )


class TestRationCardNumbers:
    def test_are_unique_13_digit_luhn_valid_port_said_numbers(self) -> None:
        cards = RationCardNumbers(random.Random(4).random)
        numbers = [cards.number(index) for index in range(100_000)]
        assert len(set(numbers)) == len(numbers)
        assert all(len(number) == 13 and number.startswith("03") and luhn_valid(number) for number in numbers)
