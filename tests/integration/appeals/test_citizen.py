"""The citizen app's appeals: only one's own household's, with clear refusals for the rest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tests.integration.appeals.citizens import APP_APPEALS, app_session
from tests.integration.appeals.world import Family, make_family, register
from tests.integration.http.conftest import Headers, TestClient
from unicard.adapters.db.tables_appeals import appeals
from unicard.bootstrap import Container


@pytest.fixture
def neighbours(client: TestClient, registrar: Headers, container: Container) -> Family:
    return make_family(client, registrar, container.engine)


@pytest.fixture
def head(client: TestClient, container: Container, family: Family) -> Headers:
    return app_session(client, container, family.head, family.head_mobile)


def appeal(client: TestClient, headers: Headers, **body: Any) -> Any:
    return client.post(APP_APPEALS, json={"reason": "we sold the car", **body}, headers=headers)


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    return body


def appeal_rows(container: Container) -> int:
    with container.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(appeals)).scalar_one()


def test_the_household_appeals_its_latest_decision_without_naming_it(
    client: TestClient, head: Headers, family: Family
) -> None:
    response = appeal(client, head)
    assert response.status_code == 201, response.text
    assert (response.json()["decision_id"], response.json()["national_id"]) == (
        family.decision_id,
        family.head,
    )
    assert response.headers["Location"] == f"{APP_APPEALS}/{response.json()['id']}"


def test_a_decision_on_someone_elses_household(
    client: TestClient, container: Container, head: Headers, neighbours: Family
) -> None:
    body = refused(appeal(client, head, decision_id=neighbours.decision_id), 403, "appeal.not_your_household")
    assert "another ration card" in body["detail_en"]
    assert "بطاقة تموين أخرى" in body["detail_ar"]
    assert appeal_rows(container) == 0


def test_an_unknown_decision(client: TestClient, head: Headers) -> None:
    refused(appeal(client, head, decision_id=99999), 404, "appeal.decision_not_found")


def test_a_citizen_on_no_ration_card(client: TestClient, container: Container, registrar: Headers) -> None:
    loner, mobile = register(client, registrar)
    refused(appeal(client, app_session(client, container, loner, mobile)), 404, "appeal.no_household")


def test_a_household_without_any_decision(
    client: TestClient, container: Container, registrar: Headers
) -> None:
    undecided = make_family(client, registrar, container.engine, outcome=None)
    headers = app_session(client, container, undecided.head, undecided.head_mobile)
    body = refused(appeal(client, headers), 404, "appeal.no_decision")
    assert undecided.number in body["detail_en"]


def test_a_corrected_fact_with_a_negative_value(
    client: TestClient, container: Container, family: Family, head: Headers
) -> None:
    facts = [{"national_id": family.head, "fact": "mobile_bill_month", "value": -5}]
    body = refused(appeal(client, head, corrected_facts=facts), 422, "appeal.fact_negative")
    assert body["field"] == "corrected_facts.0.value"
    assert appeal_rows(container) == 0


def test_a_second_open_appeal(client: TestClient, head: Headers) -> None:
    assert appeal(client, head).status_code == 201
    refused(appeal(client, head), 409, "appeal.already_open")


def test_each_household_sees_only_its_own_appeals(
    client: TestClient, container: Container, head: Headers, neighbours: Family
) -> None:
    mine = appeal(client, head).json()
    theirs_headers = app_session(client, container, neighbours.head, neighbours.head_mobile)
    theirs = appeal(client, theirs_headers).json()
    assert [a["id"] for a in client.get(APP_APPEALS, headers=head).json()] == [mine["id"]]
    refused(client.get(f"{APP_APPEALS}/{theirs['id']}", headers=head), 403, "appeal.not_yours")
    refused(client.post(f"{APP_APPEALS}/{theirs['id']}/withdrawal", headers=head), 403, "appeal.not_yours")


def test_a_member_withdraws_the_household_appeal_once(
    client: TestClient, container: Container, family: Family, head: Headers
) -> None:
    opened = appeal(client, head).json()
    withdrawn = client.post(f"{APP_APPEALS}/{opened['id']}/withdrawal", headers=head)
    assert withdrawn.json()["status"] == "withdrawn"
    assert withdrawn.json()["timeline"][-1]["actor"] == f"citizen:{family.head}"
    refused(client.post(f"{APP_APPEALS}/{opened['id']}/withdrawal", headers=head), 409, "appeal.wrong_state")


def test_an_operator_token_is_refused(client: TestClient, registrar: Headers) -> None:
    assert client.get(APP_APPEALS, headers=registrar).status_code == 401
