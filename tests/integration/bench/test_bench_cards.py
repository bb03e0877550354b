"""The bench's cards, checked by the engine as production checks them (``bench authorize --emv``)."""

from __future__ import annotations

import dataclasses
import random

from sqlalchemy import Engine

from unicard.adapters.bench.load import BenchCards, Job, Workload
from unicard.adapters.bench.world import seed_world
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container, with_card_authentication
from unicard.config import Settings
from unicard.domain.shared.clock import cairo_date
from unicard.services.payments.engine import Submission
from unicard.services.payments.requests import Answer


def _container(engine: Engine, uow_factory: SqlUnitOfWorkFactory) -> Container:
    settings = Settings(environment="test", card_authentication="emv", group_commit=1)
    return with_card_authentication(Container(settings=settings, engine=engine, uow_factory=uow_factory))


def _send(container: Container, secret: str, job: Job, key: str) -> Answer:
    return container.authorization.authorize(Submission(job.terminal_id, secret, key, job.request))


def test_each_request_carries_a_genuine_cryptogram_over_a_new_atc(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    container = _container(engine, uow_factory)
    issued = container.terminal_secrets.issue()
    world = seed_world(
        uow_factory,
        issued.secret_hash,
        issued.secret,
        households=4,
        bakeries=1,
        grocers=1,
        card_security=True,
    )
    cards = BenchCards(cairo_date(container.clock.now()))
    workload = Workload(world, ration_share=0.5, cards=cards)
    rng = random.Random(7)
    jobs = [workload.job(rng, 0, serial) for serial in range(12)]
    answers = [_send(container, world.secret, job, f"k{n}") for n, job in enumerate(jobs)]
    assert [answer.reason for answer in answers if not answer.approved] == []
    assert {job.request.type.value for job in jobs} == {"bread_purchase", "ration_redemption"}
    # The same cryptogram again is a replay; a request without one is refused: the check is on.
    assert _send(container, world.secret, jobs[-1], "again").reason == "emv.atc_replayed"
    bare = dataclasses.replace(jobs[0], request=dataclasses.replace(jobs[0].request, cardholder={}))
    assert _send(container, world.secret, bare, "bare").reason == "emv.cryptogram_missing"
