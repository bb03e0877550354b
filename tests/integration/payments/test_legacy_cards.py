"""Legacy ration cards at the terminal API, on SQLite and PostgreSQL.

The old card draws the household's bread and rations (never a wallet, a purchase, cash or
health) from the same entitlement accounts as the unified cards, and is declined with "use the
new card" once a member's unified card has supply active and rolled out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import factories
from tests.fakes import FixedClock
from tests.integration.http.conftest import bearer, seed_operator
from tests.integration.imports.helpers import write_csv
from tests.integration.payments.conftest import ADMIN, World, new_pan
from tests.integration.payments.test_port_said_day import balance, send
from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.db.bulk.legacy_cards import SqlLegacyCardImportUnitOfWork
from unicard.adapters.policy_files import load_shipped_book
from unicard.bootstrap import Container
from unicard.domain.cards.card import CardStatus
from unicard.domain.ledger import AccountKind, Owner
from unicard.domain.operators.operator import Role
from unicard.domain.payments.types import CardService, TransactionType
from unicard.domain.registry.household import Relation
from unicard.domain.shared.clock import CAIRO
from unicard.services import citizens, grocers, households
from unicard.services.cards import registration as cards
from unicard.services.imports.legacy_card_rows import LEGACY_CARDS
from unicard.services.imports.legacy_cards import import_legacy_cards
from unicard.services.ledger import check_ledger
from unicard.services.operators import SYSTEM_ACTOR
from unicard.services.payments.engine import Submission
from unicard.services.payments.requests import AuthorizationRequest

LEGACY = "77001234567"
world_governorate = "03"
MONTH = 5 * 3 * 30  # three members, November


@dataclass(frozen=True)
class Family:
    number: str
    head: str
    wife: str
    son: str

    def give_card(self, container: Container, national_id: str, services: frozenset[CardService]) -> str:
        pan = new_pan()
        cards.register_card(
            container.uow_factory(),
            container.clock,
            actor=SYSTEM_ACTOR,
            national_id=national_id,
            pan=pan,
            expires_on=dt.date(2031, 12, 31),
            services=services,
        )
        return pan


def make_family(container: Container, world: World, tmp_path: Path, number: str, governorate: str) -> Family:
    uow, clock = container.uow_factory, container.clock
    head, wife, son = (
        citizens.register_citizen(
            uow(), clock, ADMIN, factories.citizen_details(residence=governorate, sex=sex, birth=birth)
        ).national_id.value
        for sex, birth in (("M", dt.date(1970, 1, 1)), ("F", dt.date(1975, 1, 1)), ("M", dt.date(2000, 1, 1)))
    )
    households.create_household(
        uow(),
        clock,
        ADMIN,
        number=number,
        governorate=governorate,
        head=head,
        members=[(wife, Relation.SPOUSE), (son, Relation.SON)],
    )
    if governorate == world_governorate:  # the world's grocer serves Port Said only
        grocers.assign_grocer(uow(), clock, ADMIN, number, world.grocer.merchant_id, "legacy family")
    # The head was produced a card but has not collected it: it does not supersede the old card.
    cards.register_card(
        uow(),
        clock,
        actor=SYSTEM_ACTOR,
        national_id=head,
        pan=new_pan(),
        expires_on=dt.date(2031, 12, 31),
        services=frozenset(CardService),
        status=CardStatus.NOTIFIED,
    )
    path = write_csv(
        tmp_path / f"legacy-{number}.csv",
        [{"household_number": number, "legacy_card_number": LEGACY if governorate == "03" else LEGACY[::-1]}],
        LEGACY_CARDS.columns,
    )
    outcome = import_legacy_cards(
        SqlLegacyCardImportUnitOfWork(container.engine), clock, CsvRecords(path, LEGACY_CARDS), "clerk"
    )
    assert outcome.accepted, outcome.errors.listed
    return Family(number, head, wife, son)


@pytest.fixture
def family(container: Container, world: World, tmp_path: Path) -> Family:
    return make_family(container, world, tmp_path, "0377777777777", "03")


def legacy_bread(loaves: int, number: str = LEGACY, **more: object) -> dict[str, object]:
    return {"type": "bread_purchase", "legacy_card": {"number": number}, "loaves": loaves, **more}


def quota_left(container: Container, household: str) -> int:
    return balance(container, AccountKind.BREAD_QUOTA, Owner.household(household))


def test_the_old_card_draws_bread_and_rations(
    client: Any, container: Container, world: World, family: Family
) -> None:
    bread = send(client, world.bakery, legacy_bread(5))
    assert bread["approved"], bread
    assert bread["receipt"]["loaves_left_month"] == MONTH - 5
    item = next(iter(load_shipped_book().in_force(dt.date(2026, 11, 22)).catalog))
    basket = {
        "type": "ration_redemption",
        "legacy_card": {"number": LEGACY},
        "basket": [{"item": item.code, "quantity": 1}],
    }
    rations = send(client, world.grocer, basket)
    assert rations["approved"], rations
    assert quota_left(container, family.number) == MONTH - 5


@pytest.mark.parametrize(
    ("till", "body", "reason"),
    [
        ("shop", {"type": "purchase", "amount": 1_000}, "legacy.not_allowed"),
        ("post", {"type": "deposit", "amount": 1_000}, "legacy.not_allowed"),
        ("post", {"type": "cash_withdrawal", "amount": 1_000}, "legacy.not_allowed"),
        ("bakery", {"type": "bread_purchase", "loaves": 2, "pay_with": "wallet"}, "legacy.no_wallet"),
    ],
)
def test_the_old_card_never_reaches_a_wallet(
    client: Any,
    world: World,
    family: Family,
    till: str,
    body: dict[str, object],
    reason: str,
) -> None:
    answer = send(client, getattr(world, till), {**body, "legacy_card": {"number": LEGACY}})
    assert (answer["response_code"], answer["reason"]) == ("57", reason)
    assert answer["message_ar"]


def test_an_unregistered_old_card_is_declined_14(client: Any, world: World, family: Family) -> None:
    answer = send(client, world.bakery, legacy_bread(1, number="123456789"))
    assert (answer["response_code"], answer["reason"]) == ("14", "legacy.unknown")
    assert answer["message_en"] == "the legacy ration card ending 6789 is not registered"


def test_both_credentials_at_once_is_a_format_error(client: Any, world: World, family: Family) -> None:
    answer = send(client, world.bakery, {**legacy_bread(1), "card": {"pan": world.head_pan}})
    assert (answer["response_code"], answer["reason"]) == ("30", "legacy.two_credentials")


def test_once_a_member_has_supply_the_old_card_says_use_the_new_one(
    client: Any, container: Container, world: World, family: Family
) -> None:
    assert send(client, world.bakery, legacy_bread(10))["approved"]
    family.give_card(container, family.wife, frozenset({CardService.PAYMENTS}))  # no supply on it
    assert send(client, world.bakery, legacy_bread(1))["approved"]

    son_pan = family.give_card(container, family.son, frozenset(CardService))
    declined = send(client, world.bakery, legacy_bread(1))
    assert (declined["response_code"], declined["reason"]) == ("62", "legacy.use_new_card")
    assert "use the new card" in declined["message_en"]
    assert "استخدم الكارت الجديد" in declined["message_ar"]

    # The same accounts: the new card sees what the old one drew.
    new = send(client, world.bakery, {"type": "bread_purchase", "card": {"pan": son_pan}, "loaves": 1})
    assert new["approved"], new
    assert new["receipt"]["loaves_left_month"] == MONTH - 12


def test_the_old_card_works_until_supply_is_rolled_out_where_the_family_lives(
    client: Any, container: Container, world: World, tmp_path: Path
) -> None:
    family = make_family(container, world, tmp_path, "1977777777777", "19")
    family.give_card(container, family.son, frozenset(CardService))  # active, supply flag, not rolled out
    assert send(client, world.bakery, legacy_bread(2, number=LEGACY[::-1]))["approved"]
    admin = bearer(client, seed_operator(container, Role.ADMIN))
    body = {"governorate": "19", "service": "supply", "starts_on": "2026-11-22"}
    assert client.put("/api/v1/rollout", json=body, headers=admin).status_code == 200
    declined = send(client, world.bakery, legacy_bread(2, number=LEGACY[::-1]))
    assert declined["reason"] == "legacy.use_new_card"


def test_old_and_new_card_racing_for_the_last_loaves_never_overdraw(
    container: Container, world: World, family: Family, clock: FixedClock
) -> None:
    # On the 30th the whole month's quota may be drawn (advance draw reaches the month's end).
    clock.instant = dt.datetime(2026, 11, 30, 8, 0, tzinfo=CAIRO)
    engine = container.authorization

    def bread(key: str, **credential: str) -> Submission:
        request = AuthorizationRequest(TransactionType.BREAD_PURCHASE, loaves=1, **credential)  # type: ignore[arg-type]
        return Submission(world.bakery.terminal_id, world.bakery.secret, key, request)

    for n, loaves in enumerate((200, 200, MONTH - 410)):
        request = AuthorizationRequest(TransactionType.BREAD_PURCHASE, loaves=loaves, legacy_card=LEGACY)
        assert engine.authorize(
            Submission(world.bakery.terminal_id, world.bakery.secret, f"early-{n}", request)
        ).approved
    assert quota_left(container, family.number) == 10
    son_pan = new_pan()

    def task(n: int) -> str:
        if n == 6:  # the son collects his card early in the rush
            cards.register_card(
                container.uow_factory(),
                container.clock,
                actor=SYSTEM_ACTOR,
                national_id=family.son,
                pan=son_pan,
                expires_on=dt.date(2031, 12, 31),
                services=frozenset(CardService),
            )
            return "switch"
        old = n % 2 == 0  # old and new card requests interleaved
        credential = {"legacy_card": LEGACY} if old else {"pan": son_pan}
        answer = engine.authorize(bread(f"last-{n}", **credential))
        if answer.approved:
            return "legacy" if old else "new"
        return answer.reason or "?"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = Counter(pool.map(task, range(41)))
    approved = outcomes["legacy"] + outcomes["new"]
    assert approved <= 10, outcomes
    assert quota_left(container, family.number) == 10 - approved
    assert set(outcomes) <= {
        "legacy",
        "new",
        "switch",
        "bread.month_quota",
        "legacy.use_new_card",
        "card.unknown",
    }
    assert check_ledger(container.uow_factory()) is None
