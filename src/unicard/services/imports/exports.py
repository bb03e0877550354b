"""``export citizens|households FILE``: the registry streamed out in the import formats.

An export re-imported into the same registry is already present, row for row: a no-op.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from unicard.services.imports.citizen_rows import citizen_cells
from unicard.services.imports.household_rows import member_cells
from unicard.services.imports.ports import ImportUnitOfWork, NoProgress, Progress, RowSink, Step

_PROGRESS_EVERY = 1_000


def export_citizens(uow: ImportUnitOfWork, sink: RowSink, progress: Progress | None = None) -> int:
    """Write every citizen, living or deceased; the number of rows written."""
    with uow:
        total = uow.bulk.count_citizens()
        return _write(map(citizen_cells, uow.bulk.citizens()), total, sink, progress or NoProgress())


def export_households(uow: ImportUnitOfWork, sink: RowSink, progress: Progress | None = None) -> int:
    """Write one row per current member of every open household; the number of rows written.

    A household whose head has died or left (status ``needs_head``) is written without a head
    row; importing it back is still a no-op because it matches the registered household.
    """
    with uow:
        total = uow.bulk.count_members()
        return _write(map(member_cells, uow.bulk.members()), total, sink, progress or NoProgress())


def _write(rows: Iterable[Sequence[str]], total: int, sink: RowSink, progress: Progress) -> int:
    progress.begin(Step.EXPORT, total)
    written = 0
    for written, cells in enumerate(rows, start=1):
        sink.write(cells)
        if written % _PROGRESS_EVERY == 0:
            progress.advance(_PROGRESS_EVERY)
    progress.advance(written % _PROGRESS_EVERY)
    return written
