"""Opening a wallet account at the post counter, over HTTP and the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests import factories
from tests.fakes import FixedClock
from tests.integration.http.conftest import Headers, SignIn
from tests.otp_inbox import last_code_sent_to
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.tables_app import wallet_openings
from unicard.adapters.db.tables_payments import accounts, outbox
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role
from unicard.entrypoints.cli.main import app as cli
from unicard.services import citizens
from unicard.services.citizens import CitizenDetails
from unicard.services.payments import accounts as keys

WALLETS = "/api/v1/wallets"
ADMIN = factories.operator(Role.ADMIN)


@pytest.fixture
def clerk(sign_in: SignIn) -> Headers:
    return sign_in(Role.POST_CLERK, governorates=frozenset({"03"}))


def registered(container: Container, **details: object) -> CitizenDetails:
    citizen = factories.citizen_details(**details)  # type: ignore[arg-type]
    citizens.register_citizen(container.uow_factory(), container.clock, ADMIN, citizen)
    return citizen


def body(citizen: CitizenDetails, **overrides: object) -> dict[str, object]:
    return {"national_id": citizen.national_id, "mobile": citizen.mobile, **overrides}


def counts(engine: Engine) -> tuple[int, int, int]:
    """Wallet openings, wallet accounts in the ledger, outbox rows."""
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(wallet_openings)).scalar_one(),
            connection.execute(
                select(func.count()).select_from(accounts).where(accounts.c.kind == "wallet")
            ).scalar_one(),
            connection.execute(select(func.count()).select_from(outbox)).scalar_one(),
        )


def refusal(client: TestClient, clerk: Headers, payload: dict[str, object]) -> tuple[int, str, str | None]:
    response = client.post(WALLETS, json=payload, headers=clerk)
    problem = response.json()
    return response.status_code, problem["code"], problem.get("field")


class TestOpening:
    def test_an_adult_with_a_registered_mobile_gets_one_wallet_and_an_sms(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        response = client.post(WALLETS, json=body(citizen), headers=clerk)
        assert response.status_code == 201, response.text
        opened = response.json()
        assert opened["national_id"] == citizen.national_id
        assert opened["mobile"] == "+2" + str(citizen.mobile)
        assert (opened["governorate"], opened["balance"]["piasters"]) == ("03", 0)
        assert response.headers["Location"] == f"/api/v1/citizens/{citizen.national_id}/wallet"
        with container.uow_factory() as uow:
            sent = uow.outbox.find(f"wallet:{citizen.national_id}:opened:")
        assert {(row.notification.channel, row.notification.template) for row in sent} == {
            ("sms", "wallet_opened"),
            ("app", "wallet_opened"),
        }
        assert counts(container.engine)[:2] == (1, 1)
        with container.engine.connect() as connection:
            actions = connection.execute(select(audit_log.c.action, audit_log.c.subject)).all()
        assert ("wallet.opened", f"citizen:{citizen.national_id}") in [tuple(row) for row in actions]

    def test_a_wallet_the_ledger_already_holds_is_the_one_opened(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        key = keys.wallet(citizen.national_id)
        with container.uow_factory() as uow:  # as a G2P credit before opening would
            existing = uow.ledger.open_accounts([key])[key]
            uow.commit()
        assert client.post(WALLETS, json=body(citizen), headers=clerk).status_code == 201
        with container.engine.connect() as connection:
            account_id = connection.execute(select(wallet_openings.c.account_id)).scalar_one()
        assert str(account_id) == existing.id
        assert counts(container.engine)[:2] == (1, 1)

    def test_the_citizen_sees_the_wallet_in_the_app(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        assert client.post(WALLETS, json=body(citizen), headers=clerk).status_code == 201
        assert client.post("/api/v1/app/otp", json=body(citizen)).status_code == 202
        code = last_code_sent_to(container.uow_factory, str(citizen.mobile))
        session = client.post("/api/v1/app/session", json={"national_id": citizen.national_id, "code": code})
        me = client.get(
            "/api/v1/app/me", headers={"Authorization": f"Bearer {session.json()['access_token']}"}
        )
        assert me.json()["wallet_balance"]["piasters"] == 0

    def test_a_second_opening_is_refused_and_changes_nothing(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        assert client.post(WALLETS, json=body(citizen), headers=clerk).status_code == 201
        before = counts(container.engine)
        response = client.post(WALLETS, json=body(citizen), headers=clerk)
        assert (response.status_code, response.json()["code"]) == (409, "wallet.already_open")
        assert "2026-11-22" in response.json()["detail_en"]
        assert counts(container.engine) == before


class TestRefusals:
    def test_a_minor_is_refused(self, client: TestClient, container: Container, clerk: Headers) -> None:
        minor = registered(container, birth=dt.date(2010, 5, 1), with_mobile=False)
        assert refusal(client, clerk, body(minor, mobile=factories.mobile()))[:2] == (409, "wallet.minor")
        assert counts(container.engine) == (0, 0, 0)

    def test_a_citizen_turning_18_today_may_open(
        self, client: TestClient, container: Container, clerk: Headers, clock: FixedClock
    ) -> None:
        today = clock.now().date()
        adult = registered(container, birth=today.replace(year=today.year - 18))
        assert client.post(WALLETS, json=body(adult), headers=clerk).status_code == 201

    def test_a_deceased_citizen_is_refused(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        today = container.clock.now().date()
        citizens.mark_deceased(
            container.uow_factory(), container.clock, ADMIN, citizen.national_id, today, "death"
        )
        assert refusal(client, clerk, body(citizen))[:2] == (409, "wallet.deceased")
        assert counts(container.engine)[:2] == (0, 0)

    def test_a_citizen_without_a_registered_mobile_is_refused(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container, with_mobile=False)
        payload = body(citizen, mobile=factories.mobile())
        assert refusal(client, clerk, payload)[:2] == (409, "wallet.no_registered_mobile")
        assert counts(container.engine) == (0, 0, 0)

    def test_a_mobile_not_registered_to_the_citizen_is_refused(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        payload = body(citizen, mobile=factories.mobile())
        assert refusal(client, clerk, payload) == (422, "wallet.mobile_mismatch", "mobile")
        assert counts(container.engine) == (0, 0, 0)

    def test_a_malformed_national_id_is_422(self, client: TestClient, clerk: Headers) -> None:
        payload = {"national_id": "2850314030013x", "mobile": "01012345678"}
        assert refusal(client, clerk, payload) == (422, "national_id.not_digits", "national_id")

    def test_a_malformed_mobile_is_422(
        self, client: TestClient, container: Container, clerk: Headers
    ) -> None:
        citizen = registered(container)
        assert refusal(client, clerk, body(citizen, mobile="12345"))[:2] == (422, "mobile.not_mobile")

    def test_an_unknown_citizen_is_404(self, client: TestClient, clerk: Headers) -> None:
        payload = {"national_id": factories.national_id(), "mobile": factories.mobile()}
        assert refusal(client, clerk, payload)[:2] == (404, "citizen.not_found")

    def test_a_clerk_of_another_governorate_is_403(
        self, client: TestClient, container: Container, sign_in: SignIn
    ) -> None:
        cairo_clerk = sign_in(Role.POST_CLERK, governorates=frozenset({"01"}))
        citizen = registered(container)
        assert refusal(client, cairo_clerk, body(citizen))[:2] == (403, "operator.out_of_scope")
        assert counts(container.engine) == (0, 0, 0)

    def test_a_supply_officer_may_not_open_wallets(
        self, client: TestClient, container: Container, sign_in: SignIn
    ) -> None:
        officer = sign_in(Role.SUPPLY_OFFICER)
        assert refusal(client, officer, body(registered(container)))[:2] == (403, "auth.role_forbidden")


runner = CliRunner()


class TestCommandLine:
    @pytest.fixture
    def env(self, database_url: str, engine: Engine) -> dict[str, str]:
        env = {"UNICARD_DATABASE_URL": database_url, "UNICARD_OPERATOR_PASSWORD": "a long enough secret"}
        result = runner.invoke(
            cli, ["operator", "create", "clerk.portsaid", "-r", "post_clerk", "-g", "03"], env=env
        )
        assert result.exit_code == 0, result.output
        return env

    def test_a_clerk_opens_a_wallet_and_a_second_is_refused(
        self, env: dict[str, str], uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        citizen = factories.citizen_details()
        citizens.register_citizen(uow_factory(), clock, ADMIN, citizen)
        command = ["wallet", "open", citizen.national_id, str(citizen.mobile), "--clerk", "clerk.portsaid"]
        opened = runner.invoke(cli, [*command, "--lang", "en"], env=env)
        assert opened.exit_code == 0, opened.output
        assert f"wallet account opened for national ID {citizen.national_id}" in opened.output
        again = runner.invoke(cli, command, env=env)
        assert again.exit_code == 1
        assert "already has a wallet account" in again.output

    def test_an_unknown_clerk_is_refused(
        self, env: dict[str, str], uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        citizen = factories.citizen_details()
        citizens.register_citizen(uow_factory(), clock, ADMIN, citizen)
        command = ["wallet", "open", citizen.national_id, str(citizen.mobile), "--clerk", "nobody.here"]
        result = runner.invoke(cli, command, env=env)
        assert result.exit_code == 1
        assert "nobody.here" in result.output
        with uow_factory() as uow:
            assert uow.wallets.opening(citizen.national_id) is None
