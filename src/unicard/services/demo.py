"""The demo: a synthetic Port Said population loaded once, demo operators, and citizens to try.

The population is generated and written set-wise by an adapter (the :class:`PopulationStore`
port); what this module decides is *whether* to load, and it records every load in the audit
log, in the same transaction as the rows, so a database either holds a whole demo population
and says which one, or holds none of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from unicard.domain.operators.operator import ALL_GOVERNORATES, Role
from unicard.domain.shared.clock import cairo_date
from unicard.services import audit_trail
from unicard.services.operators import create_operator
from unicard.services.ports import ChangeNote, Clock, PasswordHasher, UnitOfWork, UnitOfWorkFactory

DEMO_ACTOR = "demo"
LOAD_ACTION = "demo.load"
WIPE_ACTION = "demo.wipe"


@dataclass(frozen=True, slots=True)
class PopulationPlan:
    """Which synthetic population to build: a named size, its counts, the seed."""

    size: str
    citizens: int
    households: int
    seed: int


@dataclass(frozen=True, slots=True)
class PopulationCounts:
    citizens: int
    households: int
    members: int


@dataclass(frozen=True, slots=True)
class DemoPopulation:
    """A population a database holds, as its ``demo.load`` audit record describes it.

    ``today`` is the day ages were counted from: with the seed, it makes the population again.
    """

    size: str
    seed: int
    today: dt.date
    counts: PopulationCounts


@dataclass(frozen=True, slots=True)
class DemoSamples:
    """National IDs worth looking up in the demo, when the population has such people."""

    big_family_head: str | None
    big_family_size: int
    widow: str | None
    without_household: str | None


class LoadProgress(Protocol):
    def begin(self, citizens: int) -> None:
        """A load of ``citizens`` starts (never called when the population is reused)."""
        ...

    def advance(self, citizens: int) -> None: ...


class PopulationStore(Protocol):
    """The registry seen whole, for loading, wiping and sampling the demo population."""

    def recorded(self) -> DemoPopulation | None:
        """The population the latest ``demo.load`` audit record describes, if any."""
        ...

    def registered_citizens(self) -> int: ...
    def load(
        self, plan: PopulationPlan, today: dt.date, note: ChangeNote, progress: LoadProgress
    ) -> PopulationCounts:
        """Generate the planned population as of ``today`` and write it, every row under ``note``."""
        ...

    def wipe(self) -> None:
        """Delete every citizen and household, with their history (the audit log stays).

        Raises :class:`PopulationInUse` if other records refer to them.
        """
        ...

    def samples(self, today: dt.date) -> DemoSamples:
        """Citizens worth looking up; the widow is over 60 on ``today`` if any such woman is."""
        ...

    def first_households(self, limit: int) -> list[str]:
        """The numbers of the first ``limit`` households with a head, in the order they were loaded."""
        ...


class DemoUnitOfWork(UnitOfWork, Protocol):
    @property
    def population(self) -> PopulationStore: ...


@dataclass(frozen=True, slots=True)
class PopulationOutcome:
    """What the database holds after the call; ``loaded`` says whether this call built it.

    ``population`` is None when the registry holds citizens the demo did not load
    (``foreign_citizens`` of them): the demo then serves those as they are.
    """

    population: DemoPopulation | None
    loaded: bool
    foreign_citizens: int = 0


class NotADemoDatabase(Exception):
    """The registry holds citizens that ``unicard demo`` did not load: it will not wipe them."""


class PopulationInUse(Exception):
    """Other records refer to the demo population, so it cannot be wiped on its own."""


def ensure_population(
    uow: DemoUnitOfWork, clock: Clock, plan: PopulationPlan, progress: LoadProgress
) -> PopulationOutcome:
    """Load ``plan`` into an empty registry; otherwise report what is there and change nothing."""
    with uow:
        recorded = uow.population.recorded()
        if recorded is not None:
            return PopulationOutcome(recorded, loaded=False)
        registered = uow.population.registered_citizens()
        if registered:
            return PopulationOutcome(None, loaded=False, foreign_citizens=registered)
        population = _load(uow, clock, plan, progress)
        uow.commit()
    return PopulationOutcome(population, loaded=True)


def rebuild_population(
    uow: DemoUnitOfWork, clock: Clock, plan: PopulationPlan, progress: LoadProgress
) -> PopulationOutcome:
    """Replace the demo population with ``plan``, in one transaction.

    Refuses (:class:`NotADemoDatabase`) when citizens are registered but no demo load is on
    record: those are somebody's real data; and (:class:`PopulationInUse`) when other records
    refer to the population.
    """
    with uow:
        recorded = uow.population.recorded()
        registered = uow.population.registered_citizens()
        if recorded is None and registered:
            raise NotADemoDatabase(
                f"the registry holds {registered} citizens that `unicard demo` did not load; "
                "refusing to wipe them"
            )
        if registered:
            _wipe(uow, clock, recorded)
        population = _load(uow, clock, plan, progress)
        uow.commit()
    return PopulationOutcome(population, loaded=True)


def samples(uow: DemoUnitOfWork, clock: Clock) -> DemoSamples:
    with uow:
        return uow.population.samples(cairo_date(clock.now()))


def _load(uow: DemoUnitOfWork, clock: Clock, plan: PopulationPlan, progress: LoadProgress) -> DemoPopulation:
    now = clock.now()
    note = ChangeNote(DEMO_ACTOR, now, f"synthetic Port Said population, seed {plan.seed}")
    today = cairo_date(now)
    progress.begin(plan.citizens)
    counts = uow.population.load(plan, today, note, progress)
    population = DemoPopulation(plan.size, plan.seed, today, counts)
    audit_trail.record(
        uow,
        actor=DEMO_ACTOR,
        action=LOAD_ACTION,
        subject=f"population:{plan.size}",
        at=now,
        details=population_details(population),
    )
    return population


def _wipe(uow: DemoUnitOfWork, clock: Clock, recorded: DemoPopulation | None) -> None:
    uow.population.wipe()
    audit_trail.record(
        uow,
        actor=DEMO_ACTOR,
        action=WIPE_ACTION,
        subject=f"population:{recorded.size if recorded else 'empty'}",
        at=clock.now(),
        details=population_details(recorded) if recorded else None,
    )


def population_details(population: DemoPopulation) -> dict[str, object]:
    """The ``demo.load`` audit details; :func:`population_from_details` reads them back."""
    counts = population.counts
    return {
        "size": population.size,
        "seed": population.seed,
        "today": population.today.isoformat(),
        "citizens": counts.citizens,
        "households": counts.households,
        "members": counts.members,
    }


def population_from_details(details: dict[str, object]) -> DemoPopulation:
    def number(key: str) -> int:
        return int(str(details[key]))

    counts = PopulationCounts(number("citizens"), number("households"), number("members"))
    today = dt.date.fromisoformat(str(details["today"]))
    return DemoPopulation(str(details["size"]), number("seed"), today, counts)


# -- operators --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """A demo operator and the password printed for it: a demo's passwords are not secret."""

    username: str
    password: str
    role: Role
    governorate: str


