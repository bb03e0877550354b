"""One cryptogram sent ten times at once, on a card's first use: accepted exactly once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.integration.payments.conftest import World
from unicard.adapters.cards.virtual_card import VirtualCard
from unicard.bootstrap import Container
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.services.payments.engine import Submission
from unicard.services.payments.requests import AuthorizationRequest


def test_a_cryptogram_raced_ten_times_is_accepted_once(container: Container, world: World) -> None:
    card = VirtualCard.demo(world.head_pan, expires_on=dt.date(2031, 12, 31))
    tap = card.generate_ac(amount=0, date=cairo_date(container.clock.now()))
    request = AuthorizationRequest(
        TransactionType.BREAD_PURCHASE, pan=world.head_pan, loaves=1, cardholder=tap.evidence()
    )
    engine = container.authorization

    def send(n: int) -> str:
        answer = engine.authorize(
            Submission(world.bakery.terminal_id, world.bakery.secret, f"race-{n}", request)
        )
        return answer.reason or answer.response.value

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = Counter(pool.map(send, range(10)))
    assert outcomes == {"00": 1, "emv.atc_replayed": 9}
