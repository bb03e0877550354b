"""SMS length: GSM-7 or UCS-2, and how many parts, checked against UTF-16 code units."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from unicard.domain.notifications import SmsEncoding, measure, split

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ٠١٢٣٤٥٦٧٨٩٫٬،."
GSM_BASIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?@£$"


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def reference_parts(units: int, single: int, per_part: int) -> int:
    return 1 if units <= single else math.ceil(units / per_part)


class TestEncoding:
    def test_plain_english_is_gsm7(self) -> None:
        assert measure("EGP 50.00 paid at Al Amal Bakery").encoding is SmsEncoding.GSM7

    def test_one_arabic_letter_makes_it_ucs2(self) -> None:
        assert measure("EGP 50.00 paid at مخبز").encoding is SmsEncoding.UCS2

    def test_extension_characters_take_two_septets(self) -> None:
        assert measure("€5 [x]").units == 9

    def test_arabic_indic_digits_are_one_unit_each(self) -> None:
        assert measure("١٬٢٥٠٫٥٠").units == 8


class TestParts:
    def test_seventy_arabic_characters_are_one_part_seventy_one_are_two(self) -> None:
        assert measure("ب" * 70).parts == 1
        assert measure("ب" * 71).parts == 2

    def test_ucs2_parts_carry_67_characters(self) -> None:
        assert [len(part) for part in split("ب" * 135)] == [67, 67, 1]

    def test_gsm7_is_160_alone_and_153_per_part(self) -> None:
        assert measure("a" * 160).parts == 1
        assert [len(part) for part in split("a" * 161)] == [153, 8]

    def test_an_extension_character_is_not_cut_between_parts(self) -> None:
        parts = split("a" * 152 + "€" + "a" * 10)
        assert parts[0] == "a" * 152
        assert parts[1].startswith("€")

    def test_an_emoji_is_not_cut_between_parts(self) -> None:
        parts = split("ب" * 66 + "😀" + "ب" * 10)
        assert parts[0] == "ب" * 66
        assert parts[1].startswith("😀")

    def test_empty_text_is_one_part(self) -> None:
        assert measure("").parts == 1


@given(st.text(alphabet=ARABIC, max_size=400))
def test_ucs2_count_matches_utf16_code_units(text: str) -> None:
    length = measure("ب" + text)
    units = utf16_units("ب" + text)
    assert length.units == units
    assert length.parts == reference_parts(units, 70, 67)


@given(st.text(alphabet=GSM_BASIC, max_size=700))
def test_gsm7_count_matches_character_count(text: str) -> None:
    length = measure(text)
    assert length.encoding is SmsEncoding.GSM7
    assert length.parts == reference_parts(len(text), 160, 153)


@given(st.text(max_size=400))
def test_any_text_splits_into_parts_within_limits_that_rejoin(text: str) -> None:
    parts = split(text)
    length = measure(text)
    assert "".join(parts) == text
    if length.encoding is SmsEncoding.UCS2:
        # Keeping surrogate pairs whole may cost a part more than the plain division, never less.
        assert length.parts >= reference_parts(utf16_units(text), 70, 67)
        assert len(parts) == 1 or all(utf16_units(part) <= 67 for part in parts)
    else:
        assert len(parts) == 1 or all(measure(part).units <= 153 for part in parts)
