"""The citizen app session over HTTP, on SQLite and PostgreSQL: code, session, /me, and who may
call what (citizen tokens only on /api/v1/app/, operator tokens only elsewhere)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from tests import factories
from tests.integration.http.conftest import Headers, SignIn, registration
from tests.otp_inbox import codes_sent_to, last_code_sent_to
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.domain.app.otp import LIFETIME, MAX_ATTEMPTS, REISSUE_INTERVAL
from unicard.domain.operators.operator import Role
from unicard.entrypoints.http_api.security import endpoints
from unicard.services.citizens import CitizenDetails
from unicard.services.payments import accounts as keys

OTP, SESSION, ME = "/api/v1/app/otp", "/api/v1/app/session", "/api/v1/app/me"


class Citizen:
    def __init__(self, client: TestClient, container: Container, details: CitizenDetails) -> None:
        self.client, self.container, self.details = client, container, details
        self.nid = details.national_id
        assert details.mobile is not None
        self.mobile = details.mobile

    @property
    def uow_factory(self) -> SqlUnitOfWorkFactory:
        return self.container.uow_factory

    def ask_code(self, mobile: str | None = None) -> str:
        response = self.client.post(OTP, json={"national_id": self.nid, "mobile": mobile or self.mobile})
        assert response.status_code == 202, response.text
        return last_code_sent_to(self.uow_factory, self.mobile)

    def session(self, code: str) -> tuple[int, dict[str, object]]:
        response = self.client.post(SESSION, json={"national_id": self.nid, "code": code})
        body: dict[str, object] = response.json()
        return response.status_code, body

    def sign_in(self) -> Headers:
        status, body = self.session(self.ask_code())
        assert status == 200, body
        return {"Authorization": f"Bearer {body['access_token']}"}


@pytest.fixture
def clerk(sign_in: SignIn) -> Headers:
    return sign_in(Role.ADMIN)


@pytest.fixture
def citizen(client: TestClient, container: Container, clerk: Headers) -> Citizen:
    details = factories.citizen_details()
    response = client.post("/api/v1/citizens", json=registration(details), headers=clerk)
    assert response.status_code == 201, response.text
    return Citizen(client, container, details)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


class TestAskingForACode:
    def test_registered_details_get_202_and_a_code_by_sms(self, citizen: Citizen) -> None:
        response = citizen.client.post(OTP, json={"national_id": citizen.nid, "mobile": citizen.mobile})
        assert response.status_code == 202
        assert response.json()["expires_in"] == LIFETIME.total_seconds()
        code = last_code_sent_to(citizen.uow_factory, citizen.mobile)
        assert code not in response.text

    def test_a_mobile_not_registered_to_the_citizen_gets_the_same_answer_and_no_sms(
        self, citizen: Citizen, client: TestClient
    ) -> None:
        registered = client.post(OTP, json={"national_id": citizen.nid, "mobile": citizen.mobile})
        citizen.container.clock.advance(REISSUE_INTERVAL)
        other_mobile = factories.mobile()
        response = client.post(OTP, json={"national_id": citizen.nid, "mobile": other_mobile})
        assert (response.status_code, response.json()) == (202, registered.json())
        assert codes_sent_to(citizen.uow_factory, other_mobile) == []
        assert len(codes_sent_to(citizen.uow_factory, citizen.mobile)) == 1

    def test_an_unknown_national_id_gets_the_same_answer_and_no_sms(
        self, citizen: Citizen, client: TestClient
    ) -> None:
        registered = client.post(OTP, json={"national_id": citizen.nid, "mobile": citizen.mobile})
        stranger = {"national_id": factories.national_id(), "mobile": factories.mobile()}
        response = client.post(OTP, json=stranger)
        assert (response.status_code, response.json()) == (202, registered.json())
        with citizen.uow_factory() as uow:
            assert len(uow.outbox.find("otp:")) == 1

    def test_asking_again_too_soon_gets_the_same_answer_and_no_second_sms(self, citizen: Citizen) -> None:
        first = citizen.ask_code()
        citizen.ask_code()
        assert codes_sent_to(citizen.uow_factory, citizen.mobile) == [first]

    def test_a_malformed_national_id_is_422_naming_the_field(self, client: TestClient) -> None:
        response = client.post(OTP, json={"national_id": "2850314030013", "mobile": "01012345678"})
        assert response.status_code == 422
        assert (response.json()["code"], response.json()["field"]) == (
            "national_id.wrong_length",
            "national_id",
        )

    def test_a_malformed_mobile_is_422(self, citizen: Citizen, client: TestClient) -> None:
        response = client.post(OTP, json={"national_id": citizen.nid, "mobile": "0223456789"})
        assert response.status_code == 422
        assert response.json()["code"] == "mobile.not_mobile"


class TestSession:
    def test_the_right_code_gives_a_citizen_token_and_me(self, citizen: Citizen) -> None:
        code = citizen.ask_code()
        status, body = citizen.session(code)
        assert status == 200
        assert (body["token_type"], body["audience"]) == ("bearer", "citizen")
        assert body["expires_in"] == citizen.container.settings.app_token_ttl_seconds
        assert code not in str(body)
        me = citizen.client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200
        assert me.json() == {
            "national_id": citizen.nid,
            "name_ar": citizen.details.name_ar,
            "name_latin": None,
            "mobile": "+20" + citizen.mobile[1:4] + "*****" + citizen.mobile[-2:],
            "household_number": None,
            "wallet_balance": None,
        }

    def test_me_shows_the_household_and_the_wallet_the_ledger_holds(
        self, citizen: Citizen, client: TestClient, sign_in: SignIn
    ) -> None:
        officer = sign_in(Role.SUPPLY_OFFICER)
        household = {"number": "0300000042", "governorate": "03", "head": citizen.nid}
        assert client.post("/api/v1/households", json=household, headers=officer).status_code == 201
        with citizen.uow_factory() as uow:
            uow.ledger.open_accounts([keys.wallet(citizen.nid)])
            uow.commit()
        me = client.get(ME, headers=citizen.sign_in()).json()
        assert me["household_number"] == "0300000042"
        assert me["wallet_balance"]["piasters"] == 0

    def test_a_reused_code_is_401(self, citizen: Citizen) -> None:
        code = citizen.ask_code()
        assert citizen.session(code)[0] == 200
        status, body = citizen.session(code)
        assert (status, body["code"]) == (401, "otp.no_live_code")

    def test_an_expired_code_is_401(self, citizen: Citizen) -> None:
        code = citizen.ask_code()
        citizen.container.clock.advance(LIFETIME)
        status, body = citizen.session(code)
        assert (status, body["code"]) == (401, "otp.expired")

    def test_five_wrong_codes_kill_the_code(self, citizen: Citizen) -> None:
        code = citizen.ask_code()
        answers = [citizen.session(wrong(code)) for _ in range(MAX_ATTEMPTS)]
        assert [(status, body["code"]) for status, body in answers] == [(401, "otp.wrong_code")] * (
            MAX_ATTEMPTS - 1
        ) + [(401, "otp.attempts_exhausted")]
        assert answers[0][1]["detail_en"] == f"the verification code is wrong; tries left: {MAX_ATTEMPTS - 1}"
        assert citizen.session(code)[1]["code"] == "otp.no_live_code"

    def test_a_malformed_code_is_422(self, citizen: Citizen) -> None:
        citizen.ask_code()
        status, body = citizen.session("12-34")
        assert (status, body["code"], body["field"]) == (422, "otp.code_format", "code")

    def test_a_malformed_national_id_is_422(self, client: TestClient) -> None:
        response = client.post(SESSION, json={"national_id": "abc", "code": "123456"})
        assert (response.status_code, response.json()["field"]) == (422, "national_id")

    def test_an_unknown_citizen_is_401_like_a_wrong_code(self, client: TestClient) -> None:
        response = client.post(SESSION, json={"national_id": factories.national_id(), "code": "123456"})
        assert (response.status_code, response.json()["code"]) == (401, "otp.no_live_code")


class TestWhoMayCallWhat:
    def test_no_token_is_401_on_every_citizen_route(self, app: FastAPI, client: TestClient) -> None:
        routes = [
            endpoint
            for endpoint in endpoints(app)
            if endpoint.path.startswith("/api/v1/app/") and endpoint.path not in (OTP, SESSION)
        ]
        assert routes, "the app has citizen routes"
        for endpoint in routes:
            response = client.request(
                endpoint.method, endpoint.path.replace("{", "").replace("}", ""), json={}
            )
            assert (response.status_code, response.json()["code"]) == (401, "auth.token_missing"), endpoint

    def test_an_operator_token_does_not_open_app_routes(self, client: TestClient, clerk: Headers) -> None:
        response = client.get(ME, headers=clerk)
        assert (response.status_code, response.json()["code"]) == (401, "auth.token_invalid")

    def test_a_citizen_token_does_not_open_operator_routes(
        self, citizen: Citizen, client: TestClient
    ) -> None:
        headers = citizen.sign_in()
        for path in (
            "/api/v1/operators/me",
            f"/api/v1/citizens/{citizen.nid}",
            f"/api/v1/citizens/{citizen.nid}/wallet",
        ):
            response = client.get(path, headers=headers)
            assert (response.status_code, response.json()["code"]) == (401, "auth.token_invalid"), path

    def test_a_citizen_token_expires(self, citizen: Citizen, client: TestClient) -> None:
        headers = citizen.sign_in()
        citizen.container.clock.advance(
            dt.timedelta(seconds=citizen.container.settings.app_token_ttl_seconds)
        )
        response = client.get(ME, headers=headers)
        assert (response.status_code, response.json()["code"]) == (401, "auth.token_expired")

    def test_a_deceased_citizen_is_signed_out(
        self, citizen: Citizen, client: TestClient, clerk: Headers
    ) -> None:
        headers = citizen.sign_in()
        death = {"date": "2026-11-21", "reason": "civil registry"}
        assert (
            client.post(f"/api/v1/citizens/{citizen.nid}/death", json=death, headers=clerk).status_code == 200
        )
        response = client.get(ME, headers=headers)
        assert (response.status_code, response.json()["code"]) == (401, "auth.citizen_inactive")

    def test_a_forged_citizen_token_is_401(self, client: TestClient) -> None:
        response = client.get(ME, headers={"Authorization": "Bearer not.a.token"})
        assert (response.status_code, response.json()["code"]) == (401, "auth.token_invalid")


def test_no_code_reaches_the_logs(citizen: Citizen, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = citizen.ask_code()
    citizen.session(wrong(code))
    citizen.session(code)
    logged = capsys.readouterr()
    assert "request" in logged.out + logged.err  # the request log is captured here
    assert code not in logged.out + logged.err
    assert wrong(code) not in logged.out + logged.err
