"""Batches produced at the same moment never give one citizen two cards (SQLite and PostgreSQL)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from tests.integration.cards.conftest import ADMIN, Desk
from unicard.adapters.db.tables_payments import cards
from unicard.domain.shared.errors import Conflict
from unicard.services.cards import batches as card_batches


def produce(desk: Desk) -> int | str:
    """Cards made, or the refusal's code."""
    container = desk.container
    try:
        batch = card_batches.produce_batch(
            container.uow_factory(),
            container.clock,
            container.card_bureau,
            container.card_production,
            ADMIN,
            governorate="03",
            office_id=desk.town.office.merchant_id,
            limit=2,
        )
    except Conflict as refused:
        return refused.code
    return batch.card_count


def test_four_batches_at_once_make_one_card_each(desk: Desk) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(lambda _: produce(desk), range(4)))
    assert sum(count for count in made if isinstance(count, int)) == 3
    assert {refusal for refusal in made if isinstance(refusal, str)} <= {"batch.nobody"}
    with desk.container.engine.connect() as db:
        per_citizen = db.execute(select(cards.c.citizen_id, func.count()).group_by(cards.c.citizen_id)).all()
    assert len(per_citizen) == 3
    assert {count for _, count in per_citizen} == {1}
    pans = [spec.pan.value for batch in desk.bureau.batches.values() for spec in batch]
    assert len(set(pans)) == len(pans) == 3
