import datetime as dt
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import unicard
from unicard.adapters.policy_files import (
    PolicyFileError,
    load_book,
    load_shipped_book,
    parse_book,
    policy_to_plain,
)
from unicard.adapters.policy_files.loader import SHIPPED
from unicard.domain.shared.money import Money
from unicard.locale.catalog import describe

SHIPPED_TEXT = resources.files("unicard").joinpath(*SHIPPED).read_text(encoding="utf-8")
# Ways into the second version ([[policy]] number 2) of the shipped text.
SECOND = SHIPPED_TEXT.index('version = "2024-06-01.1"')


def line_number(text: str, fragment: str, start: int = 0) -> int:
    return text.count("\n", 0, text.index(fragment, start)) + 1


def edited(old: str, new: str, *, start: int = SECOND) -> str:
    at = SHIPPED_TEXT.index(old, start)
    return SHIPPED_TEXT[:at] + new + SHIPPED_TEXT[at + len(old) :]


def _rules(data: dict[str, Any]) -> dict[str, Any]:
    """A version's rules, without what names and explains it."""
    return {
        key: value
        for key, value in data.items()
        if key not in {"version", "effective_from", "sources", "unconfirmed"}
    }


def refusal(text: str) -> PolicyFileError:
    with pytest.raises(PolicyFileError) as caught:
        parse_book(text, file="benefits.toml")
    return caught.value


class TestShippedFile:
    def test_loads_two_versions_in_date_order(self) -> None:
        assert [each.version for each in load_shipped_book()] == ["2023-05-01.1", "2024-06-01.1"]

    def test_the_loaf_costs_five_piasters_until_may_2024_and_twenty_from_june(self) -> None:
        book = load_shipped_book()
        assert book.in_force(dt.date(2024, 5, 31)).bread.citizen_price(1) == Money(5)
        assert book.in_force(dt.date(2024, 6, 1)).bread.citizen_price(1) == Money(20)

    def test_carries_the_policy_figures(self) -> None:
        rules = load_shipped_book().in_force(dt.date(2025, 1, 1))
        assert rules.ration.credit(6) == Money.pounds(250)
        assert rules.bread.quota_per_day(1) == 5
        assert rules.bread.points_for_undrawn(1) == Money(10)
        assert rules.bread.subsidy_per_loaf == Money(105)
        assert rules.bread.advance_draw_days(dt.date(2025, 1, 15)) == 3
        assert rules.bread.advance_draw_days(dt.date(2025, 1, 30)) == 2
        assert rules.verification.pin.tries_before_lock == 3
        assert {"sugar", "oil", "rice", "pasta", "lentils", "tea", "beans", "ghee"} <= {
            each.code for each in rules.catalog
        }

    def test_versions_differ_only_in_the_bread_price(self) -> None:
        old, new = load_shipped_book()
        rewritten = replace(old, bread=replace(old.bread, citizen_price_per_loaf=Money(20)))
        assert _rules(policy_to_plain(rewritten)) == _rules(policy_to_plain(new))

    @pytest.mark.parametrize(
        "key",
        [
            "ration.unused_credit",
            "bread.loaf_cost",
            "bread.last_days_of_month",
            "catalog.sugar.price",
            "wallet.purchase.per_day",
            "health.copayments.medicines",
            "health.exempt",
        ],
    )
    def test_flags_what_policy_md_leaves_unconfirmed(self, key: str) -> None:
        for version in load_shipped_book():
            assert not version.is_confirmed(key)
            assert version.sources

    @pytest.mark.parametrize(
        "key", ["bread.citizen_price_per_loaf", "ration.value_per_member", "bread.loaf_grams"]
    )
    def test_sourced_figures_are_confirmed(self, key: str) -> None:
        for version in load_shipped_book():
            assert version.is_confirmed(key)
            assert "POLICY.md" in version.sources[key]

    def test_every_rule_has_a_source_nearby(self) -> None:
        # A rule is sourced itself or through the table that holds it.
        for version in load_shipped_book():
            keys = set(version.key_paths())
            for key in {key for key in keys if not any(other.startswith(key + ".") for other in keys)}:
                parts = key.split(".")
                prefixes = {".".join(parts[:n]) for n in range(1, len(parts) + 1)}
                assert prefixes & set(version.sources), f"{version.version}: {key} has no source"

    def test_is_in_the_package_directory(self) -> None:
        assert (Path(unicard.__file__).parent / "data" / "policy" / "benefits.toml").is_file()

    def test_load_book_reads_a_path(self, tmp_path: Path) -> None:
        target = tmp_path / "benefits.toml"
        target.write_text(SHIPPED_TEXT, encoding="utf-8")
        assert len(load_book(target)) == 2


