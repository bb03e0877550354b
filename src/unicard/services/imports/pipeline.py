"""The steps every import shares: read and validate rows, stage them in batches, report, audit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from unicard.domain.shared.errors import InvalidValue
from unicard.services import audit_trail
from unicard.services.access import require_reason
from unicard.services.imports.formats import Record
from unicard.services.imports.ports import FileFacts, Finding, Progress, RowSource, Step
from unicard.services.imports.problems import ErrorLog, RowError
from unicard.services.ports import ChangeNote, UnitOfWork

T = TypeVar("T")

#: Rows per round trip to the staging table: big enough to amortise it, small enough to be
#: a few megabytes whatever the file's size.
BATCH_ROWS = 5_000
_PROGRESS_EVERY = 1_000

# Tabs, NULs and other C0/C1 controls never belong in a registry field (and NUL breaks COPY).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

Parse = Callable[[Record], tuple[T | None, list[RowError]]]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """``added`` and ``already_present`` count citizens or households, as the file has them."""

    file: FileFacts
    rows: int
    errors: ErrorLog
    added: int = 0
    already_present: int = 0
    members_added: int = 0

    @property
    def accepted(self) -> bool:
        return not self.errors


def stage_rows(
    source: RowSource,
    parse: Parse[T],
    stage: Callable[[Sequence[T]], None],
    errors: ErrorLog,
    progress: Progress,
) -> int:
    """Validate every row, staging the good ones in batches; the number of data rows read.

    Rows keep being staged after the first error so that the set-wise checks that follow can
    report every problem of the file in this one pass.
    """
    progress.begin(Step.READ, source.facts.approximate_rows)
    batch: list[T] = []
    rows = 0
    for record in source.records():
        rows += 1
        item = _validated(record, source.width, parse, errors)
        if item is not None:
            batch.append(item)
        if len(batch) >= BATCH_ROWS:
            stage(batch)
            batch = []
        if rows % _PROGRESS_EVERY == 0:
            progress.advance(_PROGRESS_EVERY)
    if batch:
        stage(batch)
    progress.advance(rows % _PROGRESS_EVERY)
    return rows


def _validated(record: Record, width: int, parse: Parse[T], errors: ErrorLog) -> T | None:
    if record.fields != width:
        errors.add(
            RowError(record.number, "", "", "import.field_count", {"found": record.fields, "expected": width})
        )
        return None
    for column, value in record.values.items():
        if _CONTROL.search(value):
            errors.add(RowError(record.number, column, value, "import.control_character", {"column": column}))
            return None
    item, problems = parse(record)
    errors.extend(problems)
    return item


def report(findings: Iterable[Finding], column: str, code: str, errors: ErrorLog) -> None:
    """Add what a set-wise check found to the errors, under ``column`` and ``code``."""
    for finding in findings:
        errors.add(RowError(finding.row, column, finding.value, code, finding.params))


def import_note(actor: str, at: dt.datetime, facts: FileFacts) -> ChangeNote:
    """Kept with every record the file adds: who, when, and which file exactly."""
    if not actor.strip():
        raise InvalidValue("import.actor_missing", field="actor")
    return ChangeNote(actor.strip(), at, require_reason(f"import {facts.name} sha256:{facts.sha256[:12]}"))


def audit_import(
    uow: UnitOfWork, action: str, note: ChangeNote, outcome: ImportOutcome, **counts: int
) -> None:
    """One audit record per file, in the file's own transaction; ``counts`` adds to the details."""
    audit_trail.record(
        uow,
        actor=note.actor,
        action=action,
        subject=f"file:{outcome.file.name}",
        at=note.at,
        details={
            "file": outcome.file.name,
            "sha256": outcome.file.sha256,
            "rows": outcome.rows,
            "added": outcome.added,
            "already_present": outcome.already_present,
            **counts,
        },
    )
