"""Households over HTTP: create, view with members, add, move, remove, name the head."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from tests import factories
from tests.integration.http.conftest import Headers, SignIn, registration
from unicard.adapters.db.tables import household_members, households
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role

HOUSEHOLDS = "/api/v1/households"


@pytest.fixture
def officer(sign_in: SignIn) -> Headers:
    return sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))


def citizen(client: TestClient, headers: Headers, sex: str = "M") -> str:
    details = factories.citizen_details(sex=sex)
    assert client.post("/api/v1/citizens", json=registration(details), headers=headers).status_code == 201
    return details.national_id


def create(client: TestClient, headers: Headers, number: str, head: str, **more: object) -> dict[str, object]:
    body = {"number": number, "governorate": "03", "head": head, **more}
    response = client.post(HOUSEHOLDS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def household_rows(container: Container) -> tuple[int, int]:
    with container.engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(households)).scalar_one(),
            connection.execute(select(func.count()).select_from(household_members)).scalar_one(),
        )


class TestHouseholdLife:
    def test_create_and_view_with_members(self, client: TestClient, officer: Headers) -> None:
        head, wife = citizen(client, officer), citizen(client, officer, "F")
        created = create(
            client, officer, "1000000001", head, members=[{"national_id": wife, "relation": "spouse"}]
        )
        assert created["head"] == head
        assert created["status"] == "active"
        assert created["governorate"] == {"code": "03", "name_ar": "بورسعيد", "name_en": "Port Said"}
        members = client.get(f"{HOUSEHOLDS}/1000000001", headers=officer).json()["members"]
        assert [(m["national_id"], m["relation"], m["sex"]) for m in members] == [
            (head, "head", "M"),
            (wife, "spouse", "F"),
        ]
        assert (
            client.get(f"/api/v1/citizens/{wife}", headers=officer).json()["household_number"] == "1000000001"
        )

    def test_add_move_remove_and_name_a_new_head(self, client: TestClient, officer: Headers) -> None:
        head_a, head_b, daughter, son = (citizen(client, officer) for _ in range(4))
        create(
            client, officer, "2000000001", head_a, members=[{"national_id": daughter, "relation": "daughter"}]
        )
        create(client, officer, "2000000002", head_b)

        added = client.post(
            f"{HOUSEHOLDS}/2000000001/members",
            json={"national_id": son, "relation": "son", "reason": "newborn"},
            headers=officer,
        )
        assert {m["national_id"] for m in added.json()["members"]} == {head_a, daughter, son}

        moved = client.post(
            f"/api/v1/citizens/{daughter}/move",
            json={"to_household": "2000000002", "relation": "spouse", "reason": "marriage"},
            headers=officer,
        ).json()
        assert daughter not in {m["national_id"] for m in moved["left"]["members"]}
        assert daughter in {m["national_id"] for m in moved["joined"]["members"]}

        removed = client.delete(
            f"{HOUSEHOLDS}/2000000001/members/{head_a}", params={"reason": "emigrated"}, headers=officer
        ).json()
        assert removed["status"] == "needs_head"
        assert removed["head"] is None

        headed = client.put(
            f"{HOUSEHOLDS}/2000000001/head",
            json={"national_id": son, "reason": "eldest son takes the card"},
            headers=officer,
        ).json()
        assert (headed["status"], headed["head"]) == ("active", son)

    def test_members_are_masked_for_auditors(
        self, client: TestClient, officer: Headers, sign_in: SignIn
    ) -> None:
        head = citizen(client, officer)
        create(client, officer, "3000000001", head)
        body = client.get(f"{HOUSEHOLDS}/3000000001", headers=sign_in(Role.AUDITOR)).json()
        assert body["head"] == "*" * 10 + head[-4:]
        assert head not in str(body)
        assert client.get(f"{HOUSEHOLDS}/3000000001", headers=sign_in(Role.POST_CLERK)).json()["head"] == head


class TestBadInput:
    def test_member_in_two_households_is_409_and_changes_nothing(
        self, client: TestClient, officer: Headers, container: Container
    ) -> None:
        head_a, head_b, child = (citizen(client, officer) for _ in range(3))
        create(client, officer, "4000000001", head_a, members=[{"national_id": child, "relation": "son"}])
        before = household_rows(container)
        response = client.post(
            HOUSEHOLDS,
            json={
                "number": "4000000002",
                "governorate": "03",
                "head": head_b,
                "members": [{"national_id": child, "relation": "son"}],
            },
            headers=officer,
        )
        assert response.status_code == 409
        assert response.json()["code"] == "household.member_elsewhere"
        assert response.json()["detail_ar"]
        assert household_rows(container) == before
        adding = client.post(
            f"{HOUSEHOLDS}/4000000001/members",
            json={"national_id": head_b, "relation": "other", "reason": "r"},
            headers=officer,
        )
        assert adding.status_code == 200
        again = client.post(
            f"{HOUSEHOLDS}/4000000001/members",
            json={"national_id": head_b, "relation": "other", "reason": "r"},
            headers=officer,
        )
        assert (again.status_code, again.json()["code"]) == (409, "household.member_elsewhere")

    def test_unknown_governorate_is_422(
        self, client: TestClient, officer: Headers, container: Container
    ) -> None:
        head = citizen(client, officer)
        before = household_rows(container)
        response = client.post(
            HOUSEHOLDS, json={"number": "5000000001", "governorate": "77", "head": head}, headers=officer
        )
        assert response.status_code == 422
        assert response.json()["code"] == "household.governorate"
        assert response.json()["field"] == "governorate"
        assert household_rows(container) == before

    def test_a_malformed_member_id_names_its_place_in_the_body(
        self, client: TestClient, officer: Headers
    ) -> None:
        body = {
            "number": "5000000004",
            "governorate": "03",
            "head": citizen(client, officer),
            "members": [{"national_id": "29002310300137", "relation": "son"}],
        }
        response = client.post(HOUSEHOLDS, json=body, headers=officer)
        assert response.status_code == 422
        assert response.json()["code"] == "national_id.birth_date"
        assert response.json()["field"] == "members.0.national_id"

    def test_unknown_relation_is_422_listing_the_allowed_ones(
        self, client: TestClient, officer: Headers
    ) -> None:
        head, other = citizen(client, officer), citizen(client, officer)
        create(client, officer, "5000000002", head)
        response = client.post(
            f"{HOUSEHOLDS}/5000000002/members",
            json={"national_id": other, "relation": "cousin", "reason": "r"},
            headers=officer,
        )
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert (error["field"], error["code"]) == ("relation", "request.field_not_allowed")
        assert "spouse" in error["detail_en"]
        assert "spouse" in error["detail_ar"]

    def test_removing_without_a_reason_is_422(self, client: TestClient, officer: Headers) -> None:
        head = citizen(client, officer)
        create(client, officer, "5000000003", head)
        response = client.delete(f"{HOUSEHOLDS}/5000000003/members/{head}", headers=officer)
        assert (response.status_code, response.json()["field"]) == (422, "reason")

    def test_unknown_household_is_404(self, client: TestClient, officer: Headers) -> None:
        response = client.get(f"{HOUSEHOLDS}/9999999999", headers=officer)
        assert (response.status_code, response.json()["code"]) == (404, "household.not_found")

    def test_operator_out_of_scope_is_403(
        self, client: TestClient, officer: Headers, sign_in: SignIn
    ) -> None:
        head = citizen(client, officer)
        create(client, officer, "6000000001", head)
        suez = sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"04"}))
        response = client.get(f"{HOUSEHOLDS}/6000000001", headers=suez)
        assert (response.status_code, response.json()["code"]) == (403, "operator.out_of_scope")


class TestAuditVerify:
    def test_the_chain_of_all_these_changes_is_intact(
        self, client: TestClient, officer: Headers, sign_in: SignIn
    ) -> None:
        create(client, officer, "7000000001", citizen(client, officer))
        report = client.get("/api/v1/audit/verify", headers=sign_in(Role.AUDITOR)).json()
        assert report["intact"] is True
        assert report["first_break"] is None
        assert report["records"] >= 4  # operators, sign-ins, the citizen, the household
