"""What ``POST /feeds/{agency}`` answers: the import's counts (a refusal is a problem response)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from unicard.services.feeds.imports import FeedOutcome


class FeedImportOut(BaseModel):
    import_id: int = Field(description="The feed_imports row of this file (or of its first import).")
    agency: str
    as_of: dt.date
    file_name: str
    sha256: str
    already_imported: bool = Field(description="True: this very file was imported before; nothing changed.")
    rows: int = Field(description="Data rows read (0 when already imported).")
    recorded: int = Field(description="Values added to the citizens' fact history.")
    current: int = Field(description="Of those, values that became the latest (older ones did not).")
    deaths: int = Field(description="Citizens recorded as deceased (civil registry deaths feed).")

    @classmethod
    def of(cls, outcome: FeedOutcome) -> FeedImportOut:
        assert outcome.import_id is not None
        return cls(
            import_id=outcome.import_id,
            agency=outcome.agency.value,
            as_of=outcome.as_of,
            file_name=outcome.file.name,
            sha256=outcome.file.sha256,
            already_imported=outcome.already_imported,
            rows=outcome.rows,
            recorded=outcome.recorded,
            current=outcome.current,
            deaths=outcome.deaths,
        )
