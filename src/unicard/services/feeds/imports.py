"""``feed import FILE --agency A --as-of D``: an agency's facts by national ID, whole or not at all.

Follows the registry import pipeline (:mod:`unicard.services.imports.pipeline`): rows streamed,
validated one by one, staged in batches, checked as a set, applied set-wise in one transaction,
or refused with every error and nothing applied. The same file for the same agency and date is
imported once; a second run changes nothing and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from unicard.domain.eligibility.fact_values import DIED_ON, feed_column, parse_agency
from unicard.domain.eligibility.facts import Agency
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.services import audit_trail
from unicard.services.citizens import record_death
from unicard.services.feeds.layout import NATIONAL_ID, header_errors
from unicard.services.feeds.ports import FeedFile, FeedImportUnitOfWork, FeedStaging
from unicard.services.feeds.rows import parse_feed_row
from unicard.services.imports.pipeline import import_note, report, stage_rows
from unicard.services.imports.ports import FileFacts, NoProgress, Progress, RowSource, Step
from unicard.services.imports.problems import ERROR_LIST_LIMIT, ErrorLog, RowError
from unicard.services.ports import ChangeNote, Clock


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    file: FileFacts
    agency: Agency
    as_of: dt.date
    rows: int
    errors: ErrorLog
    recorded: int = 0
    current: int = 0
    deaths: int = 0
    import_id: int | None = None
    already_imported: bool = False
    columns: tuple[str, ...] = field(default=())

    @property
    def accepted(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class FeedRequest:
    agency: str
    as_of: dt.date
    actor: str


def import_feed(
    uow: FeedImportUnitOfWork,
    clock: Clock,
    source: RowSource,
    columns: tuple[str, ...],
    request: FeedRequest,
    progress: Progress | None = None,
    *,
    error_limit: int = ERROR_LIST_LIMIT,
) -> FeedOutcome:
    """Apply the whole file in one transaction, or, if anything is wrong, nothing and every error.

    ``columns`` is the file's header. Raises :class:`InvalidValue` for an unknown agency or an
    as-of date after today (the command is wrong, not the file).
    """
    progress = progress or NoProgress()
    now = clock.now()
    agency, today = parse_agency(request.agency), cairo_date(now)
    if request.as_of > today:
        raise InvalidValue("feeds.as_of_future", field="as_of", as_of=request.as_of, today=today)
    note = import_note(request.actor, now, source.facts)
    errors = ErrorLog(error_limit)
    outcome = FeedOutcome(source.facts, agency, request.as_of, 0, errors, columns=columns)
    errors.extend(header_errors(columns, agency))
    if errors:
        return outcome
    facts = tuple(
        found for column in columns if (found := feed_column(column)) is not None and column != NATIONAL_ID
    )
    with uow:
        previous = uow.feeds.previous(source.facts.sha256, agency.value, request.as_of)
        if previous is not None:
            return replace(outcome, import_id=previous, already_imported=True)
        staging = uow.feeds.staging()
        rows = stage_rows(
            source,
            lambda record: parse_feed_row(record, facts, request.as_of, today),
            staging.stage,
            errors,
            progress,
        )
        progress.begin(Step.CHECK)
        report(staging.repeated_national_ids(), NATIONAL_ID, "feeds.national_id_repeated", errors)
        report(staging.unknown_citizens(), NATIONAL_ID, "feeds.unknown_citizen", errors)
        deaths = _record_deaths(uow, staging, note, errors)
        if errors:
            return replace(outcome, rows=rows)  # leaving the unit of work rolls back
        progress.begin(Step.APPLY, rows)
        file = FeedFile(agency.value, request.as_of, source.facts.name, source.facts.sha256, note.actor, now)
        applied = staging.apply(file, rows)
        staging.close()
        done = replace(
            outcome,
            rows=rows,
            recorded=applied.recorded,
            current=applied.current,
            deaths=deaths,
            import_id=applied.import_id,
        )
        _audit(uow, note, done)
        uow.commit()
    return done


def _record_deaths(
    uow: FeedImportUnitOfWork, staging: FeedStaging, note: ChangeNote, errors: ErrorLog
) -> int:
    """Each death through the registry's own path; a death already recorded on that day is skipped.

    Written before the file is known good: a refused file rolls them back with everything else.
    """
    recorded = 0
    for death in staging.deaths():
        citizen = uow.citizens.get(death.national_id)
        if citizen is None:
            continue  # reported as an unknown citizen
        if citizen.deceased_on == death.died_on:
            continue
        value = death.died_on.isoformat()
        if citizen.deceased_on is not None:
            params = {"recorded": citizen.deceased_on.isoformat(), "value": value}
            errors.add(RowError(death.row, DIED_ON, value, "feeds.death_differs", params))
            continue
        if death.died_on < citizen.birth_date:
            params = {"value": value, "birth_date": citizen.birth_date.isoformat()}
            errors.add(RowError(death.row, DIED_ON, value, "feeds.death_before_birth", params))
            continue
        try:
            record_death(uow, note, citizen, death.died_on)
        except DomainError as error:
            errors.add(RowError.from_domain(death.row, DIED_ON, value, error))
            continue
        recorded += 1
    return recorded


def _audit(uow: FeedImportUnitOfWork, note: ChangeNote, outcome: FeedOutcome) -> None:
    audit_trail.record(
        uow,
        actor=note.actor,
        action="feed.import",
        subject=f"file:{outcome.file.name}",
        at=note.at,
        details={
            "agency": outcome.agency.value,
            "as_of": outcome.as_of.isoformat(),
            "file": outcome.file.name,
            "sha256": outcome.file.sha256,
            "rows": outcome.rows,
            "recorded": outcome.recorded,
            "current": outcome.current,
            "deaths": outcome.deaths,
            "import_id": outcome.import_id,
        },
    )
