"""``unicard import legacy-cards FILE``: bind legacy ration cards to their households (whole or nothing)."""

from __future__ import annotations

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.db.bulk.legacy_cards import SqlLegacyCardImportUnitOfWork
from unicard.entrypoints.cli.console import container, explained_errors
from unicard.entrypoints.cli.transfer import ActorOption, InputFile, Lang, LangOption, import_app
from unicard.entrypoints.cli.transfer import _Bars as Bars  # shared with the registry imports
from unicard.entrypoints.cli.transfer import _conclude as conclude
from unicard.locale.catalog import Language, render
from unicard.services.imports.legacy_card_rows import LEGACY_CARDS
from unicard.services.imports.legacy_cards import import_legacy_cards


@import_app.command("legacy-cards")
def import_legacy_cards_command(
    file: InputFile, actor: ActorOption = "cli", lang: LangOption = Lang.AR
) -> None:
    """Register the legacy ration cards in FILE, one per row (docs/formats/legacy-cards.md)."""
    language: Language = "en" if lang is Lang.EN else "ar"
    with container() as wired, explained_errors():
        source = CsvRecords(file, LEGACY_CARDS)
        uow = SqlLegacyCardImportUnitOfWork(wired.engine)
        with Bars(language) as bars:
            outcome = import_legacy_cards(uow, wired.clock, source, actor, bars)
    counts = {"rows": outcome.rows, "added": outcome.added, "present": outcome.already_present}
    conclude(file, outcome, language, render("legacy.imported", counts, language))
