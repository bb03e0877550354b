"""Benefit policy as stored data: read the version in force, add a version, seed the shipped book.

Versions are never edited or removed (see :class:`~unicard.domain.policy.PolicyBook`); a new
version may only start after today (Africa/Cairo) unless the caller says it is retroactive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.policy import BenefitPolicy, PolicyBook
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import NotFound
from unicard.services import audit_trail
from unicard.services.ledger import PolicyRecord
from unicard.services.operators import SYSTEM_ACTOR
from unicard.services.ports import Clock, UnitOfWork


def policy_book(uow: UnitOfWork) -> PolicyBook:
    with uow:
        return uow.policies.book()


def policy_in_force(uow: UnitOfWork, on: dt.date) -> BenefitPolicy:
    """The version governing the Cairo business day ``on`` (``NotFound`` before the first)."""
    with uow:
        return uow.policies.book().in_force(on)


def policy_version(uow: UnitOfWork, version: str) -> BenefitPolicy:
    with uow:
        return uow.policies.book().version(version)


@dataclass(frozen=True, slots=True)
class PolicyListing:
    records: Sequence[PolicyRecord]  # by effective_from
    in_force: str | None  # the version governing the day asked about; None before the first


def policy_listing(uow: UnitOfWork, on: dt.date) -> PolicyListing:
    with uow:
        records, book = uow.policies.records(), uow.policies.book()
    try:
        in_force: str | None = book.in_force(on).version
    except NotFound:
        in_force = None
    return PolicyListing(records, in_force)


def add_policy_version(
    uow: UnitOfWork, clock: Clock, *, actor: str, policy: BenefitPolicy, retroactive: bool = False
) -> PolicyRecord:
    """Store ``policy``; one dated today or earlier (Cairo) needs ``retroactive=True``.

    Refused with a ``Conflict`` for a retroactive date (``policy.retroactive``), a version id or
    a start day already taken. Who may ask for ``retroactive`` is the entrypoint's decision.
    """
    now = clock.now()
    with uow:
        uow.policies.book().add(policy, today=cairo_date(now), retroactive=retroactive)
        uow.policies.add(policy, created_by=actor, at=now)
        audit_trail.record(
            uow,
            actor=actor,
            action="policy.add",
            subject=f"policy:{policy.version}",
            at=now,
            after={"version": policy.version, "effective_from": policy.effective_from.isoformat()},
            details={"retroactive": retroactive},
        )
        uow.commit()
    return PolicyRecord(policy.version, policy.effective_from, actor, now)


def ensure_policy_seeded(uow: UnitOfWork, clock: Clock, shipped: PolicyBook) -> int:
    """Store ``shipped`` (the defaults in the package) when no version is stored yet.

    Returns how many versions were stored: 0 when the database already has a policy, since
    then the administrators' versions are the policy and the shipped file is only a default.
    The shipped versions start in the past: seeding is the one way in that is not retroactive.
    """
    now = clock.now()
    with uow:
        if len(uow.policies.book()) > 0:
            return 0
        for policy in shipped:
            uow.policies.add(policy, created_by=SYSTEM_ACTOR, at=now)
        audit_trail.record(
            uow,
            actor=SYSTEM_ACTOR,
            action="policy.seed",
            subject="policy",
            at=now,
            details={"versions": [policy.version for policy in shipped]},
        )
        uow.commit()
    return len(shipped)
