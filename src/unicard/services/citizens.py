"""Use cases on citizens: register, update, mark deceased, look up, search, history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.operators.operator import Operator
from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict, InvalidValue, NotFound
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId, Sex
from unicard.services import audit_trail
from unicard.services.access import require_reason, require_scope
from unicard.services.ports import ChangeNote, CitizenQuery, CitizenVersion, Clock, UnitOfWork


@dataclass(frozen=True, slots=True)
class CitizenDetails:
    """A registration as a clerk or a file states it, before validation."""

    national_id: str
    name_ar: str
    residence_governorate: str
    name_latin: str | None = None
    mobile: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None


@dataclass(frozen=True, slots=True)
class CitizenChanges:
    name_ar: str | None = None
    name_latin: str | None = None
    residence_governorate: str | None = None
    mobile: str | None = None
    clear_mobile: bool = False


def parse_sex(raw: str | None) -> Sex | None:
    if raw is None or not raw.strip():
        return None
    value = raw.strip().upper()[:1]
    if value not in ("M", "F"):
        raise InvalidValue("citizen.sex", field="sex", value=raw)
    return Sex(value)


def parse_mobile(raw: str | None) -> MobileNumber | None:
    return MobileNumber.parse(raw) if raw and raw.strip() else None


def build_citizen(details: CitizenDetails, today: dt.date) -> Citizen:
    """Validate a registration without touching the database (shared with the CSV import)."""
    return Citizen.create(
        national_id=NationalId.parse(details.national_id, today=today),
        name_ar=details.name_ar,
        name_latin=details.name_latin,
        residence_governorate=details.residence_governorate,
        mobile=parse_mobile(details.mobile),
        today=today,
        birth_date=details.birth_date,
        sex=parse_sex(details.sex),
    )


def register_citizen(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    details: CitizenDetails,
    reason: str = "registration",
) -> Citizen:
    now = clock.now()
    citizen = build_citizen(details, cairo_date(now))
    require_scope(actor, citizen.residence_governorate)
    note = ChangeNote(actor.username, now, require_reason(reason))
    with uow:
        if uow.citizens.get(citizen.national_id.value) is not None:
            raise Conflict("citizen.duplicate", national_id=citizen.national_id.value)
        _require_mobile_free(uow, citizen)
        uow.citizens.add(citizen, note)
        audit_trail.record(
            uow,
            actor=actor.username,
            action="citizen.register",
            subject=_subject(citizen),
            at=now,
            after=citizen.snapshot(),
            details={"reason": note.reason},
        )
        uow.commit()
    return citizen


def update_citizen(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    national_id: str,
    changes: CitizenChanges,
    reason: str,
) -> Citizen:
    now = clock.now()
    note = ChangeNote(actor.username, now, require_reason(reason))
    with uow:
        before = _get_in_scope(uow, actor, national_id)
        after = before.with_changes(
            today=cairo_date(now),
            name_ar=changes.name_ar,
            name_latin=changes.name_latin,
            residence_governorate=changes.residence_governorate,
            mobile=parse_mobile(changes.mobile),
            clear_mobile=changes.clear_mobile,
        )
        require_scope(actor, after.residence_governorate)
        if after.mobile != before.mobile:
            _require_mobile_free(uow, after)
        uow.citizens.update(before, after, note)
        audit_trail.record(
            uow,
            actor=actor.username,
            action="citizen.update",
            subject=_subject(after),
            at=now,
            before=before.snapshot(),
            after=after.snapshot(),
            details={"reason": note.reason},
        )
        uow.commit()
    return after


def mark_deceased(
    uow: UnitOfWork, clock: Clock, actor: Operator, national_id: str, on: dt.date, reason: str
) -> Citizen:
    """The citizen dies: the record says so, and they leave their household (a head leaves it headless)."""
    now = clock.now()
    note = ChangeNote(actor.username, now, require_reason(reason))
    with uow:
        before = _get_in_scope(uow, actor, national_id)
        after = record_death(uow, note, before, on)
        uow.commit()
    return after


def record_death(uow: UnitOfWork, note: ChangeNote, before: Citizen, on: dt.date) -> Citizen:
    """Inside the caller's unit of work (no commit): the death recorded and audited, and the
    citizen taken off their household's card, so the next period no longer counts them.

    Shared by :func:`mark_deceased` (one clerk's act) and the civil registry's deaths feed.
    """
    national_id = before.national_id.value
    after = before.deceased(on, today=cairo_date(note.at))
    uow.citizens.update(before, after, note)
    audit_trail.record(
        uow,
        actor=note.actor,
        action="citizen.deceased",
        subject=_subject(after),
        at=note.at,
        before=before.snapshot(),
        after=after.snapshot(),
        details={"reason": note.reason, "on": on.isoformat()},
    )
    number = uow.households.number_of_active_member(national_id)
    if number is not None:
        household = uow.households.get(number)
        assert household is not None
        left = household.without_member(national_id)
        uow.households.update(household, left, note)
        audit_trail.record(
            uow,
            actor=note.actor,
            action="household.member_deceased",
            subject=f"household:{number}",
            at=note.at,
            before=household.snapshot(),
            after=left.snapshot(),
            details={"national_id": national_id},
        )
    return after


def get_citizen(uow: UnitOfWork, actor: Operator, national_id: str) -> tuple[Citizen, str | None]:
    """The citizen and the number of the household they belong to, if any."""
    with uow:
        citizen = _get_in_scope(uow, actor, national_id)
        return citizen, uow.households.number_of_active_member(national_id)


def citizen_history(uow: UnitOfWork, actor: Operator, national_id: str) -> Sequence[CitizenVersion]:
    with uow:
        _get_in_scope(uow, actor, national_id)
        return uow.citizens.history(national_id)


def search_citizens(uow: UnitOfWork, actor: Operator, query: CitizenQuery) -> Sequence[Citizen]:
    """Search within the operator's governorates only."""
    if not (query.national_id or query.mobile or (query.name and len(query.name.strip()) >= 2)):
        raise InvalidValue("search.too_broad", field="query")
    scope = None if "*" in actor.governorates else actor.governorates
    if scope is not None and query.governorates is not None:
        scope = scope & query.governorates
    elif scope is None:
        scope = query.governorates
    scoped = CitizenQuery(
        national_id=query.national_id,
        mobile=MobileNumber.parse(query.mobile).e164 if query.mobile else None,
        name=query.name,
        governorates=scope,
        limit=max(1, min(query.limit, 200)),
        offset=max(0, query.offset),
    )
    with uow:
        return uow.citizens.search(scoped)


def _get_in_scope(uow: UnitOfWork, actor: Operator, national_id: str) -> Citizen:
    citizen = uow.citizens.get(national_id)
    if citizen is None:
        raise NotFound("citizen.not_found", national_id=national_id)
    require_scope(actor, citizen.residence_governorate)
    return citizen


def _require_mobile_free(uow: UnitOfWork, citizen: Citizen) -> None:
    if citizen.mobile is None:
        return
    holder = uow.citizens.living_holder_of_mobile(citizen.mobile.e164)
    if holder is not None and holder != citizen.national_id.value:
        raise Conflict("citizen.mobile_taken", mobile=citizen.mobile.masked())


def _subject(citizen: Citizen) -> str:
    return f"citizen:{citizen.national_id.value}"
