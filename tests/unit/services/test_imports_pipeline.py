"""The import use cases with fakes: what is staged, when the file is refused, what is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from tests.fakes import FixedClock
from unicard.domain.audit.chain import AuditEvent
from unicard.services.imports import citizens as citizen_imports
from unicard.services.imports.formats import Record
from unicard.services.imports.pipeline import BATCH_ROWS, stage_rows
from unicard.services.imports.ports import FileFacts, Finding, NoProgress, StagedCitizen, Step
from unicard.services.imports.problems import ErrorLog
from unicard.services.ports import ChangeNote

FACTS = FileFacts("citizens.csv", "ab" * 32, approximate_rows=3)
NIDS = ["28503140312357", "28503140312377", "28503140312397"]


@dataclass
class FakeSource:
    rows: list[dict[str, str]]
    width: int = 3
    facts: FileFacts = FACTS

    def records(self) -> Iterator[Record]:
        for number, values in enumerate(self.rows, start=2):
            yield Record(number, values, len(values))


def citizen(national_id: str) -> dict[str, str]:
    return {"national_id": national_id, "name_ar": "محمد أحمد", "residence_governorate": "03"}


@dataclass
class FakeStaging:
    """Remembers what was staged; its set-wise checks find what the test tells them to."""

    repeated: list[Finding] = field(default_factory=list)
    staged: list[StagedCitizen] = field(default_factory=list)
    applied: list[ChangeNote] = field(default_factory=list)

    def stage(self, batch: Sequence[StagedCitizen]) -> None:
        self.staged.extend(batch)

    def repeated_national_ids(self) -> Iterator[Finding]:
        return iter(self.repeated)

    def registered_differently(self) -> Iterator[Finding]:
        return iter(())

    def mobiles_taken(self) -> Iterator[Finding]:
        return iter(())

    def repeated_mobiles(self) -> Iterator[Finding]:
        return iter(())

    def apply(self, note: ChangeNote, progress: Any) -> int:
        self.applied.append(note)
        return len(self.staged) - 1  # one of them was already registered

    def close(self) -> None:
        pass


@dataclass
class FakeAudit:
    events: list[AuditEvent] = field(default_factory=list)

    def append(self, event: AuditEvent) -> None:
        self.events.append(event)


class FakeImportUnitOfWork:
    def __init__(self, staging: FakeStaging) -> None:
        self.staging = staging
        self.audit = FakeAudit()
        self.committed = False
        self.bulk = self

    def citizen_staging(self) -> FakeStaging:
        return self.staging

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        pass

    def commit(self) -> None:
        self.committed = True


class RecordingProgress:
    def __init__(self) -> None:
        self.steps: list[tuple[Step, int | None]] = []
        self.advanced = 0

    def begin(self, step: Step, total: int | None = None) -> None:
        self.steps.append((step, total))

    def advance(self, amount: int) -> None:
        self.advanced += amount


class TestStageRows:
    def test_stages_in_batches_and_counts_every_row(self) -> None:
        rows = [{"a": "1", "b": "", "c": ""}] * (2 * BATCH_ROWS + 7)
        batches: list[int] = []
        progress = RecordingProgress()

        read = stage_rows(
            FakeSource(rows), lambda r: (r.number, []), lambda b: batches.append(len(b)), ErrorLog(), progress
        )

        assert read == 2 * BATCH_ROWS + 7
        assert batches == [BATCH_ROWS, BATCH_ROWS, 7]
        assert progress.steps == [(Step.READ, 3)]
        assert progress.advanced == read

    def test_keeps_staging_after_a_bad_row_so_every_error_is_found(self) -> None:
        rows = [
            {"a": "1", "b": "", "c": ""},
            {"a": "1", "b": ""},
            {"a": "x\x00", "b": "", "c": ""},
            {"a": "2", "b": "", "c": ""},
        ]
        staged: list[int] = []
        errors = ErrorLog()

        stage_rows(FakeSource(rows), lambda r: (r.number, []), staged.extend, errors, NoProgress())

        assert staged == [2, 5]
        assert [(e.row, e.code) for e in errors.listed] == [
            (3, "import.field_count"),
            (4, "import.control_character"),
        ]
        assert errors.listed[0].params == {"found": 2, "expected": 3}


class TestImportCitizens:
    def test_a_clean_file_is_applied_audited_and_committed(self) -> None:
        uow = FakeImportUnitOfWork(FakeStaging())
        clock = FixedClock()

        outcome = citizen_imports.import_citizens(
            uow, clock, FakeSource([citizen(n) for n in NIDS]), " clerk "
        )  # type: ignore[arg-type]

        assert outcome.accepted
        assert (outcome.rows, outcome.added, outcome.already_present) == (3, 2, 1)
        assert uow.committed
        [note] = uow.staging.applied
        assert note == ChangeNote("clerk", clock.now(), "import citizens.csv sha256:abababababab")
        [event] = uow.audit.events
        assert (event.actor, event.action, event.subject) == ("clerk", "import.citizens", "file:citizens.csv")
        assert event.details is not None
        assert event.details["sha256"] == FACTS.sha256
        assert (event.details["added"], event.details["already_present"]) == (2, 1)

    def test_a_set_wise_finding_refuses_the_whole_file(self) -> None:
        staging = FakeStaging(repeated=[Finding(4, NIDS[0], {"first_row": 2})])
        uow = FakeImportUnitOfWork(staging)

        outcome = citizen_imports.import_citizens(
            uow, FixedClock(), FakeSource([citizen(n) for n in NIDS]), "clerk"
        )  # type: ignore[arg-type]

        assert not outcome.accepted
        [error] = outcome.errors.listed
        assert (error.row, error.column, error.code) == (4, "national_id", "import.national_id_repeated")
        assert not uow.committed
        assert staging.applied == []
        assert uow.audit.events == []

    def test_rows_are_validated_against_the_clocks_day(self) -> None:
        born_tomorrow = "32611230312357"  # 2026-11-23; the clock says 2026-11-22
        uow = FakeImportUnitOfWork(FakeStaging())
        clock = FixedClock(dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC))  # already the 23rd in Cairo

        outcome = citizen_imports.import_citizens(uow, clock, FakeSource([citizen(born_tomorrow)]), "clerk")  # type: ignore[arg-type]

        assert outcome.accepted
