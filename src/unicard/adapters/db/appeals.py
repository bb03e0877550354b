"""Appeals and their timelines in SQL (tables ``appeals``, ``appeal_events``)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Row, Select, insert, literal, select, update

from unicard.adapters.db.tables import households
from unicard.adapters.db.tables_appeals import appeal_events, appeals
from unicard.adapters.db.tables_eligibility import (
    eligibility_decisions,
    ration_eligibility_changes,
    rule_sets,
)
from unicard.domain.appeals import (
    Appeal,
    AppealEvent,
    AppealStatus,
    AppealTimes,
    EventKind,
    OpenedVia,
    Opener,
)
from unicard.domain.appeals.corrections import ProposedFact
from unicard.domain.shared.errors import Conflict
from unicard.services.appeals.ports import AppealQuery, DecisionRef, GovernorateTimes

_decisions = eligibility_decisions
_OPEN = (AppealStatus.OPENED.value, AppealStatus.UNDER_REVIEW.value)


class SqlAppealStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def decision(self, decision_id: int) -> DecisionRef | None:
        row = self._db.execute(_with_authors().where(_decisions.c.id == decision_id)).first()
        return _decision(row) if row else None

    def latest_decision(self, household_number: str) -> DecisionRef | None:
        d = _decisions.c
        query = (
            _with_authors()
            .where(d.household_number == household_number)
            .order_by(d.decided_at.desc(), d.id.desc())
            .limit(1)
        )
        row = self._db.execute(query).first()
        return _decision(row) if row else None

    def add(self, appeal: Appeal, event: AppealEvent) -> Appeal:
        appeal_id = self._db.execute(
            insert(appeals).values(**_columns(appeal)).returning(appeals.c.id)
        ).scalar_one()
        self._event(appeal_id, event)
        return Appeal(**{**_fields(appeal), "id": appeal_id})

    def get(self, appeal_id: int) -> Appeal | None:
        row = self._db.execute(select(appeals).where(appeals.c.id == appeal_id)).first()
        return _appeal(row) if row else None

    def open_on(self, decision_id: int) -> Appeal | None:
        query = select(appeals).where(appeals.c.decision_id == decision_id, appeals.c.status.in_(_OPEN))
        row = self._db.execute(query).first()
        return _appeal(row) if row else None

    def update(self, before: Appeal, after: Appeal, event: AppealEvent) -> None:
        assert before.id is not None
        changed = self._db.execute(
            update(appeals)
            .where(appeals.c.id == before.id, appeals.c.version == before.version)
            .values(**_columns(after))
        )
        if changed.rowcount != 1:
            raise Conflict("appeal.changed_meanwhile", appeal_id=before.id)
        self._event(before.id, event)

    def note(self, appeal: Appeal, event: AppealEvent) -> None:
        assert appeal.id is not None
        self._event(appeal.id, event)

    def timeline(self, appeal_id: int) -> Sequence[AppealEvent]:
        query = (
            select(appeal_events).where(appeal_events.c.appeal_id == appeal_id).order_by(appeal_events.c.id)
        )
        return [
            AppealEvent(EventKind(row.kind), row.actor, row.at, row.note, json.loads(row.details))
            for row in self._db.execute(query)
        ]

    def search(self, query: AppealQuery) -> Sequence[Appeal]:
        statement = select(appeals)
        if query.governorates is not None:
            statement = statement.where(appeals.c.governorate.in_(sorted(query.governorates)))
        if query.status is not None:
            statement = statement.where(appeals.c.status == query.status.value)
        if query.household_number is not None:
            statement = statement.where(appeals.c.household_number == query.household_number)
        statement = (
            statement.order_by(appeals.c.opened_at, appeals.c.id).limit(query.limit).offset(query.offset)
        )
        return [_appeal(row) for row in self._db.execute(statement)]

    def times(self, governorates: frozenset[str] | None) -> Sequence[GovernorateTimes]:
        a = appeals.c
        statement = select(a.governorate, a.opened_via, a.status, a.opened_at, a.decided_at)
        if governorates is not None:
            statement = statement.where(a.governorate.in_(sorted(governorates)))
        return [
            GovernorateTimes(
                row.governorate,
                row.opened_via,
                AppealTimes(AppealStatus(row.status), row.opened_at, row.decided_at),
            )
            for row in self._db.execute(statement)
        ]

    def reinclude(self, household_number: str, effective_from: dt.date, at: dt.datetime) -> None:
        """A dated status change, as the rules' decisions record theirs: months opened before
        ``effective_from`` keep the status before it (the ledger reads ``was_eligible``)."""
        h = households.c
        self._db.execute(
            insert(ration_eligibility_changes).from_select(
                [
                    "household_id",
                    "decision_id",
                    "was_eligible",
                    "now_eligible",
                    "effective_from",
                    "recorded_at",
                ],
                select(
                    h.id,
                    literal(None, ration_eligibility_changes.c.decision_id.type),
                    h.ration_eligible,
                    literal(True),
                    literal(effective_from, ration_eligibility_changes.c.effective_from.type),
                    literal(at, ration_eligibility_changes.c.recorded_at.type),
                ).where(h.number == household_number),
            )
        )
        self._db.execute(update(households).where(h.number == household_number).values(ration_eligible=True))

    def _event(self, appeal_id: int, event: AppealEvent) -> None:
        self._db.execute(
            insert(appeal_events).values(
                appeal_id=appeal_id,
                kind=event.kind.value,
                actor=event.actor,
                at=event.at,
                note=event.note,
                details=json.dumps(dict(event.details), ensure_ascii=False, sort_keys=True),
            )
        )


def _with_authors() -> Select[Any]:
    d = _decisions.c
    return select(d.id, d.household_number, d.outcome, rule_sets.c.drafted_by, rule_sets.c.approved_by).join(
        rule_sets, rule_sets.c.id == d.rule_set_id
    )


def _decision(row: Row[Any]) -> DecisionRef:
    authors = frozenset(name for name in (row.drafted_by, row.approved_by) if name)
    return DecisionRef(int(row.id), str(row.household_number), str(row.outcome), authors)


def _fields(appeal: Appeal) -> dict[str, Any]:
    return {name: getattr(appeal, name) for name in Appeal.__dataclass_fields__}


def _columns(appeal: Appeal) -> Mapping[str, Any]:
    return {
        "decision_id": appeal.decision_id,
        "household_number": appeal.household_number,
        "governorate": appeal.governorate,
        "appellant": appeal.appellant,
        "status": appeal.status.value,
        "reason": appeal.reason,
        "opened_via": appeal.opener.via.value,
        "opened_by": appeal.opener.name,
        "opened_at": appeal.opened_at,
        "proposed_facts": json.dumps([fact.snapshot() for fact in appeal.proposed], ensure_ascii=False),
        "reviewer": appeal.reviewer,
        "decided_by": appeal.decided_by,
        "decided_at": appeal.decided_at,
        "decision_note": appeal.decision_note,
        "effective_from": appeal.effective_from,
        "version": appeal.version,
    }


def _appeal(row: Row[Any]) -> Appeal:
    return Appeal(
        decision_id=int(row.decision_id),
        household_number=row.household_number,
        governorate=row.governorate,
        appellant=row.appellant,
        reason=row.reason,
        opener=Opener(OpenedVia(row.opened_via), row.opened_by),
        opened_at=row.opened_at,
        proposed=tuple(ProposedFact(**fact) for fact in json.loads(row.proposed_facts)),
        status=AppealStatus(row.status),
        reviewer=row.reviewer,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_note=row.decision_note,
        effective_from=row.effective_from,
        id=int(row.id),
        version=int(row.version),
    )