#: One operator per role; all but the admin, the auditor and the data steward work in Port Said (03).
DEMO_LOGINS = (
    DemoLogin("demo.admin", "demo-admin-password", Role.ADMIN, ALL_GOVERNORATES),
    DemoLogin("demo.supply", "demo-supply-password", Role.SUPPLY_OFFICER, "03"),
    DemoLogin("demo.clerk", "demo-clerk-password", Role.POST_CLERK, "03"),
    DemoLogin("demo.health", "demo-health-password", Role.HEALTH_OFFICER, "03"),
    DemoLogin("demo.auditor", "demo-auditor-password", Role.AUDITOR, ALL_GOVERNORATES),
    DemoLogin("demo.steward", "demo-steward-password", Role.DATA_STEWARD, ALL_GOVERNORATES),
)


def ensure_demo_operators(
    uow_factory: UnitOfWorkFactory, clock: Clock, hasher: PasswordHasher
) -> list[DemoLogin]:
    """Create whichever demo operators are missing; the ones created by this call."""
    created = []
    for login in DEMO_LOGINS:
        uow = uow_factory()
        with uow:
            exists = uow.operators.get(login.username) is not None
        if exists:
            continue
        create_operator(
            uow_factory(),
            clock,
            hasher,
            actor=DEMO_ACTOR,
            username=login.username,
            display_name=f"Demo {login.role.replace('_', ' ')}",
            roles=frozenset({login.role}),
            governorates=frozenset({login.governorate}),
            password=login.password,
        )
        created.append(login)
    return created
