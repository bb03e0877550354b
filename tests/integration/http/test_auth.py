"""Signing in, tokens, and the operator behind every request."""

from __future__ import annotations

import datetime as dt
import uuid

import jwt
import pytest
from sqlalchemy import delete, select, update
from starlette.testclient import TestClient

from tests.fakes import FixedClock
from tests.integration.http.conftest import PASSWORD, SignIn, bearer, seed_operator
from unicard.adapters.db.tables import audit_log, operator_governorates, operator_roles, operators
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role

ME = "/api/v1/operators/me"


def token_with(container: Container, **claims: object) -> str:
    now = int(container.clock.now().timestamp())
    base = {
        "sub": "nobody",
        "roles": [],
        "governorates": [],
        "iat": now,
        "exp": now + 60,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode({**base, **claims}, container.settings.secret_key, algorithm="HS256")


def audit_actions(container: Container) -> list[tuple[str, str]]:
    with container.engine.connect() as connection:
        rows = connection.execute(select(audit_log.c.action, audit_log.c.subject).order_by(audit_log.c.seq))
        return [(row.action, row.subject) for row in rows]


class TestSignIn:
    def test_good_password_gives_a_bearer_token_and_is_audited(
        self, client: TestClient, container: Container
    ) -> None:
        username = seed_operator(container, Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))
        response = client.post("/api/v1/auth/token", json={"username": username, "password": PASSWORD})
        assert response.status_code == 200
        body = response.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == container.settings.token_ttl_seconds
        claims = jwt.decode(
            body["access_token"],
            container.settings.secret_key,
            algorithms=["HS256"],
            options={"verify_exp": False, "verify_iat": False},
        )
        assert claims["sub"] == username
        assert claims["roles"] == ["supply_officer"]
        assert claims["governorates"] == ["03"]
        assert claims["exp"] - claims["iat"] == container.settings.token_ttl_seconds
        assert claims["jti"]
        assert ("operator.login", f"operator:{username}") in audit_actions(container)

    def test_wrong_password_is_401_and_audited(self, client: TestClient, container: Container) -> None:
        username = seed_operator(container, Role.ADMIN)
        response = client.post("/api/v1/auth/token", json={"username": username, "password": "not it at all"})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["code"] == "auth.bad_credentials"
        assert "access_token" not in response.text
        assert ("operator.login_failed", f"operator:{username}") in audit_actions(container)

    def test_unknown_user_gets_the_same_answer_as_a_wrong_password(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/token", json={"username": "ghost", "password": PASSWORD})
        assert response.status_code == 401
        assert response.json()["code"] == "auth.bad_credentials"

    def test_missing_password_is_a_request_problem_that_does_not_echo_input(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/token", json={"username": "admin"})
        assert response.status_code == 422
        assert response.json()["code"] == "request.invalid"
        assert response.json()["field"] == "password"


class TestTokens:
    def test_a_token_opens_the_api(self, client: TestClient, container: Container) -> None:
        username = seed_operator(container, Role.AUDITOR, governorates=frozenset({"03", "04"}))
        response = client.get(ME, headers=bearer(client, username))
        assert response.status_code == 200
        assert response.json() == {
            "username": username,
            "display_name": "Test auditor",
            "roles": ["auditor"],
            "governorates": ["03", "04"],
            "active": True,
        }

    def test_no_token_is_401_token_missing(self, client: TestClient) -> None:
        response = client.get(ME)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="unicard"'
        assert response.json()["code"] == "auth.token_missing"

    def test_another_scheme_counts_as_no_token(self, client: TestClient) -> None:
        response = client.get(ME, headers={"Authorization": "Basic YWRtaW46YWRtaW4="})
        assert response.json()["code"] == "auth.token_missing"

    def test_expired_token_is_401_token_expired(self, client: TestClient, container: Container) -> None:
        username = seed_operator(container, Role.ADMIN)
        past = int(container.clock.now().timestamp()) - 3600
        token = token_with(container, sub=username, iat=past - 900, exp=past)
        response = client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["code"] == "auth.token_expired"
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]

    def test_a_token_expires_after_its_ttl(
        self, client: TestClient, container: Container, clock: FixedClock
    ) -> None:
        headers = bearer(client, seed_operator(container, Role.ADMIN))
        clock.advance(dt.timedelta(seconds=container.settings.token_ttl_seconds - 1))
        assert client.get(ME, headers=headers).status_code == 200
        clock.advance(dt.timedelta(seconds=1))
        assert client.get(ME, headers=headers).json()["code"] == "auth.token_expired"

    @pytest.mark.parametrize(
        "token",
        [
            "not-a-jwt",
            jwt.encode({"sub": "x", "iat": 1, "exp": 9_999_999_999, "jti": "j"}, "another key " * 4, "HS256"),
            jwt.encode({"sub": "x", "iat": 1, "exp": 9_999_999_999, "jti": "j"}, None, "none"),
        ],
        ids=["garbage", "foreign-signature", "alg-none"],
    )
    def test_bad_token_is_401_token_invalid(self, client: TestClient, token: str) -> None:
        response = client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["code"] == "auth.token_invalid"

    def test_a_token_with_the_right_key_but_missing_jti_is_invalid(
        self, client: TestClient, container: Container
    ) -> None:
        token = token_with(container, sub="x", jti=None)
        assert (
            client.get(ME, headers={"Authorization": f"Bearer {token}"}).json()["code"]
            == "auth.token_invalid"
        )

    def test_disabled_operator_is_refused_at_once(self, client: TestClient, container: Container) -> None:
        username = seed_operator(container, Role.ADMIN)
        headers = bearer(client, username)
        with container.engine.begin() as connection:
            connection.execute(update(operators).where(operators.c.username == username).values(active=False))
        response = client.get(ME, headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "auth.operator_inactive"

    def test_deleted_operator_is_refused(self, client: TestClient, container: Container) -> None:
        username = seed_operator(container, Role.ADMIN)
        headers = bearer(client, username)
        with container.engine.begin() as connection:
            operator_id = connection.execute(
                select(operators.c.id).where(operators.c.username == username)
            ).scalar_one()
            for table in (operator_roles, operator_governorates):
                connection.execute(delete(table).where(table.c.operator_id == operator_id))
            connection.execute(delete(operators).where(operators.c.id == operator_id))
        assert client.get(ME, headers=headers).json()["code"] == "auth.operator_inactive"

    def test_roles_come_from_the_database_not_the_token(
        self, client: TestClient, container: Container
    ) -> None:
        username = seed_operator(container, Role.AUDITOR)
        forged = token_with(container, sub=username, roles=["admin"], governorates=["*"])
        response = client.post("/api/v1/operators", json={}, headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 403
        assert response.json()["code"] == "auth.role_forbidden"


class TestCreateOperator:
    def body(self, **overrides: object) -> dict[str, object]:
        return {
            "username": "amal.supply",
            "display_name": "أمل إبراهيم",
            "roles": ["supply_officer"],
            "governorates": ["03"],
            "password": "a long enough password",
            **overrides,
        }

    def test_admin_creates_an_operator_who_can_sign_in(
        self, client: TestClient, container: Container, sign_in: SignIn
    ) -> None:
        admin = sign_in(Role.ADMIN)
        response = client.post("/api/v1/operators", json=self.body(), headers=admin)
        assert response.status_code == 201
        assert response.json()["roles"] == ["supply_officer"]
        assert "password" not in response.text
        bearer(client, "amal.supply", "a long enough password")
        admin_name = client.get(ME, headers=admin).json()["username"]
        with container.engine.connect() as connection:
            actor = connection.execute(
                select(audit_log.c.actor).where(audit_log.c.subject == "operator:amal.supply")
            ).scalar()
        assert actor == admin_name

    def test_duplicate_username_is_409(self, client: TestClient, sign_in: SignIn) -> None:
        admin = sign_in(Role.ADMIN)
        client.post("/api/v1/operators", json=self.body(), headers=admin)
        response = client.post("/api/v1/operators", json=self.body(), headers=admin)
        assert response.status_code == 409
        assert response.json()["code"] == "operator.duplicate"

    @pytest.mark.parametrize(
        ("overrides", "code", "field"),
        [
            ({"password": "short"}, "operator.password_short", "password"),
            ({"governorates": ["99"]}, "operator.governorate", "governorates"),
            ({"username": "Bad Name!"}, "operator.username", "username"),
            ({"roles": ["king"]}, "request.invalid", "roles.0"),
        ],
    )
    def test_bad_values_are_422_naming_the_field(
        self, client: TestClient, sign_in: SignIn, overrides: dict[str, object], code: str, field: str
    ) -> None:
        response = client.post("/api/v1/operators", json=self.body(**overrides), headers=sign_in(Role.ADMIN))
        assert response.status_code == 422
        assert response.json()["code"] == code
        assert response.json()["field"] == field

    def test_an_admin_grants_only_governorates_in_their_own_scope(
        self, client: TestClient, sign_in: SignIn
    ) -> None:
        port_said_admin = sign_in(Role.ADMIN, governorates=frozenset({"03"}))
        response = client.post(
            "/api/v1/operators", json=self.body(governorates=["*"]), headers=port_said_admin
        )
        assert response.status_code == 403
        assert response.json()["code"] == "operator.scope_beyond_own"
        allowed = client.post("/api/v1/operators", json=self.body(), headers=port_said_admin)
        assert allowed.status_code == 201
