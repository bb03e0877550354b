"""``/api/v1/policies`` over HTTP: who may read and add versions, and what is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.http.conftest import Headers, SignIn, TestClient
from tests.integration.policy.documents import EARLIER, LATEST, SHIPPED, document
from unicard.adapters.policy_files import policy_to_plain
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role
from unicard.services.policies import ensure_policy_seeded

POLICIES = "/api/v1/policies"
READERS = (Role.ADMIN, Role.SUPPLY_OFFICER, Role.HEALTH_OFFICER, Role.AUDITOR)
NEXT_YEAR = dt.date(2027, 1, 1)


@pytest.fixture(autouse=True)
def seeded(container: Container) -> None:
    ensure_policy_seeded(container.uow_factory(), container.clock, SHIPPED)


@pytest.fixture
def admin(sign_in: SignIn) -> Headers:
    return sign_in(Role.ADMIN)


class TestRead:
    @pytest.mark.parametrize("role", READERS)
    def test_each_reader_lists_the_versions_with_their_dates(
        self, client: TestClient, sign_in: SignIn, role: Role
    ) -> None:
        response = client.get(POLICIES, headers=sign_in(role))
        assert response.status_code == 200, response.text
        assert response.json()["in_force"] == LATEST.version
        assert [(v["version"], v["effective_from"], v["in_force"]) for v in response.json()["items"]] == [
            (EARLIER.version, "2023-05-01", False),
            (LATEST.version, "2024-06-01", True),
        ]

    def test_a_post_clerk_may_not(self, client: TestClient, sign_in: SignIn) -> None:
        response = client.get(POLICIES, headers=sign_in(Role.POST_CLERK))
        assert (response.status_code, response.json()["code"]) == (403, "auth.role_forbidden")

    def test_a_version_is_its_json_document(self, client: TestClient, admin: Headers) -> None:
        response = client.get(f"{POLICIES}/{LATEST.version}", headers=admin)
        assert response.status_code == 200
        assert response.json() == policy_to_plain(LATEST)

    def test_an_unknown_version_is_404(self, client: TestClient, admin: Headers) -> None:
        response = client.get(f"{POLICIES}/1999-01-01.1", headers=admin)
        assert (response.status_code, response.json()["code"]) == (404, "policy.unknown_version")

    @pytest.mark.parametrize(
        ("on", "version"),
        [("2024-05-31", EARLIER.version), ("2024-06-01", LATEST.version), (None, LATEST.version)],
    )
    def test_the_version_in_force_on_a_day(
        self, client: TestClient, admin: Headers, on: str | None, version: str
    ) -> None:
        response = client.get(f"{POLICIES}/in-force", params={"on": on} if on else {}, headers=admin)
        assert response.status_code == 200, response.text
        assert response.json()["version"] == version

    def test_before_the_first_version_nothing_is_in_force(self, client: TestClient, admin: Headers) -> None:
        response = client.get(f"{POLICIES}/in-force", params={"on": "2020-01-01"}, headers=admin)
        assert (response.status_code, response.json()["code"]) == (404, "policy.not_in_force")

    def test_a_day_that_is_not_a_date_is_422(self, client: TestClient, admin: Headers) -> None:
        response = client.get(f"{POLICIES}/in-force", params={"on": "31/05/2024"}, headers=admin)
        assert (response.status_code, response.json()["field"]) == (422, "on")


class TestAdd:
    def test_an_admin_adds_a_future_version(
        self, client: TestClient, admin: Headers, container: Container
    ) -> None:
        body = document(NEXT_YEAR, loaf_cost=140)
        response = client.post(POLICIES, json=body, headers=admin)
        assert response.status_code == 201, response.text
        assert response.json()["version"] == "2027-01-01.1"
        assert response.json()["in_force"] is False
        assert client.get(f"{POLICIES}/2027-01-01.1", headers=admin).json() == body
        in_force = client.get(f"{POLICIES}/in-force", params={"on": "2027-01-01"}, headers=admin)
        assert in_force.json()["bread"]["loaf_cost"] == 140
        with container.uow_factory() as uow:
            added = [r.event for r in uow.audit.records() if r.event.action == "policy.add"]
        assert [(event.subject, dict(event.details or {})) for event in added] == [
            ("policy:2027-01-01.1", {"retroactive": False})
        ]

    @pytest.mark.parametrize(
        "role", [Role.SUPPLY_OFFICER, Role.HEALTH_OFFICER, Role.AUDITOR, Role.POST_CLERK]
    )
    def test_only_an_admin_may(self, client: TestClient, sign_in: SignIn, role: Role) -> None:
        response = client.post(POLICIES, json=document(NEXT_YEAR), headers=sign_in(role))
        assert response.status_code == 403

    def test_a_retroactive_version_is_refused(self, client: TestClient, admin: Headers) -> None:
        response = client.post(POLICIES, json=document(dt.date(2026, 11, 22)), headers=admin)
        assert response.status_code == 409
        assert response.json()["code"] == "policy.retroactive"
        assert response.json()["field"] == "effective_from"
        assert len(client.get(POLICIES, headers=admin).json()["items"]) == len(SHIPPED)

    def test_a_retroactive_version_is_added_when_asked_for(self, client: TestClient, admin: Headers) -> None:
        body = document(dt.date(2025, 1, 1), citizen_price_per_loaf=15)
        response = client.post(POLICIES, params={"retroactive": "true"}, json=body, headers=admin)
        assert response.status_code == 201, response.text
        assert response.json()["in_force"] is True
        assert client.get(f"{POLICIES}/in-force", headers=admin).json()["version"] == "2025-01-01.1"

    def test_a_taken_version_id_is_409(self, client: TestClient, admin: Headers) -> None:
        response = client.post(POLICIES, json=document(NEXT_YEAR, version=LATEST.version), headers=admin)
        assert (response.status_code, response.json()["code"]) == (409, "policy.duplicate_version")


class TestBadDocuments:
    @pytest.mark.parametrize(
        ("change", "field", "code"),
        [
            (
                {"bread": {**document(NEXT_YEAR)["bread"], "loaf_cost": 12.5}},
                "bread.loaf_cost",
                "policy.not_integer",
            ),
            ({"bread": {**document(NEXT_YEAR)["bread"], "loaf_cost": -1}}, "bread.loaf_cost", None),
            ({"effective_from": "next year"}, "effective_from", "policy.not_date"),
            ({"ration": None}, "ration", "policy.missing_field"),
            ({"colour": "green"}, "colour", "policy.unknown_field"),
            (
                {"catalog": {**document(NEXT_YEAR)["catalog"], "sugar": {"name_ar": "سكر"}}},
                "catalog.sugar.name_en",
                "policy.missing_field",
            ),
        ],
        ids=["fraction", "negative", "date", "missing", "unknown", "nested"],
    )
    def test_a_refused_value_is_422_naming_its_key_path(
        self, client: TestClient, admin: Headers, change: dict[str, object], field: str, code: str | None
    ) -> None:
        response = client.post(POLICIES, json={**document(NEXT_YEAR), **change}, headers=admin)
        assert response.status_code == 422, response.text
        assert response.json()["field"] == field
        if code:
            assert response.json()["code"] == code
        assert response.json()["detail_ar"] != response.json()["detail_en"]  # both languages

    def test_a_body_that_is_not_an_object_is_422(self, client: TestClient, admin: Headers) -> None:
        response = client.post(POLICIES, json=[document(NEXT_YEAR)], headers=admin)
        assert (response.status_code, response.json()["code"]) == (422, "request.invalid")
