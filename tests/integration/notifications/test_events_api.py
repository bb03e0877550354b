"""``/api/v1/citizens/{national_id}/events`` and its Server-Sent Events stream, over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tests import factories
from tests.fakes import FakeSmsGateway
from tests.integration.http.conftest import SignIn
from tests.integration.notifications.conftest import dispatch, queue
from unicard.bootstrap import Container
from unicard.domain.notifications import Channel, Recipient
from unicard.domain.operators.operator import Role
from unicard.entrypoints.http_api.routers import events as events_router
from unicard.services import citizens

ARABIC_DEBIT = "خصم ٥٠٫٠٠ ج.م. من محفظتك لدى مخبز الأمل. رصيدك ١٬٢٥٠٫٥٠ ج.م."


@pytest.fixture
def citizen(container: Container) -> Recipient:
    """A registered citizen of Port Said (governorate 03)."""
    details = factories.citizen_details()
    citizens.register_citizen(
        container.uow_factory(), container.clock, factories.operator(Role.ADMIN), details
    )
    return Recipient(details.national_id)


def deliver_events(container: Container, to: Recipient, count: int) -> None:
    for _ in range(count):
        queue(container.uow_factory, container.clock, to=to, channels=[Channel.APP])
    dispatch(container.uow_factory, FakeSmsGateway(), container.clock)


def url(to: Recipient, suffix: str = "") -> str:
    return f"/api/v1/citizens/{to.national_id}/events{suffix}"


class TestList:
    def test_lists_the_events_oldest_first(
        self, client: TestClient, sign_in: SignIn, container: Container, citizen: Recipient
    ) -> None:
        deliver_events(container, citizen, 3)
        response = client.get(url(citizen), headers=sign_in(Role.POST_CLERK))
        assert response.status_code == 200, response.text
        events = response.json()
        assert [event["kind"] for event in events] == ["wallet_debit"] * 3
        assert events[0]["id"] < events[1]["id"] < events[2]["id"]
        assert events[0]["payload"]["text"]["ar"] == ARABIC_DEBIT
        assert events[0]["payload"]["params"]["amount"] == 5000

    def test_after_and_limit_page_through(
        self, client: TestClient, sign_in: SignIn, container: Container, citizen: Recipient
    ) -> None:
        deliver_events(container, citizen, 3)
        headers = sign_in(Role.SUPPLY_OFFICER)
        ids = [event["id"] for event in client.get(url(citizen), headers=headers).json()]
        page = client.get(url(citizen), params={"after": ids[0], "limit": 1}, headers=headers).json()
        assert [event["id"] for event in page] == [ids[1]]

    def test_only_the_citizens_own_events(
        self, client: TestClient, sign_in: SignIn, container: Container, citizen: Recipient
    ) -> None:
        deliver_events(container, Recipient("28503140399997"), 2)  # someone else
        assert client.get(url(citizen), headers=sign_in(Role.ADMIN)).json() == []

    def test_an_unknown_citizen_is_404(self, client: TestClient, sign_in: SignIn) -> None:
        response = client.get(url(Recipient("28503140399997")), headers=sign_in(Role.ADMIN))
        assert (response.status_code, response.json()["code"]) == (404, "citizen.not_found")

    def test_a_citizen_outside_the_operators_governorates_is_403(
        self, client: TestClient, sign_in: SignIn, citizen: Recipient
    ) -> None:
        response = client.get(url(citizen), headers=sign_in(Role.ADMIN, governorates=frozenset({"01"})))
        assert (response.status_code, response.json()["code"]) == (403, "operator.out_of_scope")


def read_events(lines: Iterator[str], count: int) -> list[dict[str, object]]:
    """The next ``count`` events of an SSE stream, each as its fields with ``data`` parsed."""
    found: list[dict[str, object]] = []
    fields: dict[str, object] = {}
    for line in lines:
        if line.startswith(":"):  # a keep-alive comment
            continue
        if line:
            name, _, value = line.partition(": ")
            fields[name] = json.loads(value) if name == "data" else value
            continue
        if "data" in fields:
            found.append(fields)
            if len(found) == count:
                return found
        fields = {}
    raise AssertionError(f"the stream ended after {len(found)} events")


class TestStream:
    def test_streams_stored_events_then_new_ones(
        self,
        client: TestClient,
        sign_in: SignIn,
        container: Container,
        citizen: Recipient,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(events_router, "POLL_SECONDS", 0.01)
        deliver_events(container, citizen, 2)
        with client.stream("GET", url(citizen, "/stream"), headers=sign_in(Role.ADMIN)) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.iter_lines()
            stored = read_events(lines, 2)
            deliver_events(container, citizen, 1)  # happens while the client listens
            live = read_events(lines, 1)
        assert [event["event"] for event in stored + live] == ["wallet_debit"] * 3
        ids = [int(str(event["id"])) for event in stored + live]
        assert ids == sorted(set(ids))
        assert live[0]["data"]["payload"]["text"]["ar"] == ARABIC_DEBIT  # type: ignore[index]

    def test_resumes_after_last_event_id(
        self,
        client: TestClient,
        sign_in: SignIn,
        container: Container,
        citizen: Recipient,
    ) -> None:
        deliver_events(container, citizen, 3)
        headers = sign_in(Role.POST_CLERK)
        ids = [event["id"] for event in client.get(url(citizen), headers=headers).json()]
        with client.stream(
            "GET", url(citizen, "/stream"), headers={**headers, "Last-Event-ID": str(ids[1])}
        ) as response:
            resumed = read_events(response.iter_lines(), 1)
        assert resumed[0]["id"] == str(ids[2])

    def test_an_unknown_citizen_is_404_before_any_stream(self, client: TestClient, sign_in: SignIn) -> None:
        response = client.get(url(Recipient("28503140399997"), "/stream"), headers=sign_in(Role.ADMIN))
        assert (response.status_code, response.json()["code"]) == (404, "citizen.not_found")

    def test_other_roles_are_refused(self, client: TestClient, sign_in: SignIn, citizen: Recipient) -> None:
        response = client.get(url(citizen, "/stream"), headers=sign_in(Role.AUDITOR))
        assert response.status_code == 403
