"""Use cases on households (ration-card families): create, add, move, remove, name the head."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.operators.operator import Operator
from unicard.domain.registry.citizen import Citizen
from unicard.domain.registry.household import Household, Relation
from unicard.domain.shared.errors import Conflict, InvalidValue, NotFound
from unicard.services import audit_trail
from unicard.services.access import require_reason, require_scope
from unicard.services.grocers import require_grocer_for
from unicard.services.ports import ChangeNote, Clock, UnitOfWork


@dataclass(frozen=True, slots=True)
class HouseholdView:
    household: Household
    citizens: dict[str, Citizen]


def parse_relation(raw: str) -> Relation:
    try:
        return Relation(raw.strip().lower())
    except ValueError:
        raise InvalidValue("household.relation", field="relation", value=raw) from None


def create_household(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    *,
    number: str,
    governorate: str,
    head: str,
    members: Sequence[tuple[str, Relation]] = (),
    grocer_id: str | None = None,
    reason: str = "new ration card",
) -> Household:
    now = clock.now()
    household = Household.create(number=number, governorate=governorate, head=head, grocer_id=grocer_id)
    for national_id, relation in members:
        household = household.with_member(national_id, relation)
    household = Household(  # a new household starts at version 1 however it was assembled
        household.number, household.governorate, household.members, household.grocer_id
    )
    require_scope(actor, household.governorate)
    note = ChangeNote(actor.username, now, require_reason(reason))
    with uow:
        if uow.households.get(household.number) is not None:
            raise Conflict("household.duplicate", number=household.number)
        for national_id in household.members:
            _require_free_member(uow, national_id)
        if household.grocer_id is not None:
            require_grocer_for(uow, household.grocer_id, household)
        uow.households.add(household, note)
        _audit(uow, actor, "household.create", note, None, household)
        uow.commit()
    return household


def add_member(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    number: str,
    national_id: str,
    relation: Relation,
    reason: str,
) -> Household:
    note = ChangeNote(actor.username, clock.now(), require_reason(reason))
    with uow:
        before = _get_in_scope(uow, actor, number)
        _require_free_member(uow, national_id)
        after = before.with_member(national_id, relation)
        uow.households.update(before, after, note)
        _audit(uow, actor, "household.add_member", note, before, after, national_id=national_id)
        uow.commit()
    return after


def remove_member(
    uow: UnitOfWork, clock: Clock, actor: Operator, number: str, national_id: str, reason: str
) -> Household:
    note = ChangeNote(actor.username, clock.now(), require_reason(reason))
    with uow:
        before = _get_in_scope(uow, actor, number)
        after = before.without_member(national_id)
        uow.households.update(before, after, note)
        _audit(uow, actor, "household.remove_member", note, before, after, national_id=national_id)
        uow.commit()
    return after


def move_member(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    national_id: str,
    to_number: str,
    relation: Relation,
    reason: str,
) -> tuple[Household, Household]:
    """Move a citizen to another household in one step (marriage, a split family); both change or neither."""
    note = ChangeNote(actor.username, clock.now(), require_reason(reason))
    with uow:
        from_number = uow.households.number_of_active_member(national_id)
        if from_number is None:
            raise NotFound("household.no_household", national_id=national_id)
        if from_number == to_number:
            raise Conflict("household.already_member", number=to_number, national_id=national_id)
        source = _get_in_scope(uow, actor, from_number)
        target = _get_in_scope(uow, actor, to_number)
        _require_alive(uow, national_id)
        left = source.without_member(national_id)
        joined = target.with_member(national_id, relation)
        uow.households.update(source, left, note)
        uow.households.update(target, joined, note)
        _audit(
            uow,
            actor,
            "household.move_out",
            note,
            source,
            left,
            national_id=national_id,
            to=to_number,
        )
        _audit(
            uow,
            actor,
            "household.move_in",
            note,
            target,
            joined,
            national_id=national_id,
            source=from_number,
        )
        uow.commit()
    return left, joined


def set_head(
    uow: UnitOfWork,
    clock: Clock,
    actor: Operator,
    number: str,
    national_id: str,
    reason: str,
    former_head_relation: Relation = Relation.OTHER,
) -> Household:
    note = ChangeNote(actor.username, clock.now(), require_reason(reason))
    with uow:
        before = _get_in_scope(uow, actor, number)
        citizen = _require_alive(uow, national_id)
        if not citizen.is_adult_on(note.at.date()):
            raise Conflict("household.head_minor", national_id=national_id)
        after = before.with_head(national_id, former_head_relation)
        uow.households.update(before, after, note)
        _audit(uow, actor, "household.set_head", note, before, after, national_id=national_id)
        uow.commit()
    return after


def view_household(uow: UnitOfWork, actor: Operator, number: str) -> HouseholdView:
    with uow:
        household = _get_in_scope(uow, actor, number)
        members = {nid: uow.citizens.get(nid) for nid in household.members}
        return HouseholdView(household, {nid: c for nid, c in members.items() if c is not None})


def _get_in_scope(uow: UnitOfWork, actor: Operator, number: str) -> Household:
    household = uow.households.get(number.strip())
    if household is None:
        raise NotFound("household.not_found", number=number)
    require_scope(actor, household.governorate)
    return household


def _require_alive(uow: UnitOfWork, national_id: str) -> Citizen:
    citizen = uow.citizens.get(national_id)
    if citizen is None:
        raise NotFound("citizen.not_found", national_id=national_id)
    if not citizen.is_alive:
        raise Conflict("citizen.deceased", national_id=national_id)
    return citizen


def _require_free_member(uow: UnitOfWork, national_id: str) -> None:
    _require_alive(uow, national_id)
    elsewhere = uow.households.number_of_active_member(national_id)
    if elsewhere is not None:
        raise Conflict("household.member_elsewhere", national_id=national_id, number=elsewhere)


def _audit(
    uow: UnitOfWork,
    actor: Operator,
    action: str,
    note: ChangeNote,
    before: Household | None,
    after: Household,
    **details: object,
) -> None:
    audit_trail.record_change(
        uow,
        actor=actor,
        action=action,
        subject=f"household:{after.number}",
        at=note.at,
        before=before,
        after=after,
        reason=note.reason,
        **details,
    )
