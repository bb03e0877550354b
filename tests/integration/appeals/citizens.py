"""A citizen signed in to the app the way a phone does it: a code by SMS, then a session."""

from __future__ import annotations

from tests.integration.http.conftest import Headers, TestClient
from tests.otp_inbox import last_code_sent_to
from unicard.bootstrap import Container

APP_APPEALS = "/api/v1/app/appeals"


def app_session(client: TestClient, container: Container, national_id: str, mobile: str) -> Headers:
    asked = client.post("/api/v1/app/otp", json={"national_id": national_id, "mobile": mobile})
    assert asked.status_code == 202, asked.text
    code = last_code_sent_to(container.uow_factory, mobile)
    session = client.post("/api/v1/app/session", json={"national_id": national_id, "code": code})
    assert session.status_code == 200, session.text
    return {"Authorization": f"Bearer {session.json()['access_token']}"}
