"""The admin API of merchants and terminals, and grocer assignment, over HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from tests.integration.http.conftest import Headers, SignIn
from tests.integration.merchants.conftest import household
from unicard.adapters.db.tables_payments import terminals as terminal_rows
from unicard.adapters.security.terminal_secrets import HmacTerminalSecrets
from unicard.bootstrap import Container
from unicard.domain.merchants import TerminalRefused
from unicard.domain.operators.operator import Role
from unicard.services.terminal_auth import authenticate_terminal

MERCHANTS = "/api/v1/merchants"
BAKERY = {"kind": "bakery", "name_ar": "مخبز الأمل", "name_en": "Al Amal", "governorate": "03"}


@pytest.fixture
def admin(sign_in: SignIn) -> Headers:
    return sign_in(Role.ADMIN)


@pytest.fixture
def officer(sign_in: SignIn) -> Headers:
    return sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))


def create(client: TestClient, headers: Headers, **body: object) -> dict[str, object]:
    response = client.post(MERCHANTS, json={**BAKERY, **body}, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


def install(client: TestClient, headers: Headers, merchant_id: object) -> dict[str, object]:
    response = client.post(f"{MERCHANTS}/{merchant_id}/terminals", headers=headers)
    assert response.status_code == 201, response.text
    assert response.headers["Cache-Control"] == "no-store"
    issued: dict[str, object] = response.json()
    return issued


def secrets_of(container: Container) -> HmacTerminalSecrets:
    return HmacTerminalSecrets.from_secret_key(container.settings.secret_key)


class TestMerchants:
    def test_create_view_and_list(self, client: TestClient, admin: Headers) -> None:
        response = client.post(MERCHANTS, json=BAKERY, headers=admin)
        assert response.status_code == 201
        created = response.json()
        assert response.headers["Location"] == f"{MERCHANTS}/BKR-03-000001"
        assert created["id"] == "BKR-03-000001"
        assert created["governorate"]["name_en"] == "Port Said"
        assert created["accepts"] == ["bread_purchase"]
        assert created["settlement_accounts"] == [
            "bakery_bread",
            "bakery_subsidy_claim",
            "merchant_settlement",
        ]
        assert created["terminals"] == []
        create(client, admin, kind="retail", name_ar="متجر النور")
        assert client.get(f"{MERCHANTS}/bkr-03-000001", headers=admin).json() == created
        page = client.get(MERCHANTS, params={"kind": "retail", "governorate": "3"}, headers=admin).json()
        assert [item["id"] for item in page["items"]] == ["RTL-03-000001"]

    def test_patch_renames_and_suspends_with_a_reason(self, client: TestClient, admin: Headers) -> None:
        create(client, admin)
        url = f"{MERCHANTS}/BKR-03-000001"
        assert client.patch(url, json={"status": "suspended"}, headers=admin).status_code == 422
        body = {"status": "suspended", "name_en": None, "reason": "hygiene inspection"}
        changed = client.patch(url, json=body, headers=admin).json()
        assert (changed["status"], changed["name_en"], changed["name_ar"]) == (
            "suspended",
            None,
            "مخبز الأمل",
        )

    def test_problems_are_in_arabic_and_english(self, client: TestClient, admin: Headers) -> None:
        response = client.get(f"{MERCHANTS}/BKR-03-000404", headers=admin)
        assert response.status_code == 404
        body = response.json()
        assert body["code"] == "merchant.not_found"
        assert "BKR-03-000404" in body["detail_ar"]
        assert "BKR-03-000404" in body["detail_en"]
        refused = client.post(MERCHANTS, json={**BAKERY, "name_ar": "Amal"}, headers=admin)
        assert (refused.status_code, refused.json()["field"]) == (422, "name_ar")


class TestSupplyOfficer:
    def test_manages_bakeries_and_grocers_of_their_governorate_only(
        self, client: TestClient, admin: Headers, officer: Headers
    ) -> None:
        create(client, officer)
        create(client, officer, kind="grocer", name_ar="بدال السلام")
        retail = client.post(MERCHANTS, json={**BAKERY, "kind": "retail"}, headers=officer)
        assert (retail.status_code, retail.json()["code"]) == (403, "merchant.kind_forbidden")
        cairo = client.post(MERCHANTS, json={**BAKERY, "governorate": "01"}, headers=officer)
        assert (cairo.status_code, cairo.json()["code"]) == (403, "operator.out_of_scope")

        create(client, admin, kind="biller", name_ar="شركة الكهرباء")
        listed = client.get(MERCHANTS, headers=officer).json()["items"]
        assert [item["id"] for item in listed] == ["BKR-03-000001", "GRC-03-000001"]
        assert client.get(f"{MERCHANTS}/BIL-03-000001", headers=officer).status_code == 403
        assert client.get(MERCHANTS, params={"kind": "biller"}, headers=officer).status_code == 403

    def test_an_auditor_reads_every_kind(self, client: TestClient, admin: Headers, sign_in: SignIn) -> None:
        create(client, admin, kind="biller", name_ar="شركة الكهرباء")
        auditor = sign_in(Role.AUDITOR)
        assert client.get(f"{MERCHANTS}/BIL-03-000001", headers=auditor).status_code == 200
        assert client.post(MERCHANTS, json=BAKERY, headers=auditor).status_code == 403


class TestTerminals:
    def test_the_secret_is_shown_once_and_works(
        self, client: TestClient, admin: Headers, container: Container, capsys: pytest.CaptureFixture[str]
    ) -> None:
        create(client, admin)
        issued = install(client, admin, "BKR-03-000001")
        terminal, secret = issued["terminal"], str(issued["secret"])
        assert terminal == {"id": "T-BKR-03-000001-01", "merchant_id": "BKR-03-000001", "status": "active"}
        authenticate_terminal(container.uow_factory(), secrets_of(container), "T-BKR-03-000001-01", secret)

        viewed = client.get(f"{MERCHANTS}/BKR-03-000001", headers=admin)
        listed = client.get(MERCHANTS, headers=admin)
        assert viewed.json()["terminals"] == [terminal]
        with container.engine.connect() as connection:
            stored = connection.execute(select(terminal_rows.c.secret_hash)).scalar_one()
        logs = capsys.readouterr()
        for text in (viewed.text, listed.text, logs.out, logs.err):
            assert secret not in text
            assert stored not in text

    def test_rotation_returns_a_new_secret_and_the_old_one_stops(
        self, client: TestClient, admin: Headers, container: Container
    ) -> None:
        create(client, admin)
        old = str(install(client, admin, "BKR-03-000001")["secret"])
        url = "/api/v1/terminals/T-BKR-03-000001-01/rotate-secret"
        assert client.post(url, json={}, headers=admin).status_code == 422  # a rotation says why
        response = client.post(url, json={"reason": "terminal stolen"}, headers=admin)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
        new = response.json()["secret"]
        uow, secrets = container.uow_factory, secrets_of(container)
        with pytest.raises(TerminalRefused):
            authenticate_terminal(uow(), secrets, "T-BKR-03-000001-01", old)
        authenticate_terminal(uow(), secrets, "T-BKR-03-000001-01", new)

    def test_retire_a_terminal(self, client: TestClient, admin: Headers, container: Container) -> None:
        create(client, admin)
        secret = str(install(client, admin, "BKR-03-000001")["secret"])
        body = {"status": "retired", "reason": "broken"}
        response = client.patch("/api/v1/terminals/T-BKR-03-000001-01", json=body, headers=admin)
        assert response.json()["status"] == "retired"
        with pytest.raises(TerminalRefused, match=r"terminal\.retired"):
            authenticate_terminal(
                container.uow_factory(), secrets_of(container), "T-BKR-03-000001-01", secret
            )

    def test_a_supply_officer_cannot_install_at_a_post_office(
        self, client: TestClient, admin: Headers, officer: Headers
    ) -> None:
        create(client, admin, kind="post_counter", name_ar="مكتب بريد بورسعيد")
        response = client.post(f"{MERCHANTS}/PST-03-000001/terminals", headers=officer)
        assert (response.status_code, response.json()["code"]) == (403, "merchant.kind_forbidden")


class TestGrocerAssignment:
    def test_assigns_and_refuses_a_bakery(
        self, client: TestClient, officer: Headers, container: Container
    ) -> None:
        family = household(container.uow_factory, container.clock)
        create(client, officer, kind="grocer", name_ar="بدال السلام")
        create(client, officer)
        url = f"/api/v1/households/{family.number}/grocer"
        assigned = client.put(url, json={"grocer_id": "GRC-03-000001", "reason": "new card"}, headers=officer)
        assert assigned.status_code == 200, assigned.text
        assert assigned.json()["grocer_id"] == "GRC-03-000001"
        wrong = client.put(url, json={"grocer_id": "BKR-03-000001", "reason": "oops"}, headers=officer)
        assert (wrong.status_code, wrong.json()["code"]) == (409, "grocer.not_a_grocer")
        assert client.put(url, json={"reason": "no grocer given"}, headers=officer).status_code == 422
