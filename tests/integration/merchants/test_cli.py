"""``unicard merchant create|list|terminal-add|assign-grocer`` against the test database."""

from __future__ import annotations

import pytest

from tests.fakes import FixedClock
from tests.integration.merchants.conftest import ADMIN, household
from tests.integration.merchants.test_import import KEY, run
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.services import households
from unicard.services.terminal_auth import authenticate_terminal


def test_create_list_install_and_assign(
    database_url: str, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    created = run(
        database_url, "merchant", "create", "--kind", "grocer", "--name-ar", "بدال السلام", "-g", "03"
    )
    assert created.exit_code == 0, created.output
    assert "merchant GRC-03-000001 created" in created.output

    listed = run(database_url, "merchant", "list", "--kind", "grocer")
    assert "GRC-03-000001" in listed.output

    installed = run(database_url, "merchant", "terminal-add", "GRC-03-000001")
    assert installed.exit_code == 0, installed.output
    secret = installed.output.strip().splitlines()[-1]
    hashes = HmacTerminalSecrets.from_secret_key(KEY)
    terminal, _ = authenticate_terminal(uow_factory(), hashes, "T-GRC-03-000001-01", secret)
    assert terminal.merchant_id == "GRC-03-000001"

    family = household(uow_factory, clock)
    args = ("merchant", "assign-grocer", family.number, "GRC-03-000001", "--reason", "new card")
    assigned = run(database_url, *args)
    assert assigned.exit_code == 0, assigned.output
    assert (
        households.view_household(uow_factory(), ADMIN, family.number).household.grocer_id == "GRC-03-000001"
    )


@pytest.mark.usefixtures("engine")
def test_errors_are_explained_in_both_languages(database_url: str) -> None:
    result = run(database_url, "merchant", "create", "--kind", "pharmacy", "--name-ar", "صيدلية", "-g", "03")
    assert result.exit_code == 1
    output = " ".join(result.output.split())  # Rich wraps lines at the console's width
    assert "the merchant kind “pharmacy” is not known" in output
    assert "نوع التاجر «pharmacy» غير معروف" in output


@pytest.mark.usefixtures("engine")
def test_terminal_add_needs_a_lasting_key(database_url: str) -> None:
    run(database_url, "merchant", "create", "--kind", "bakery", "--name-ar", "مخبز الأمل", "-g", "03")
    result = run(database_url, "merchant", "terminal-add", "BKR-03-000001", key=None, environment="test")
    assert result.exit_code == 2
    assert "UNICARD_SECRET_KEY" in " ".join(result.output.split())
