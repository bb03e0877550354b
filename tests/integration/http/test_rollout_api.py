"""``/api/v1/rollout`` through the real app: the shipped Port Said dates, changes, refusals, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

from tests.integration.http.conftest import Headers, SignIn
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role

URL = "/api/v1/rollout"


@pytest.fixture
def admin(sign_in: SignIn) -> Headers:
    return sign_in(Role.ADMIN)


def schedule(client: TestClient, headers: Headers) -> dict[tuple[str, str], str]:
    response = client.get(URL, headers=headers)
    assert response.status_code == 200, response.text
    return {(item["governorate"], item["service"]): item["starts_on"] for item in response.json()["items"]}


def audit_actions(container: Container) -> list[tuple[str, str]]:
    with container.uow_factory() as uow:
        return [
            (r.event.action, r.event.subject) for r in uow.audit.records() if r.event.action == "rollout.set"
        ]


def test_port_said_ships_with_its_announced_dates(client: TestClient, admin: Headers) -> None:
    assert schedule(client, admin) == {
        ("03", "payments"): "2024-03-01",
        ("03", "supply"): "2024-03-01",
        ("03", "health"): "2024-04-01",
    }
    started = client.get(URL, headers=admin).json()["items"]
    assert all(item["started"] for item in started)


def test_a_future_date_is_set_moved_and_audited(
    client: TestClient, admin: Headers, container: Container
) -> None:
    body = {"governorate": "19", "service": "supply", "starts_on": "2026-12-15"}
    response = client.put(URL, json=body, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json() == {**body, "started": False}
    moved = client.put(URL, json={**body, "starts_on": "2027-01-10"}, headers=admin)
    assert moved.status_code == 200, moved.text
    assert schedule(client, admin)[("19", "supply")] == "2027-01-10"
    assert audit_actions(container) == [("rollout.set", "rollout:19:supply")] * 2


def test_a_date_already_come_cannot_be_changed(
    client: TestClient, admin: Headers, container: Container
) -> None:
    body = {"governorate": "03", "service": "supply", "starts_on": "2027-01-01"}
    response = client.put(URL, json=body, headers=admin)
    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["code"] == "rollout.date_passed"
    assert "2024-03-01" in problem["detail_en"]
    assert problem["detail_ar"]
    assert schedule(client, admin)[("03", "supply")] == "2024-03-01"
    assert audit_actions(container) == []


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"governorate": "99", "service": "supply"}, "rollout.unknown_governorate", "governorate"),
        ({"governorate": "88", "service": "supply"}, "rollout.unknown_governorate", "governorate"),
        ({"governorate": "19", "service": "education"}, "rollout.unknown_service", "service"),
        (
            {"governorate": "19", "service": "supply", "starts_on": "2026-01-01"},
            "rollout.date_in_past",
            "starts_on",
        ),
    ],
)
def test_bad_entries_are_refused_naming_the_field(
    client: TestClient, admin: Headers, container: Container, body: dict[str, str], code: str, field: str
) -> None:
    response = client.put(URL, json={"starts_on": "2027-01-01", **body}, headers=admin)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert (problem["code"], problem["field"]) == (code, field)
    assert problem["detail_ar"]
    assert problem["detail_en"]
    assert len(schedule(client, admin)) == 3
    assert audit_actions(container) == []


def test_setting_the_date_it_has_changes_nothing(
    client: TestClient, admin: Headers, container: Container
) -> None:
    body = {"governorate": "03", "service": "health", "starts_on": "2024-04-01"}
    response = client.put(URL, json=body, headers=admin)
    assert response.status_code == 200, response.text
    assert audit_actions(container) == []


def test_today_is_allowed(client: TestClient, admin: Headers, container: Container) -> None:
    today = dt.date(2026, 11, 22)  # the test clock's Cairo day
    response = client.put(
        URL, json={"governorate": "01", "service": "payments", "starts_on": today.isoformat()}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["started"] is True
