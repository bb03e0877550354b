"""Merchant ids (BKR-03-000123) and terminal ids (T-BKR-03-000123-01)."""

from __future__ import annotations

import pytest

from unicard.domain.merchants import (
    MerchantIdParts,
    MerchantKind,
    merchant_id,
    parse_merchant_id,
    parse_terminal_id,
    terminal_id,
)
from unicard.domain.shared.errors import Conflict, InvalidValue


class TestMerchantId:
    def test_reads_kind_governorate_and_serial(self) -> None:
        assert parse_merchant_id("BKR-03-000123") == MerchantIdParts(MerchantKind.BAKERY, "03", 123)

    def test_tolerates_lower_case_and_spaces(self) -> None:
        assert parse_merchant_id(" grc-21-000007 ").kind is MerchantKind.GROCER

    def test_is_written_with_fixed_widths(self) -> None:
        assert merchant_id(MerchantKind.POST_COUNTER, "03", 42) == "PST-03-000042"

    @pytest.mark.parametrize(
        ("raw", "code"),
        [
            ("BKR-3-000123", "merchant.id_format"),
            ("BKR-03-123", "merchant.id_format"),
            ("BKR-03-000000", "merchant.id_format"),
            ("BKR03000123", "merchant.id_format"),
            ("", "merchant.id_format"),
            ("XYZ-03-000123", "merchant.id_prefix"),
            ("BKR-88-000123", "merchant.id_governorate"),
            ("BKR-99-000123", "merchant.id_governorate"),
        ],
    )
    def test_refuses_malformed_ids(self, raw: str, code: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            parse_merchant_id(raw)
        assert refused.value.code == code
        assert refused.value.params["field"] == "id"

    def test_serials_run_out_at_six_digits(self) -> None:
        with pytest.raises(Conflict, match=r"merchant\.serial_exhausted"):
            merchant_id(MerchantKind.BAKERY, "03", 1_000_000)


class TestTerminalId:
    def test_is_the_merchant_id_and_a_number(self) -> None:
        assert terminal_id("BKR-03-000123", 1) == "T-BKR-03-000123-01"
        assert parse_terminal_id("t-bkr-03-000123-07") == ("BKR-03-000123", 7)

    @pytest.mark.parametrize(
        "raw", ["T-BKR-03-000123-00", "T-BKR-03-000123-1", "BKR-03-000123-01", "T-XYZ-03-000123-01"]
    )
    def test_refuses_malformed_ids_as_terminal_ids(self, raw: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            parse_terminal_id(raw)
        assert refused.value.code == "terminal.id_format"

    def test_a_merchant_has_at_most_99_terminals(self) -> None:
        assert terminal_id("BKR-03-000123", 99).endswith("-99")
        with pytest.raises(Conflict, match=r"terminal\.number_exhausted"):
            terminal_id("BKR-03-000123", 100)
