"""``import legacy-cards FILE``: bind every legacy ration card of a file to its household, or none.

A card already bound to the same household is *already present* (a file may be imported again);
one bound to another household, a number twice in the file, a household not registered or closed
refuses the whole file with every problem in the error report (docs/formats/legacy-cards.md).
"""

from __future__ import annotations

from unicard.services.imports.legacy_card_ports import LegacyCardImportUnitOfWork, LegacyCardStaging
from unicard.services.imports.legacy_card_rows import parse_legacy_card
from unicard.services.imports.pipeline import ImportOutcome, audit_import, import_note, report, stage_rows
from unicard.services.imports.ports import NoProgress, Progress, RowSource, Step
from unicard.services.imports.problems import ERROR_LIST_LIMIT, ErrorLog
from unicard.services.ports import Clock


def import_legacy_cards(
    uow: LegacyCardImportUnitOfWork,
    clock: Clock,
    source: RowSource,
    actor: str,
    progress: Progress | None = None,
    *,
    error_limit: int = ERROR_LIST_LIMIT,
) -> ImportOutcome:
    """Apply the whole file in one transaction, or, if any row is wrong, nothing and every error."""
    progress = progress or NoProgress()
    now = clock.now()
    note = import_note(actor, now, source.facts)
    errors = ErrorLog(error_limit)
    with uow:
        staging = uow.legacy_card_staging()
        rows = stage_rows(source, parse_legacy_card, staging.stage, errors, progress)
        progress.begin(Step.CHECK)
        _check(staging, errors)
        if errors:
            return ImportOutcome(source.facts, rows, errors)  # leaving the unit of work rolls back
        progress.begin(Step.APPLY, rows)
        present = staging.already_registered()
        added = staging.apply(by=note.actor, at=now)
        staging.close()
        outcome = ImportOutcome(source.facts, rows, errors, added=added, already_present=present)
        audit_import(uow, "import.legacy_cards", note, outcome)
        uow.commit()
    return outcome


def _check(staging: LegacyCardStaging, errors: ErrorLog) -> None:
    report(staging.repeated_numbers(), "legacy_card_number", "import.legacy_number_repeated", errors)
    report(staging.unknown_households(), "household_number", "import.legacy_household_unknown", errors)
    report(staging.closed_households(), "household_number", "import.legacy_household_closed", errors)
    report(staging.numbers_taken(), "legacy_card_number", "import.legacy_number_taken", errors)
