"""The layouts of the registry files: which columns they have and which may be left out.

``docs/formats/*.md`` describe the same layouts for people; keep the two in step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from unicard.services.imports.problems import UnreadableFile


@dataclass(frozen=True, slots=True)
class FileLayout:
    name: str
    columns: tuple[str, ...]  # in the order exports write them
    required: frozenset[str]

    def check_header(self, names: Sequence[str]) -> None:
        """Refuse a header with a nameless or repeated column, a required one missing or an unknown one.

        Unknown columns are refused rather than ignored so that a misspelt optional column
        (``mobil``) cannot silently drop a whole column of data.
        """
        unnamed = [str(position) for position, name in enumerate(names, start=1) if not name]
        if unnamed:
            raise UnreadableFile("import.unnamed_columns", positions=", ".join(unnamed))
        twice = sorted(name for name, count in Counter(names).items() if count > 1)
        if twice:
            raise UnreadableFile("import.duplicate_columns", columns=", ".join(twice))
        missing = [name for name in self.columns if name in self.required and name not in names]
        unknown = [name for name in names if name not in self.columns]
        if missing and unknown:
            raise UnreadableFile(
                "import.wrong_columns", missing=", ".join(missing), unknown=", ".join(unknown)
            )
        if missing:
            raise UnreadableFile("import.missing_columns", columns=", ".join(missing))
        if unknown:
            raise UnreadableFile(
                "import.unknown_columns", columns=", ".join(unknown), expected=", ".join(self.columns)
            )


@dataclass(frozen=True, slots=True)
class Record:
    """One data row. ``number`` counts rows as a spreadsheet does: the header is row 1.

    ``values`` maps each column of the file's header to its cell; ``fields`` is how many cells the
    row really had, so a row with a stray comma can be refused instead of misread.
    """

    number: int
    values: Mapping[str, str]
    fields: int

    def get(self, column: str) -> str:
        """The cell, or "" for an optional column the file leaves out."""
        return self.values.get(column, "")


CITIZENS = FileLayout(
    "citizens",
    (
        "national_id",
        "name_ar",
        "name_latin",
        "birth_date",
        "sex",
        "residence_governorate",
        "mobile",
        "deceased_on",
    ),
    frozenset({"national_id", "name_ar", "residence_governorate"}),
)

HOUSEHOLDS = FileLayout(
    "households",
    ("household_number", "governorate", "national_id", "relation", "grocer_id"),
    frozenset({"household_number", "governorate", "national_id", "relation"}),
)
