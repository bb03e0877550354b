"""``unicard feed import``: an agency's facts recorded whole or not at all, history kept, deaths."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.integration.feeds.helpers import (
    feed_import,
    latest,
    load_sample_registry,
    sample_feed,
    write_feed,
)
from tests.integration.imports.helpers import count, report_of
from unicard.adapters.db.tables import audit_log, citizens, household_members
from unicard.adapters.db.tables_feeds import citizen_fact_history, citizen_facts, feed_imports

HEAD = "26804120301217"
SPOUSE = "27209031210443"
GRANDMOTHER = "25005170306682"  # a member of household 1032009983 in the sample


@pytest.fixture
def registry(database_url: str, tmp_path: Path) -> str:
    load_sample_registry(database_url, tmp_path)
    return database_url


class TestSampleFiles:
    @pytest.mark.parametrize(
        "agency", ["electricity", "traffic", "agriculture", "education", "civil_registry"]
    )
    def test_each_sample_imports(self, engine: Engine, registry: str, tmp_path: Path, agency: str) -> None:
        result = feed_import(registry, sample_feed(tmp_path, agency), agency)
        assert result.exit_code == 0, result.output
        assert f"imported the {agency} file as of 2026-10-31" in result.output
        assert count(engine, feed_imports) == 1

    def test_values_are_kept_in_base_units(self, engine: Engine, registry: str, tmp_path: Path) -> None:
        for agency in ("electricity", "traffic", "agriculture", "education", "civil_registry"):
            assert feed_import(registry, sample_feed(tmp_path, agency), agency).exit_code == 0
        facts = latest(engine)
        assert facts[(HEAD, "electricity_kwh_month")] == (420, None, "2026-10-31")
        assert facts[("26107071114244", "farmland_qirats")][0] == 294  # 12.25 feddans
        assert facts[("25005170306682", "farmland_qirats")][0] == 3  # 0.125 feddan
        assert facts[("28704140139187", "school_fees_year")][0] == 6_200_050  # EGP 62,000.50
        assert facts[("28306018800453", "profession")] == (None, "judge", "2026-10-31")
        assert (HEAD, "newest_vehicle_year") not in facts  # an empty cell records nothing

    def test_a_death_goes_through_the_registry_and_leaves_the_household(
        self, engine: Engine, registry: str, tmp_path: Path
    ) -> None:
        result = feed_import(registry, sample_feed(tmp_path, "civil_registry"), "civil_registry")
        assert result.exit_code == 0, result.output
        assert "1 deaths" in result.output
        with engine.connect() as connection:
            died = connection.execute(
                select(citizens.c.id, citizens.c.deceased_on).where(citizens.c.national_id == GRANDMOTHER)
            ).one()
            membership = connection.execute(
                select(household_members.c.left_at).where(household_members.c.citizen_id == died.id)
            ).one()
            actions = connection.execute(select(audit_log.c.action)).scalars().all()
        assert died.deceased_on.isoformat() == "2026-10-02"
        assert membership.left_at is not None
        assert {"citizen.deceased", "household.member_deceased", "feed.import"} <= set(actions)

    def test_the_same_file_twice_is_a_no_op(self, engine: Engine, registry: str, tmp_path: Path) -> None:
        path = sample_feed(tmp_path, "electricity")
        feed_import(registry, path, "electricity")
        result = feed_import(registry, path, "electricity")
        assert result.exit_code == 0, result.output
        assert "already imported" in result.output
        assert count(engine, feed_imports) == 1
        assert count(engine, citizen_fact_history) == 6


class TestDates:
    def test_a_newer_file_replaces_the_latest_value_and_both_stay_in_history(
        self, engine: Engine, registry: str, tmp_path: Path
    ) -> None:
        write_feed(tmp_path / "oct.csv", "national_id,electricity_kwh_month", [f"{HEAD},700"])
        write_feed(tmp_path / "nov.csv", "national_id,electricity_kwh_month", [f"{HEAD},300"])
        assert feed_import(registry, tmp_path / "oct.csv", "electricity", "2026-10-31").exit_code == 0
        assert feed_import(registry, tmp_path / "nov.csv", "electricity", "2026-11-30").exit_code == 0
        assert latest(engine)[(HEAD, "electricity_kwh_month")] == (300, None, "2026-11-30")
        assert count(engine, citizen_fact_history) == 2

    def test_a_corrected_file_as_of_the_same_date_replaces_the_values(
        self, engine: Engine, registry: str, tmp_path: Path
    ) -> None:
        write_feed(tmp_path / "first.csv", "national_id,mobile_bill_month", [f"{HEAD},950"])
        write_feed(tmp_path / "fixed.csv", "national_id,mobile_bill_month", [f"{HEAD},95"])
        assert feed_import(registry, tmp_path / "first.csv", "telecom").exit_code == 0
        assert feed_import(registry, tmp_path / "fixed.csv", "telecom").exit_code == 0
        assert latest(engine)[(HEAD, "mobile_bill_month")] == (9_500, None, "2026-10-31")

    def test_an_older_file_lands_in_history_but_does_not_overwrite(
        self, engine: Engine, registry: str, tmp_path: Path
    ) -> None:
        write_feed(tmp_path / "nov.csv", "national_id,electricity_kwh_month", [f"{HEAD},300"])
        write_feed(tmp_path / "oct.csv", "national_id,electricity_kwh_month", [f"{HEAD},700", f"{SPOUSE},90"])
        assert feed_import(registry, tmp_path / "nov.csv", "electricity", "2026-11-30").exit_code == 0
        result = feed_import(registry, tmp_path / "oct.csv", "electricity", "2026-10-31")
        assert result.exit_code == 0, result.output
        assert "2 values recorded, 1 now the latest" in result.output
        facts = latest(engine)
        assert facts[(HEAD, "electricity_kwh_month")] == (300, None, "2026-11-30")
        assert facts[(SPOUSE, "electricity_kwh_month")] == (90, None, "2026-10-31")
        assert count(engine, citizen_fact_history) == 3


# -- bad input: each refused with its row and column, nothing applied -------------------------

_GOOD = f"{SPOUSE},120"
_GOOD_CELLS = {"newest_vehicle_year": "2015", "died_on": ""}


@pytest.mark.parametrize(
    ("agency", "header", "bad_row", "row", "column", "code_words"),
    [
        (
            "electricity",
            "national_id,electricity_kwh_month",
            "29001010100015,300",
            3,
            "national_id",
            "not registered",
        ),
        (
            "electricity",
            "national_id,electricity_kwh_month",
            f"{HEAD},-5",
            3,
            "electricity_kwh_month",
            "negative",
        ),
        (
            "electricity",
            "national_id,electricity_kwh_month",
            f"{HEAD},12.5",
            3,
            "electricity_kwh_month",
            "exactly",
        ),
        (
            "electricity",
            "national_id,electricity_kwh_month",
            f"{HEAD},lots",
            3,
            "electricity_kwh_month",
            "not a number",
        ),
        (
            "electricity",
            "national_id,electricity_kwh_month",
            f"{SPOUSE},300",
            3,
            "national_id",
            "row 2 already has it",
        ),
        ("electricity", "national_id,electricity_kwh_month", "2680412030121,300", 3, "national_id", ""),
        (
            "electricity",
            "national_id,electricity_kwh_month,vehicles",
            f"{HEAD},300,1",
            1,
            "vehicles",
            "not a fact of the electricity",
        ),
        (
            "electricity",
            "national_id,electricity_kwh",
            f"{HEAD},300",
            1,
            "electricity_kwh",
            "not a known fact",
        ),
        ("agriculture", "national_id,farmland_feddans", f"{HEAD},0.1", 3, "farmland_feddans", "exactly"),
        ("education", "national_id,school_fees_year", f"{HEAD},100.005", 3, "school_fees_year", "exactly"),
        (
            "traffic",
            "national_id,newest_vehicle_year",
            f"{HEAD},2031",
            3,
            "newest_vehicle_year",
            "out of range",
        ),
        ("civil_registry", "national_id,died_on", f"{HEAD},2026-11-15", 3, "died_on", "after the as-of date"),
        (
            "civil_registry",
            "national_id,died_on",
            f"{HEAD},1950-01-01",
            3,
            "died_on",
            "before the birth date",
        ),
    ],
    ids=[
        "unknown national ID",
        "negative value",
        "kWh with decimals",
        "not a number",
        "national ID twice",
        "malformed national ID",
        "fact of another agency",
        "unknown column",
        "feddans not whole qirats",
        "piasters fraction",
        "model year ahead",
        "death after as-of",
        "death before birth",
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    engine: Engine,
    registry: str,
    tmp_path: Path,
    agency: str,
    header: str,
    bad_row: str,
    row: int,
    column: str,
    code_words: str,
) -> None:
    good = f"{SPOUSE}," + ",".join(_GOOD_CELLS.get(name, "1") for name in header.split(",")[1:])
    path = write_feed(tmp_path / "feed.csv", header, [good, bad_row])
    before = count(engine, audit_log)
    result = feed_import(registry, path, agency)
    assert result.exit_code == 1, result.output
    errors = report_of(path)
    assert (errors[0]["row"], errors[0]["column"]) == (str(row), column)
    assert code_words in errors[0]["reason_en"]
    assert errors[0]["reason_ar"]
    assert count(engine, citizen_facts) == 0
    assert count(engine, citizen_fact_history) == 0
    assert count(engine, feed_imports) == 0
    assert count(engine, audit_log) == before
    with engine.connect() as connection:
        dead = select(citizens.c.national_id).where(citizens.c.deceased_on.is_not(None))
        assert connection.execute(dead).scalars().all() == ["24002110303190"]  # as the sample has it


def test_an_as_of_date_in_the_future_is_refused(engine: Engine, registry: str, tmp_path: Path) -> None:
    path = write_feed(tmp_path / "feed.csv", "national_id,electricity_kwh_month", [_GOOD])
    result = feed_import(registry, path, "electricity", "2099-01-01")
    assert result.exit_code == 1
    assert "the as-of date 2099-01-01 is in the future" in result.output
    assert count(engine, citizen_fact_history) == 0


def test_an_unknown_agency_is_refused(engine: Engine, registry: str, tmp_path: Path) -> None:
    path = write_feed(tmp_path / "feed.csv", "national_id,electricity_kwh_month", [_GOOD])
    result = feed_import(registry, path, "water")
    assert result.exit_code == 1
    assert "unknown agency “water”" in result.output
    assert count(engine, citizen_fact_history) == 0
