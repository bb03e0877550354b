"""Households in SQL: membership rows open and close, so who-was-in-which-family stays on record."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from unicard.adapters.db.tables import citizens, household_members, household_versions, households
from unicard.domain.registry.household import Household, HouseholdStatus, Relation
from unicard.domain.shared.errors import Conflict, NotFound
from unicard.services.ports import ChangeNote


def _note_values(note: ChangeNote) -> dict[str, Any]:
    return {"changed_by": note.actor, "changed_at": note.at, "change_reason": note.reason}


class SqlHouseholdRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, number: str) -> Household | None:
        row = self._db.execute(select(households).where(households.c.number == number)).first()
        if row is None:
            return None
        members = self._db.execute(
            select(citizens.c.national_id, household_members.c.relation)
            .join(citizens, citizens.c.id == household_members.c.citizen_id)
            .where(household_members.c.household_id == row.id, household_members.c.left_at.is_(None))
        )
        return Household(
            number=row.number,
            governorate=row.governorate,
            members={member.national_id: Relation(member.relation) for member in members},
            grocer_id=row.grocer_id,
            status=HouseholdStatus(row.status),
            version=row.version,
        )

    def add(self, household: Household, note: ChangeNote) -> None:
        household_id = self._db.execute(
            insert(households)
            .values(
                number=household.number,
                governorate=household.governorate,
                grocer_id=household.grocer_id,
                status=household.status.value,
                version=household.version,
                **_note_values(note),
            )
            .returning(households.c.id)
        ).scalar_one()
        self._join(household_id, household.members, note)

    def update(self, before: Household, after: Household, note: ChangeNote) -> None:
        previous = self._db.execute(select(households).where(households.c.number == before.number)).first()
        changed = self._db.execute(
            update(households)
            .where(households.c.number == before.number, households.c.version == before.version)
            .values(
                grocer_id=after.grocer_id,
                status=after.status.value,
                version=after.version,
                **_note_values(note),
            )
        )
        if previous is None or changed.rowcount != 1:
            raise Conflict("household.changed_meanwhile", number=before.number)
        self._db.execute(
            insert(household_versions).values(
                household_id=previous.id,
                version=before.version,
                snapshot=json.dumps(before.snapshot(), ensure_ascii=False),
                changed_by=previous.changed_by,
                changed_at=previous.changed_at,
                change_reason=previous.change_reason,
            )
        )
        leaving = {nid for nid, rel in before.members.items() if after.members.get(nid) is not rel}
        joining = {nid: rel for nid, rel in after.members.items() if before.members.get(nid) is not rel}
        # Close before opening: a new head's row must not meet the old head's open row.
        self._leave(previous.id, leaving, note)
        self._join(previous.id, joining, note)

    def number_of_active_member(self, national_id: str) -> str | None:
        return self._db.execute(
            select(households.c.number)
            .join(household_members, household_members.c.household_id == households.c.id)
            .join(citizens, citizens.c.id == household_members.c.citizen_id)
            .where(citizens.c.national_id == national_id, household_members.c.left_at.is_(None))
        ).scalar()

    def _citizen_ids(self, national_ids: set[str]) -> dict[str, int]:
        rows = self._db.execute(
            select(citizens.c.national_id, citizens.c.id).where(
                citizens.c.national_id.in_(sorted(national_ids))
            )
        )
        found = {row.national_id: row.id for row in rows}
        missing = sorted(national_ids - found.keys())
        if missing:
            raise NotFound("citizen.not_found", national_id=missing[0])
        return found

    def _join(self, household_id: int, members: dict[str, Relation], note: ChangeNote) -> None:
        if not members:
            return
        ids = self._citizen_ids(set(members))
        self._db.execute(
            insert(household_members),
            [
                {
                    "household_id": household_id,
                    "citizen_id": ids[nid],
                    "relation": rel.value,
                    "joined_at": note.at,
                }
                for nid, rel in members.items()
            ],
        )

    def _leave(self, household_id: int, national_ids: set[str], note: ChangeNote) -> None:
        if not national_ids:
            return
        ids = self._citizen_ids(national_ids)
        self._db.execute(
            update(household_members)
            .where(
                household_members.c.household_id == household_id,
                household_members.c.citizen_id.in_(sorted(ids.values())),
                household_members.c.left_at.is_(None),
            )
            .values(left_at=note.at)
        )
