"""``merchant import FILE``: register every merchant of a file and install its terminals, or nothing.

A row names a merchant by its id, or, without one, by its kind, governorate and Arabic name; a
merchant already registered just so is *already present*. ``terminals`` is how many terminals
(retired ones aside) the merchant should have: the import installs the missing ones, so that
importing the same file again installs none. Each new terminal's secret goes to the
:class:`SecretSink` once, and is durable there before the import commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from unicard.domain.merchants import Merchant, MerchantKind, Terminal, merchant_id
from unicard.services.imports.merchant_ports import (
    MerchantImportUnitOfWork,
    MerchantStaging,
    PlannedMerchant,
    SecretSink,
)
from unicard.services.imports.merchant_rows import parse_merchant
from unicard.services.imports.pipeline import ImportOutcome, audit_import, import_note, report, stage_rows
from unicard.services.imports.ports import NoProgress, Progress, RowSource, Step
from unicard.services.imports.problems import ERROR_LIST_LIMIT, ErrorLog
from unicard.services.merchant_ports import NewTerminal
from unicard.services.merchants import open_merchant_accounts
from unicard.services.ports import Clock
from unicard.services.terminal_auth import TerminalSecrets


@dataclass(frozen=True, slots=True)
class MerchantImportOutcome:
    """``outcome.added`` and ``already_present`` count merchants; ``terminals_added`` terminals."""

    outcome: ImportOutcome
    terminals_added: int = 0


def import_merchants(
    uow: MerchantImportUnitOfWork,
    clock: Clock,
    secrets: TerminalSecrets,
    source: RowSource,
    sink: SecretSink,
    actor: str,
    progress: Progress | None = None,
    *,
    error_limit: int = ERROR_LIST_LIMIT,
) -> MerchantImportOutcome:
    """Apply the whole file in one transaction, or, if any row is wrong, nothing and every error."""
    progress = progress or NoProgress()
    now = clock.now()
    note = import_note(actor, now, source.facts)
    errors = ErrorLog(error_limit)
    with uow:
        staging = uow.merchant_staging()
        rows = stage_rows(source, parse_merchant, staging.stage, errors, progress)
        progress.begin(Step.CHECK)
        _check(staging, errors)
        if errors:
            return MerchantImportOutcome(ImportOutcome(source.facts, rows, errors))
        progress.begin(Step.APPLY, rows)
        added, present, terminals = _apply(uow, staging, secrets, sink, now, progress)
        staging.close()
        outcome = ImportOutcome(source.facts, rows, errors, added=added, already_present=present)
        audit_import(uow, "import.merchants", note, outcome, terminals_added=terminals)
        sink.seal()
        uow.commit()
    return MerchantImportOutcome(outcome, terminals)


def _check(staging: MerchantStaging, errors: ErrorLog) -> None:
    report(staging.repeated_ids(), "id", "import.merchant_id_repeated", errors)
    report(staging.repeated_names(), "name_ar", "import.merchant_name_repeated", errors)
    staging.resolve()
    report(staging.ambiguous_names(), "name_ar", "import.merchant_name_ambiguous", errors)
    report(staging.registered_differently(), "id", "import.merchant_registered_differently", errors)
    report(staging.closed_with_terminals(), "terminals", "import.merchant_closed", errors)


def _apply(
    uow: MerchantImportUnitOfWork,
    staging: MerchantStaging,
    secrets: TerminalSecrets,
    sink: SecretSink,
    now: dt.datetime,
    progress: Progress,
) -> tuple[int, int, int]:
    """Register the new merchants and install missing terminals; (added, present, terminals)."""
    serials = dict(staging.last_serials())
    added = present = installed = 0
    for batch in staging.plan():
        merchants: list[Merchant] = []
        terminals: list[NewTerminal] = []
        for planned in batch:
            merchant = _merchant(planned, serials)
            if planned.registered_id is None:
                merchants.append(merchant)
            terminals.extend(_install(planned, merchant, secrets, sink))
        uow.merchants.add(merchants, now)
        open_merchant_accounts(uow, merchants)
        uow.merchants.add_terminals(terminals, now)
        added += len(merchants)
        present += len(batch) - len(merchants)
        installed += len(terminals)
        progress.advance(len(batch))
    return added, present, installed


def _merchant(planned: PlannedMerchant, serials: dict[tuple[MerchantKind, str], int]) -> Merchant:
    row = planned.staged
    status = planned.registered_status
    id_ = planned.registered_id or row.id
    if id_ is None:
        key = (row.kind, row.governorate)
        serials[key] = serials.get(key, 0) + 1
        id_ = merchant_id(row.kind, row.governorate, serials[key])
    merchant = Merchant(id_, row.kind, row.name_ar, row.governorate, row.name_en)
    return merchant if status is None else merchant.with_status(status)


def _install(
    planned: PlannedMerchant, merchant: Merchant, secrets: TerminalSecrets, sink: SecretSink
) -> Sequence[NewTerminal]:
    installed = []
    for offset in range(1, planned.staged.terminals - planned.terminals_in_use + 1):
        terminal = Terminal.install(merchant, planned.last_terminal_number + offset)
        issued = secrets.issue()
        sink.write(terminal.id, merchant.id, issued.secret)
        installed.append(NewTerminal(terminal, issued.secret_hash))
    return installed
