"""Cryptograms under concurrency: one sent ten times at once is accepted exactly once, and in one
group-commit batch each request sees the ATCs of those before it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.integration.payments.conftest import World
from unicard.adapters.cards.virtual_card import Authorisation, VirtualCard
from unicard.bootstrap import Container
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.services.payments.engine import Submission
from unicard.services.payments.group_commit import GroupCommitAuthorizer
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


def test_one_batch_sees_each_cryptogram_before_it(container: Container, world: World) -> None:
    authorizer = container.authorization
    assert isinstance(authorizer, GroupCommitAuthorizer)
    card = VirtualCard.demo(world.head_pan, expires_on=dt.date(2031, 12, 31))
    today = cairo_date(container.clock.now())

    def bread(loaves: int, key: str, tap: Authorisation) -> Submission:
        request = AuthorizationRequest(
            TransactionType.BREAD_PURCHASE,
            pan=world.head_pan,
            loaves=loaves,
            cardholder=tap.evidence(),  # type: ignore[attr-defined]
        )
        return Submission(world.bakery.terminal_id, world.bakery.secret, key, request)

    first, too_many, later = (card.generate_ac(amount=0, date=today) for _ in range(3))
    answers = authorizer.authorize_together(
        [
            bread(1, "t1", first),
            bread(1, "t1-replayed", first),
            bread(500, "t2", too_many),
            bread(1, "t3", later),
        ]
    )
    assert [a.reason or a.response.value for a in answers] == ["00", "emv.atc_replayed", "bread.loaves", "00"]
    # Each answer of the batch carries the card's ARPC for its own code, computed with it.
    for tap, answer in zip((first, first, too_many, later), answers, strict=True):
        assert answer.issuer_authentication is not None
        assert card.arpc_is_genuine(tap, answer.issuer_authentication[:8], answer.response.value)
    # The refused request's genuine ATC was kept: its cryptogram cannot be spent afterwards.
    replay = authorizer.authorize(bread(1, "t2-again", too_many))
    assert replay.reason == "emv.atc_replayed"
