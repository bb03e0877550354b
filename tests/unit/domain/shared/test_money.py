from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import ZERO, Money, to_arabic_digits

ARABIC_MINUS = "\u061c-"  # Arabic letter mark, then the minus sign


class TestParse:
    @pytest.mark.parametrize(
        ("raw", "piasters"),
        [
            ("12.50", 1250),
            ("12.5", 1250),
            ("0.5", 50),
            ("0.05", 5),
            ("0", 0),
            ("7", 700),
            ("-3", -300),
            ("-0.20", -20),
            ("  42  ", 4200),
            ("1250", 125000),
            ("1,250", 125000),
            ("1,000,000", 100000000),
            ("EGP 1,250.50", 125050),
            ("EGP1,250.50", 125050),
            ("egp 7", 700),
            ("1,250.50 EGP", 125050),
            ("LE 7", 700),
            ("7 L.E.", 700),
            ("EGP -3.00", -300),
            ("١٢٫٥٠ ج.م", 1250),
            ("١٢٫٥٠ ج.م.", 1250),
            ("١٬٢٥٠٫٥٠ ج.م.", 125050),
            ("ج.م ١٢", 1200),
            ("١٢ جنيه", 1200),
            ("١٢ جنيها", 1200),
            ("۱۲٫۵", 1250),  # Eastern Arabic (Persian) digits
            ("١٢.٥٠", 1250),  # Arabic digits with a Western decimal point
            (ARABIC_MINUS + "٣٫٠٠ ج.م.", -300),
        ],
    )
    def test_reads(self, raw: str, piasters: int) -> None:
        assert Money.parse(raw) == Money(piasters)

    @pytest.mark.parametrize(
        "raw",
        [
            "1.234",  # three decimals: a thousands separator, or a typo
            "abc",
            "1,23",
            "1,2345",
            "12,50",
            "",
            "EGP",
            "12.",
            ".5",
            "1.2.3",
            "--3",
            "+3",
            "1 250",
            "3-",
            "twelve",
            "١٢٫٥٠٫٠",
            "USD 12",
        ],
    )
    def test_rejects_as_unreadable(self, raw: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            Money.parse(raw)
        assert caught.value.code == "money.unreadable"
        assert caught.value.params == {"field": "amount", "value": raw}


class TestConstructor:
    def test_holds_piasters(self) -> None:
        assert Money(20).piasters == 20

    def test_pounds_and_piasters(self) -> None:
        assert Money.pounds(12, 50) == Money(1250)
        assert Money.pounds(3) == Money(300)

    @pytest.mark.parametrize("value", [1.5, 2.0, Decimal("1.00"), "5", None])
    def test_rejects_anything_but_an_int(self, value: object) -> None:
        with pytest.raises(InvalidValue) as caught:
            Money(value)  # type: ignore[arg-type]
        assert caught.value.code == "money.not_integer"
        assert caught.value.params["field"] == "amount"
        assert caught.value.params["value"] == repr(value)

    @pytest.mark.parametrize("value", [True, False])
    def test_rejects_a_bool(self, value: bool) -> None:
        with pytest.raises(InvalidValue) as caught:
            Money(value)
        assert caught.value.code == "money.not_integer"


class TestArithmetic:
    def test_add_and_subtract(self) -> None:
        assert Money(1250) + Money(20) == Money(1270)
        assert Money(20) - Money(1250) == Money(-1230)

    def test_negate(self) -> None:
        assert -Money(300) == Money(-300)
        assert -ZERO == ZERO

    def test_multiply_by_a_whole_number_either_side(self) -> None:
        assert Money(20) * 5 == Money(100)
        assert 150 * Money(20) == Money(3000)
        assert Money(20) * 0 == ZERO

    @pytest.mark.parametrize("factor", [1.5, 2.0, True])
    def test_rejects_a_non_int_factor(self, factor: object) -> None:
        with pytest.raises(InvalidValue) as caught:
            Money(20) * factor  # type: ignore[operator]
        assert caught.value.code == "money.not_integer"
        assert caught.value.params["field"] == "factor"

    def test_orders_by_amount(self) -> None:
        assert Money(-1) < ZERO < Money(1) <= Money(1)
        assert max(Money(5), Money(50), Money(20)) == Money(50)

    def test_is_negative(self) -> None:
        assert Money(-1).is_negative
        assert not ZERO.is_negative
        assert not Money(1).is_negative

    def test_is_hashable_and_immutable(self) -> None:
        assert len({Money(5), Money(5), Money(6)}) == 2
        with pytest.raises(AttributeError):
            Money(5).piasters = 6  # type: ignore[misc]


class TestFormat:
    @pytest.mark.parametrize(
        ("piasters", "english"),
        [
            (0, "EGP 0.00"),
            (5, "EGP 0.05"),
            (20, "EGP 0.20"),
            (1250, "EGP 12.50"),
            (125050, "EGP 1,250.50"),
            (100000000, "EGP 1,000,000.00"),
            (-300, "EGP -3.00"),
            (-125050, "EGP -1,250.50"),
        ],
    )
    def test_english(self, piasters: int, english: str) -> None:
        assert Money(piasters).format("en") == english
        assert Money(piasters).format() == english
        assert str(Money(piasters)) == english

    @pytest.mark.parametrize(
        ("piasters", "arabic"),
        [
            (0, "٠٫٠٠ ج.م."),
            (5, "٠٫٠٥ ج.م."),
            (1250, "١٢٫٥٠ ج.م."),
            (125050, "١٬٢٥٠٫٥٠ ج.م."),
            (100000000, "١٬٠٠٠٬٠٠٠٫٠٠ ج.م."),
            (-300, ARABIC_MINUS + "٣٫٠٠ ج.م."),
        ],
    )
    def test_arabic_uses_arabic_indic_digits_and_separators(self, piasters: int, arabic: str) -> None:
        formatted = Money(piasters).format("ar")
        assert formatted == arabic
        assert not any(char in "0123456789.," for char in formatted.removesuffix(" ج.م."))


class TestRoundTrip:
    @given(st.integers(min_value=-(10**15), max_value=10**15))
    def test_english_format_parses_back(self, piasters: int) -> None:
        money = Money(piasters)
        assert Money.parse(money.format("en")) == money

    @given(st.integers(min_value=-(10**15), max_value=10**15))
    def test_arabic_format_parses_back(self, piasters: int) -> None:
        money = Money(piasters)
        assert Money.parse(money.format("ar")) == money


def test_to_arabic_digits() -> None:
    assert to_arabic_digits("2024-06-01") == "٢٠٢٤-٠٦-٠١"
