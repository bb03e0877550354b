"""``/api/v1/citizens/{national_id}/events``: the citizen's in-app events, as a page or a live stream.

The stream is Server-Sent Events: each event carries its id, so a client that reconnects (a
browser's EventSource does so by itself) sends ``Last-Event-ID`` and resumes where it stopped.
It polls the table once a second while idle; a push (PostgreSQL LISTEN/NOTIFY) can replace the
poll without changing what clients see. Operators only, for now; the citizen app gets its own
authentication later.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Annotated

import anyio.to_thread
from fastapi import APIRouter, Depends, Header, Query
from fastapi.sse import EventSourceResponse, ServerSentEvent

from unicard.bootstrap import Container
from unicard.domain.notifications import CitizenEvent
from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep, canonical_national_id
from unicard.entrypoints.http_api.schemas.events import CitizenEventOut
from unicard.entrypoints.http_api.security import requires
from unicard.services import notifications
from unicard.services.notifications.queries import MAX_EVENTS

router = APIRouter(prefix="/citizens", tags=["events"])

Watcher = Annotated[Operator, Depends(requires(Role.ADMIN, Role.SUPPLY_OFFICER, Role.POST_CLERK))]
After = Annotated[int, Query(ge=0, description="Only events with a greater id.")]

PAGE = 100
POLL_SECONDS = 1.0  # while idle; module-level so a test can shorten it


@router.get("/{national_id}/events", summary="A citizen's in-app events, oldest first")
def list_events(
    actor: Watcher,
    container: ContainerDep,
    national_id: str,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_EVENTS)] = PAGE,
) -> list[CitizenEventOut]:
    events = notifications.citizen_events(
        container.uow_factory.reading(), actor, canonical_national_id(national_id), after=after, limit=limit
    )
    return [CitizenEventOut.of(event) for event in events]


@dataclass
class _Feed:
    """One stream's reader: checked (found, in scope) before the stream starts, then polled."""

    container: Container
    actor: Operator
    national_id: str
    cursor: int
    first: Sequence[CitizenEvent]

    def next_page(self) -> Sequence[CitizenEvent]:
        return notifications.citizen_events(
            self.container.uow_factory.reading(), self.actor, self.national_id, after=self.cursor, limit=PAGE
        )


def _open_feed(
    actor: Watcher,
    container: ContainerDep,
    national_id: str,
    after: After = 0,
    last_event_id: Annotated[int | None, Header(alias="Last-Event-ID", ge=0)] = None,
) -> _Feed:
    # A dependency, so that an unknown citizen or one out of scope is a 404/403 answer, not a
    # stream that breaks after it started.
    nid = canonical_national_id(national_id)
    cursor = after if last_event_id is None else last_event_id
    first = notifications.citizen_events(
        container.uow_factory.reading(), actor, nid, after=cursor, limit=PAGE
    )
    return _Feed(container, actor, nid, cursor, first)


@router.get(
    "/{national_id}/events/stream",
    response_class=EventSourceResponse,
    summary="A citizen's in-app events as they happen (Server-Sent Events)",
)
async def stream_events(feed: Annotated[_Feed, Depends(_open_feed)]) -> AsyncIterator[ServerSentEvent]:
    events = feed.first
    while True:
        for event in events:
            yield ServerSentEvent(id=str(event.id), event=event.kind, data=CitizenEventOut.of(event))
            feed.cursor = event.id or feed.cursor
        if len(events) < PAGE:  # caught up: wait before asking again
            await anyio.sleep(POLL_SECONDS)
        events = await anyio.to_thread.run_sync(feed.next_page)
