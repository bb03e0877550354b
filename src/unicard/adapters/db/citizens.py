"""Citizens in SQL: the current version in ``citizens``, every earlier one in ``citizen_versions``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, and_, insert, or_, select, update

from unicard.adapters.db.many_rows import among, one_of
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables import citizen_versions, citizens
from unicard.adapters.db.tables_payments import cards
from unicard.domain.registry.citizen import Citizen
from unicard.domain.registry.names import search_key
from unicard.domain.shared.errors import Conflict
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId
from unicard.services.ports import ChangeNote, CitizenQuery, CitizenVersion


def citizen_values(citizen: Citizen, note: ChangeNote) -> dict[str, Any]:
    """The ``citizens`` row for a domain citizen (shared with the bulk loaders)."""
    return {
        "national_id": citizen.national_id.value,
        "name_ar": citizen.name_ar,
        "name_latin": citizen.name_latin,
        "name_key": search_key(citizen.name_ar, citizen.name_latin),
        "birth_date": citizen.birth_date,
        "sex": citizen.sex.value,
        "birth_governorate": citizen.national_id.governorate.code,
        "residence_governorate": citizen.residence_governorate,
        "mobile": citizen.mobile.e164 if citizen.mobile else None,
        "deceased_on": citizen.deceased_on,
        "version": citizen.version,
        "changed_by": note.actor,
        "changed_at": note.at,
        "change_reason": note.reason,
    }


def citizen_from_row(row: Row[Any]) -> Citizen:
    return Citizen(
        # Stored IDs were validated on the way in; no "today" bound is needed to read them back.
        national_id=NationalId.parse(row.national_id),
        name_ar=row.name_ar,
        name_latin=row.name_latin,
        residence_governorate=row.residence_governorate,
        mobile=MobileNumber.parse(row.mobile) if row.mobile else None,
        deceased_on=row.deceased_on,
        version=row.version,
    )


_HOLDERS_OF_CARDS = (
    select(citizens)
    .join(cards, cards.c.citizen_id == citizens.c.id)
    .where(among(cards.c.pan_hmac, "hashes", "postgresql"))
)


def _by_national_id(rows: Iterable[Any]) -> dict[str, Citizen]:
    return {row.national_id: citizen_from_row(row) for row in rows}


class SqlCitizenRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def get(self, national_id: str) -> Citizen | None:
        row = self._db.execute(select(citizens).where(citizens.c.national_id == national_id)).first()
        return citizen_from_row(row) if row else None

    def get_many(self, national_ids: Sequence[str]) -> dict[str, Citizen]:
        """The citizens of these IDs that exist, in one statement."""
        if not national_ids:
            return {}
        rows = self._db.execute(
            select(citizens).where(one_of(self._db, citizens.c.national_id, national_ids))
        )
        return _by_national_id(rows)

    def send_holders_of_cards(self, hashes: Sequence[str], pipeline: Pipeline) -> Later[dict[str, Citizen]]:
        """PostgreSQL: :meth:`get_many` of the holders of the cards of these lookup hashes, sent
        in ``pipeline``."""
        return pipeline.read(_HOLDERS_OF_CARDS, {"hashes": list(hashes)}, _by_national_id)

    def add(self, citizen: Citizen, note: ChangeNote) -> None:
        self._db.execute(insert(citizens).values(citizen_values(citizen, note)))

    def update(self, before: Citizen, after: Citizen, note: ChangeNote) -> None:
        nid = before.national_id.value
        previous = self._db.execute(
            select(
                citizens.c.id,
                citizens.c.changed_by,
                citizens.c.changed_at,
                citizens.c.change_reason,
            ).where(citizens.c.national_id == nid, citizens.c.version == before.version)
        ).first()
        # The version in the WHERE clause makes a concurrent change lose cleanly, not silently.
        changed = self._db.execute(
            update(citizens)
            .where(citizens.c.national_id == nid, citizens.c.version == before.version)
            .values(citizen_values(after, note))
        )
        if previous is None or changed.rowcount != 1:
            raise Conflict("citizen.changed_meanwhile", national_id=nid)
        self._db.execute(
            insert(citizen_versions).values(
                citizen_id=previous.id,
                version=before.version,
                snapshot=json.dumps(before.snapshot(), ensure_ascii=False),
                changed_by=previous.changed_by,
                changed_at=previous.changed_at,
                change_reason=previous.change_reason,
            )
        )

    def living_holder_of_mobile(self, e164: str) -> str | None:
        return self._db.execute(
            select(citizens.c.national_id).where(citizens.c.mobile == e164, citizens.c.deceased_on.is_(None))
        ).scalar()

    def search(self, query: CitizenQuery) -> Sequence[Citizen]:
        conditions = []
        if query.national_id:
            conditions.append(citizens.c.national_id == query.national_id)
        if query.mobile:
            conditions.append(citizens.c.mobile == query.mobile)
        if query.name:
            key = search_key(query.name)
            conditions.append(
                or_(citizens.c.name_key.startswith(key), citizens.c.name_key.contains(" " + key))
            )
        if query.governorates is not None:
            conditions.append(citizens.c.residence_governorate.in_(sorted(query.governorates)))
        statement = (
            select(citizens)
            .where(and_(*conditions))
            .order_by(citizens.c.name_key, citizens.c.national_id)
            .limit(query.limit)
            .offset(query.offset)
        )
        return [citizen_from_row(row) for row in self._db.execute(statement)]

    def history(self, national_id: str) -> Sequence[CitizenVersion]:
        current = self._db.execute(select(citizens).where(citizens.c.national_id == national_id)).first()
        if current is None:
            return []
        rows = self._db.execute(
            select(citizen_versions)
            .where(citizen_versions.c.citizen_id == current.id)
            .order_by(citizen_versions.c.version)
        )
        versions = [CitizenVersion(row.version, json.loads(row.snapshot), _note(row)) for row in rows]
        versions.append(CitizenVersion(current.version, citizen_from_row(current).snapshot(), _note(current)))
        return versions


def _note(row: Row[Any]) -> ChangeNote:
    at: dt.datetime = row.changed_at
    return ChangeNote(actor=row.changed_by, at=at, reason=row.change_reason)
