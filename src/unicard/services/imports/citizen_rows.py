"""A row of ``citizens.csv``: validated by the same domain rules as a clerk's registration."""

from __future__ import annotations

import dataclasses
import datetime as dt

from unicard.domain.shared.errors import DomainError
from unicard.services.citizens import CitizenDetails, build_citizen
from unicard.services.imports.cells import date_cell, optional_date, row_error, text_cell
from unicard.services.imports.formats import Record
from unicard.services.imports.ports import CitizenRecord, StagedCitizen
from unicard.services.imports.problems import RowError


def parse_citizen(record: Record, today: dt.date) -> tuple[StagedCitizen | None, list[RowError]]:
    """The row as a citizen ready to stage, or every problem found with it."""
    problems: list[RowError] = []
    birth_date = optional_date(record, "birth_date", problems)
    deceased_on = optional_date(record, "deceased_on", problems)
    try:
        citizen = build_citizen(_details(record, birth_date), today)
        if deceased_on is not None:
            # A death the file states is part of the first record, not a change to it.
            citizen = dataclasses.replace(citizen.deceased(deceased_on, today=today), version=1)
    except DomainError as error:
        problems.append(row_error(record, error))
    if problems:
        return None, problems
    return StagedCitizen(record.number, citizen, record.get("mobile").strip()), problems


def _details(record: Record, birth_date: dt.date | None) -> CitizenDetails:
    return CitizenDetails(
        national_id=record.get("national_id"),
        name_ar=record.get("name_ar"),
        residence_governorate=record.get("residence_governorate"),
        name_latin=record.get("name_latin") or None,
        mobile=record.get("mobile") or None,
        birth_date=birth_date,
        sex=record.get("sex") or None,
    )


def citizen_cells(record: CitizenRecord) -> list[str]:
    """The row an export writes, in the order of :data:`formats.CITIZENS`."""
    return [
        record.national_id,
        record.name_ar,
        text_cell(record.name_latin),
        date_cell(record.birth_date),
        record.sex,
        record.residence_governorate,
        text_cell(record.mobile),
        date_cell(record.deceased_on),
    ]
