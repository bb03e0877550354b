"""``unicard import legacy-cards``: whole file or nothing, every problem reported, re-import a no-op."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests import factories
from tests.fakes import FixedClock
from tests.integration.imports.helpers import count, report_of, run, write_csv
from unicard.adapters.db.tables import households
from unicard.adapters.db.tables_rollout import legacy_ration_cards
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.services import citizens
from unicard.services import households as household_use_cases
from unicard.services.imports.legacy_card_rows import LEGACY_CARDS

ADMIN = Operator("admin", "Admin", frozenset({Role.ADMIN}), frozenset({ALL_GOVERNORATES}))
FAMILIES = ("0300000000001", "0300000000002")


@pytest.fixture
def families(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> tuple[str, ...]:
    for number in FAMILIES:
        head = citizens.register_citizen(uow_factory(), clock, ADMIN, factories.citizen_details())
        household_use_cases.create_household(
            uow_factory(), clock, ADMIN, number=number, governorate="03", head=head.national_id.value
        )
    return FAMILIES


def legacy_file(path: Path, rows: list[tuple[str, str]]) -> Path:
    cells = [{"household_number": h, "legacy_card_number": n} for h, n in rows]
    return write_csv(path, cells, LEGACY_CARDS.columns)


def bound(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(legacy_ration_cards.c.number, households.c.number).join(
                households, households.c.id == legacy_ration_cards.c.household_id
            )
        )
        return {str(card): str(household) for card, household in rows.all()}


def test_a_good_file_binds_every_card_and_a_second_run_adds_none(
    engine: Engine, database_url: str, tmp_path: Path, families: tuple[str, ...]
) -> None:
    a, b = families
    path = legacy_file(tmp_path / "legacy.csv", [(a, "9001000001"), (b, "9001000002"), (a, "٩٠٠١٠٠٠٠٠٣")])
    result = run(database_url, "import", "legacy-cards", str(path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "3 legacy ration cards registered (0 already present, 3 rows)" in result.output
    assert bound(engine) == {"9001000001": a, "9001000002": b, "9001000003": a}
    again = run(database_url, "import", "legacy-cards", str(path), "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "0 legacy ration cards registered (3 already present, 3 rows)" in again.output


def test_a_bad_file_registers_nothing_and_reports_every_row(
    engine: Engine, database_url: str, tmp_path: Path, families: tuple[str, ...]
) -> None:
    a, b = families
    first = legacy_file(tmp_path / "first.csv", [(a, "9002000001")])
    assert run(database_url, "import", "legacy-cards", str(first)).exit_code == 0
    path = legacy_file(
        tmp_path / "legacy.csv",
        [
            (a, "9002000002"),  # row 2: fine
            (b, "9002000002"),  # row 3: the same card twice in the file
            ("0399999999999", "9002000003"),  # row 4: a household that does not exist
            (b, "9002000001"),  # row 5: registered to another household
            (b, "12AB"),  # row 6: not a card number
        ],
    )
    result = run(database_url, "import", "legacy-cards", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    problems = [(row["row"], row["column"], row["value"]) for row in report_of(path)]
    assert problems == [
        ("3", "legacy_card_number", "9002000002"),
        ("4", "household_number", "0399999999999"),
        ("5", "legacy_card_number", "9002000001"),
        ("6", "legacy_card_number", "12AB"),
    ]
    assert count(engine, legacy_ration_cards) == 1  # only the earlier file's card
