"""A Port Said family with an adverse eligibility decision, officers, and helpers appeal tests share."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select

from tests import factories
from tests.integration.appeals.decisions import seed_decision
from tests.integration.http.conftest import Headers, SignIn, TestClient, registration
from unicard.adapters.db.tables_payments import outbox
from unicard.bootstrap import Container
from unicard.domain.notifications import template
from unicard.domain.operators.operator import Role

APPEALS = "/api/v1/appeals"


@dataclass(frozen=True, slots=True)
class Family:
    number: str
    head: str
    wife: str
    head_mobile: str
    decision_id: int  # an exclusion


_numbers = iter(range(3_000_000_001, 3_999_999_999))


def register(client: TestClient, headers: Headers, sex: str = "M") -> tuple[str, str]:
    details = factories.citizen_details(sex=sex)
    response = client.post("/api/v1/citizens", json=registration(details), headers=headers)
    assert response.status_code == 201, response.text
    assert details.mobile is not None
    return details.national_id, "+20" + details.mobile[1:]


def make_family(
    client: TestClient, registrar: Headers, engine: Engine, outcome: str | None = "excluded"
) -> Family:
    """A household of two; ``outcome`` None: no eligibility decision yet (``decision_id`` 0)."""
    (head, mobile), (wife, _) = register(client, registrar), register(client, registrar, "F")
    number = str(next(_numbers))
    body = {
        "number": number,
        "governorate": "03",
        "head": head,
        "members": [{"national_id": wife, "relation": "spouse"}],
    }
    response = client.post("/api/v1/households", json=body, headers=registrar)
    assert response.status_code == 201, response.text
    decision_id = seed_decision(engine, number, outcome) if outcome else 0
    return Family(number, head, wife, mobile, decision_id)


@pytest.fixture
def registrar(sign_in: SignIn) -> Headers:
    return sign_in(Role.ADMIN)


@pytest.fixture
def officer(sign_in: SignIn) -> Headers:
    """A Port Said supply officer."""
    return sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))


@pytest.fixture
def second_officer(sign_in: SignIn) -> Headers:
    return sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))


@pytest.fixture
def cairo_officer(sign_in: SignIn) -> Headers:
    return sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"01"}))


@pytest.fixture
def family(client: TestClient, registrar: Headers, engine: Engine) -> Family:
    return make_family(client, registrar, engine)


def messages(container: Container, template_id: str) -> list[tuple[str, str, str]]:
    """(channel, recipient, Arabic text) of the outbox rows of one template, oldest first."""
    with container.engine.connect() as connection:
        rows = connection.execute(
            select(outbox).where(outbox.c.template == template_id).order_by(outbox.c.id)
        )
        chosen = template(template_id)
        return [(row.channel, row.recipient, chosen.render(json.loads(row.params), "ar")) for row in rows]
