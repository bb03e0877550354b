"""``import households FILE``: register every household of a file with its members, or none."""

from __future__ import annotations

from unicard.domain.shared.clock import cairo_date
from unicard.services.imports.household_rows import parse_member
from unicard.services.imports.pipeline import ImportOutcome, audit_import, import_note, report, stage_rows
from unicard.services.imports.ports import (
    HouseholdStaging,
    ImportUnitOfWork,
    NoProgress,
    Progress,
    RowSource,
    Step,
)
from unicard.services.imports.problems import ERROR_LIST_LIMIT, ErrorLog
from unicard.services.ports import Clock


def import_households(
    uow: ImportUnitOfWork,
    clock: Clock,
    source: RowSource,
    actor: str,
    progress: Progress | None = None,
    *,
    error_limit: int = ERROR_LIST_LIMIT,
) -> ImportOutcome:
    """Apply the whole file in one transaction, or, if any row is wrong, nothing and every error.

    The members must already be registered citizens (import ``citizens.csv`` first). A household
    registered with exactly the members, relations, governorate and grocer of the file is already
    present and skipped.
    """
    progress = progress or NoProgress()
    now = clock.now()
    note = import_note(actor, now, source.facts)
    errors = ErrorLog(error_limit)
    with uow:
        staging = uow.bulk.household_staging()
        today = cairo_date(now)
        rows = stage_rows(source, lambda record: parse_member(record, today), staging.stage, errors, progress)
        progress.begin(Step.CHECK)
        staging.summarise()
        _check(staging, errors)
        if errors:
            return ImportOutcome(source.facts, rows, errors)  # leaving the unit of work rolls back
        progress.begin(Step.APPLY, rows)
        present = staging.already_registered()
        added, members = staging.apply(note, progress)
        staging.close()
        outcome = ImportOutcome(
            source.facts, rows, errors, added=added, already_present=present, members_added=members
        )
        audit_import(uow, "import.households", note, outcome, members_added=members)
        uow.commit()
    return outcome


def _check(staging: HouseholdStaging, errors: ErrorLog) -> None:
    report(staging.repeated_members(same_household=True), "national_id", "import.member_repeated", errors)
    report(
        staging.repeated_members(same_household=False),
        "national_id",
        "import.member_in_two_households",
        errors,
    )
    report(staging.households_without_head(), "relation", "import.household_without_head", errors)
    report(staging.second_heads(), "relation", "import.household_second_head", errors)
    report(staging.unregistered_members(), "national_id", "import.member_not_registered", errors)
    report(staging.deceased_members(), "national_id", "import.member_deceased", errors)
    report(staging.members_elsewhere(), "national_id", "import.member_elsewhere", errors)
    report(staging.governorate_disagreements(), "governorate", "import.household_governorate_differs", errors)
    report(staging.grocer_disagreements(), "grocer_id", "import.household_grocer_differs", errors)
    report(staging.unknown_grocers(), "grocer_id", "import.household_grocer_unknown", errors)
    report(
        staging.registered_differently(),
        "household_number",
        "import.household_registered_differently",
        errors,
    )
