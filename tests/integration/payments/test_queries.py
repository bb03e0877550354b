"""The read endpoints: entitlements, wallet and histories, with their role gates, scope and masking."""

from __future__ import annotations

from typing import Any

from tests import factories
from tests.integration.http.conftest import bearer, seed_operator
from tests.integration.payments.conftest import World
from tests.integration.payments.test_port_said_day import send
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role
from unicard.domain.shared.money import Money
from unicard.services.ledger import check_ledger

API = "/api/v1"


def signed_in(
    client: Any, container: Container, *roles: Role, governorates: frozenset[str] | None = None
) -> dict[str, str]:
    if governorates is None:
        return bearer(client, seed_operator(container, *roles))
    return bearer(client, seed_operator(container, *roles, governorates=governorates))


def test_entitlements_before_and_after_first_use(client: Any, container: Container, world: World) -> None:
    officer = signed_in(client, container, Role.SUPPLY_OFFICER)
    url = f"{API}/households/{world.household}/entitlements"

    before = client.get(url, headers=officer)
    assert before.status_code == 200, before.text
    shown = before.json()
    assert shown["status"] == "not_opened"
    assert shown["period"] == "2026-11"
    assert shown["loaves_granted"] == 5 * 3 * 30
    assert shown["loaves_left"] is None
    assert shown["ration_credit_left"] is None
    # A read opens nothing: still not opened when read again.
    assert client.get(url, headers=officer).json()["status"] == "not_opened"

    card = {"pan": world.head_pan}
    assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": 10})["approved"]

    after = client.get(url, headers=officer).json()
    assert after["status"] == "opened"
    assert after["loaves_granted"] == 450
    assert after["loaves_left"] == 440
    assert 0 < after["loaves_left_today"] <= 440
    credit = after["ration_credit_left"]
    assert credit["piasters"] == after["ration_credit_granted"]["piasters"] > 0
    assert credit["en"] == Money(credit["piasters"]).format("en")
    assert credit["ar"] == Money(credit["piasters"]).format("ar")
    assert after["bread_points_left"]["piasters"] >= 0
    assert after["policy_version"] == shown["policy_version"]
    assert check_ledger(container.uow_factory()) is None


def test_entitlement_gates_and_scope(client: Any, container: Container, world: World) -> None:
    url = f"{API}/households/{world.household}/entitlements"
    for role in (Role.POST_CLERK, Role.AUDITOR, Role.HEALTH_OFFICER):
        assert client.get(url, headers=signed_in(client, container, role)).status_code == 403
    cairo_only = signed_in(client, container, Role.SUPPLY_OFFICER, governorates=frozenset({"01"}))
    assert client.get(url, headers=cairo_only).status_code == 403
    admin = signed_in(client, container, Role.ADMIN)
    assert client.get(url, headers=admin).status_code == 200
    assert client.get(f"{API}/households/9999999999/entitlements", headers=admin).status_code == 404


def test_wallet_for_clerks_admins_and_masked_for_auditors(
    client: Any, container: Container, world: World
) -> None:
    card = {"pan": world.head_pan}
    assert send(client, world.post, {"type": "deposit", "card": card, "amount": 12_550})["approved"]
    url = f"{API}/citizens/{world.head}/wallet"

    clerk = client.get(url, headers=signed_in(client, container, Role.POST_CLERK)).json()
    assert clerk["national_id"] == world.head
    assert clerk["balance"] == {"piasters": 12_550, "ar": Money(12_550).format("ar"), "en": "EGP 125.50"}
    auditor = client.get(url, headers=signed_in(client, container, Role.AUDITOR)).json()
    assert auditor["national_id"] != world.head
    assert auditor["national_id"].endswith(world.head[-4:])
    assert auditor["balance"]["piasters"] == 12_550
    # A citizen never paid has an empty wallet, and reading it leaves no account behind.
    admin = signed_in(client, container, Role.ADMIN)
    assert client.get(f"{API}/citizens/{world.wife}/wallet", headers=admin).json()["balance"]["piasters"] == 0
    statement = client.get(f"{API}/citizens/{world.wife}/wallet/statement", headers=admin)
    assert statement.status_code == 200
    assert statement.json()["lines"] == []
    for role in (Role.SUPPLY_OFFICER, Role.HEALTH_OFFICER):
        assert client.get(url, headers=signed_in(client, container, role)).status_code == 403
    elsewhere = signed_in(client, container, Role.POST_CLERK, governorates=frozenset({"01"}))
    assert client.get(url, headers=elsewhere).status_code == 403
    unknown = client.get(
        f"{API}/citizens/{factories.national_id()}/wallet", headers=signed_in(client, container, Role.ADMIN)
    )
    assert unknown.status_code == 404
    assert check_ledger(container.uow_factory()) is None


def _all_pages(client: Any, url: str, headers: dict[str, str], limit: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    before: str | None = None
    while True:
        params: dict[str, object] = {"limit": limit}
        if before:
            params["before"] = before
        response = client.get(url, headers=headers, params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        items += page["items"]
        before = page["next_before"]
        if before is None:
            return items


def test_histories_page_newest_first_without_gaps_on_equal_times(
    client: Any, container: Container, world: World
) -> None:
    # The test clock stands still: every transaction has the same created_at.
    card = {"pan": world.head_pan}
    for loaves in (1, 2, 3):
        assert send(client, world.bakery, {"type": "bread_purchase", "card": card, "loaves": loaves})[
            "approved"
        ]
    for amount in (1_000, 2_000):
        assert send(client, world.post, {"type": "deposit", "card": card, "amount": amount})["approved"]
    declined = send(client, world.shop, {"type": "purchase", "card": card, "amount": 999_999})
    assert not declined["approved"]

    officer = signed_in(client, container, Role.SUPPLY_OFFICER)
    household = _all_pages(client, f"{API}/households/{world.household}/transactions", officer, limit=1)
    assert sorted(item["loaves"] for item in household) == [1, 2, 3]
    assert len({item["id"] for item in household}) == 3

    clerk = signed_in(client, container, Role.POST_CLERK)
    url = f"{API}/citizens/{world.head}/transactions"
    mine = _all_pages(client, url, clerk, limit=2)
    whole = client.get(url, headers=clerk, params={"limit": 100}).json()
    assert whole["next_before"] is None
    assert [item["id"] for item in mine] == [item["id"] for item in whole["items"]]
    deposits = [item for item in mine if item["type"] == "deposit"]
    assert sorted(item["amount"]["piasters"] for item in deposits) == [1_000, 2_000]
    assert deposits[0]["amount"]["en"].startswith("EGP ")

    auditor = client.get(url, headers=signed_in(client, container, Role.AUDITOR)).json()
    assert all(item["national_id"] != world.head for item in auditor["items"] if item["national_id"])
    assert client.get(url, headers=officer).status_code == 403
    assert client.get(f"{API}/households/{world.household}/transactions", headers=clerk).status_code == 403
    bad_cursor = client.get(url, headers=clerk, params={"before": "nope"})
    assert bad_cursor.status_code in (400, 422)
    assert client.get(url, headers=clerk, params={"limit": 0}).status_code in (400, 422)
    assert check_ledger(container.uow_factory()) is None
