"""``import citizens FILE``: register every citizen of a file, or none of them."""

from __future__ import annotations

from unicard.domain.shared.clock import cairo_date
from unicard.services.imports.citizen_rows import parse_citizen
from unicard.services.imports.pipeline import ImportOutcome, audit_import, import_note, report, stage_rows
from unicard.services.imports.ports import (
    CitizenStaging,
    ImportUnitOfWork,
    NoProgress,
    Progress,
    RowSource,
    Step,
)
from unicard.services.imports.problems import ERROR_LIST_LIMIT, ErrorLog
from unicard.services.ports import Clock


def import_citizens(
    uow: ImportUnitOfWork,
    clock: Clock,
    source: RowSource,
    actor: str,
    progress: Progress | None = None,
    *,
    error_limit: int = ERROR_LIST_LIMIT,
) -> ImportOutcome:
    """Apply the whole file in one transaction, or, if any row is wrong, nothing and every error.

    A row identical to the registered citizen is already present and skipped, so importing the
    same file twice changes nothing the second time.
    """
    progress = progress or NoProgress()
    now = clock.now()
    note = import_note(actor, now, source.facts)
    errors = ErrorLog(error_limit)
    with uow:
        staging = uow.bulk.citizen_staging()
        today = cairo_date(now)
        rows = stage_rows(
            source, lambda record: parse_citizen(record, today), staging.stage, errors, progress
        )
        progress.begin(Step.CHECK)
        _check(staging, errors)
        if errors:
            return ImportOutcome(source.facts, rows, errors)  # leaving the unit of work rolls back
        progress.begin(Step.APPLY, rows)
        added = staging.apply(note, progress)
        staging.close()
        outcome = ImportOutcome(source.facts, rows, errors, added=added, already_present=rows - added)
        audit_import(uow, "import.citizens", note, outcome)
        uow.commit()
    return outcome


def _check(staging: CitizenStaging, errors: ErrorLog) -> None:
    report(staging.repeated_national_ids(), "national_id", "import.national_id_repeated", errors)
    report(staging.registered_differently(), "national_id", "import.citizen_registered_differently", errors)
    report(staging.mobiles_taken(), "mobile", "import.mobile_taken", errors)
    report(staging.repeated_mobiles(), "mobile", "import.mobile_repeated", errors)