class TestErrorsNameFileKeyAndLine:
    def test_a_price_above_the_cost(self) -> None:
        error = refusal(edited("citizen_price_per_loaf = 20", "citizen_price_per_loaf = 200"))
        assert error.code == "policy.price_above_cost"
        assert error.params["field"] == "policy[1].bread.citizen_price_per_loaf"
        assert error.line == line_number(SHIPPED_TEXT, "citizen_price_per_loaf = 20", SECOND)
        assert error.file == "benefits.toml"
        assert str(error).startswith(
            f"benefits.toml, line {error.line}, key policy[1].bread.citizen_price_per_loaf"
        )

    def test_a_negative_catalog_price(self) -> None:
        error = refusal(
            edited(
                "price = 1260                     # EGP 12.60\nmax_per_member",
                "price = -1260\nmax_per_member",
            )
        )
        assert error.params["field"] == "policy[1].catalog.sugar.price"
        assert error.line == line_number(SHIPPED_TEXT, "price = 1260", SECOND)

    def test_an_unknown_unit(self) -> None:
        error = refusal(edited('unit = "bottle"', 'unit = "barrel"'))
        assert (error.code, error.params["field"]) == ("policy.unknown_choice", "policy[1].catalog.oil.unit")
        assert error.line == line_number(SHIPPED_TEXT, 'unit = "bottle"', SECOND)

    def test_a_daily_limit_below_the_transaction_limit(self) -> None:
        error = refusal(edited("per_day = 1000000", "per_day = 1000", start=0))
        assert error.params["field"] == "policy[0].wallet.cash_withdrawal.per_day"
        assert error.line == line_number(SHIPPED_TEXT, "per_day = 1000000")

    def test_zero_loaves(self) -> None:
        error = refusal(edited("loaves_per_member_per_day = 5", "loaves_per_member_per_day = 0", start=0))
        assert (error.code, error.line) == (
            "policy.not_positive",
            line_number(SHIPPED_TEXT, "loaves_per_member_per"),
        )

    def test_a_misspelt_key(self) -> None:
        error = refusal(edited("loaf_grams = 90", "loaf_gram = 90"))
        assert error.code == "policy.misspelt_field"
        assert error.params["field"] == "policy[1].bread.loaf_gram"
        assert error.params["expected"] == "loaf_grams"
        assert error.line == line_number(SHIPPED_TEXT, "loaf_grams = 90", SECOND)

    def test_a_missing_key_points_at_its_table(self) -> None:
        error = refusal(edited("loaf_grams = 90\n", ""))
        assert (error.code, error.params["field"]) == ("policy.missing_field", "policy[1].bread.loaf_grams")
        assert error.line == line_number(SHIPPED_TEXT, "[policy.bread]", SECOND)

    def test_a_source_for_no_rule(self) -> None:
        error = refusal(edited('"catalog.salt" = ', '"catalog.sault" = '))
        assert error.params["field"] == 'policy[1].sources."catalog.sault"'
        assert error.line == line_number(SHIPPED_TEXT, '"catalog.salt" = ', SECOND)

    def test_a_co_payment_cap_inside_an_inline_table(self) -> None:
        error = refusal(edited("cap = 150000", "cap = -5"))
        assert error.params["field"] == "policy[1].health.copayments.inpatient.cap"
        assert error.line == line_number(SHIPPED_TEXT, "inpatient = {", SECOND)

    def test_two_versions_with_one_id_blame_the_second(self) -> None:
        error = refusal(edited('version = "2024-06-01.1"', 'version = "2023-05-01.1"'))
        assert (error.code, error.params["field"]) == ("policy.duplicate_version", "policy[1].version")
        assert error.line == line_number(SHIPPED_TEXT, 'version = "2024-06-01.1"')

    def test_two_versions_on_one_day(self) -> None:
        error = refusal(edited("effective_from = 2024-06-01", "effective_from = 2023-05-01"))
        assert (error.code, error.params["field"]) == (
            "policy.duplicate_effective_from",
            "policy[1].effective_from",
        )
        assert error.line == line_number(SHIPPED_TEXT, "effective_from = 2024-06-01")

    def test_no_versions(self) -> None:
        assert refusal("# nothing\n").params["field"] == "policy"

    def test_an_unknown_top_level_key(self) -> None:
        error = refusal('schema = 2\n\n[[policy]]\nversion = "x"\n')
        assert (error.code, error.params["field"], error.line) == ("policy.unknown_field", "schema", 1)

    def test_the_message_reads_in_arabic_and_english(self) -> None:
        error = refusal(edited("citizen_price_per_loaf = 20", "citizen_price_per_loaf = 200"))
        assert "policy[1].bread.citizen_price_per_loaf" in describe(error, "en")
        assert "الرغيف" in describe(error, "ar")
        assert "{" not in describe(error, "ar") + describe(error, "en")


class TestSyntaxErrors:
    def test_names_the_line_and_column(self) -> None:
        error = refusal('[[policy]]\nversion = "x"\nloaf_cost = 12,5\n')
        assert error.code == "policy_file.syntax"
        assert (error.line, error.params["column"]) == (3, 15)
        assert "line 3" in describe(error, "en")
        assert "(at line" not in str(error.params["reason"])

    def test_a_repeated_table_is_a_syntax_error_with_its_line(self) -> None:
        oil = SHIPPED_TEXT.index("[policy.catalog.oil]")
        text = SHIPPED_TEXT[:oil] + "[policy.catalog.sugar]\nprice = 1\n\n" + SHIPPED_TEXT[oil:]
        error = refusal(text)
        assert error.code == "policy_file.syntax"
        assert error.line == line_number(text, "[policy.catalog.sugar]\nprice = 1")

    def test_at_the_end_of_the_file(self) -> None:
        error = refusal('[[policy]]\nversion = "x"\nnotes = [1,\n')
        assert error.code == "policy_file.syntax"
        assert error.line is not None

    def test_an_unreadable_file(self, tmp_path: Path) -> None:
        with pytest.raises(PolicyFileError) as caught:
            load_book(tmp_path / "missing.toml")
        assert caught.value.code == "policy_file.unreadable"
        assert caught.value.file.endswith("missing.toml")

    def test_a_file_that_is_not_utf8(self, tmp_path: Path) -> None:
        target = tmp_path / "latin1.toml"
        target.write_bytes("name = 'é'".encode("latin-1"))
        with pytest.raises(PolicyFileError, match=r"policy_file\.unreadable"):
            load_book(target)
