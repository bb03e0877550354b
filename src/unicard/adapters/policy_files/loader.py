"""Read a policy book from a TOML file: ``[[policy]]`` tables, one complete version each.

Every refusal is a :class:`PolicyFileError` naming the file, the key path from the top of the
file and, where the scan in :mod:`.locate` finds it, the line.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

from unicard.adapters.policy_files.codec import policy_from_plain
from unicard.adapters.policy_files.errors import PolicyFileError
from unicard.adapters.policy_files.locate import line_of
from unicard.adapters.policy_files.reading import Table
from unicard.domain.policy import BenefitPolicy, PolicyBook, key_path
from unicard.domain.shared.errors import DomainError

#: The defaults unicard ships, inside the package (and the wheel).
SHIPPED = ("data", "policy", "benefits.toml")
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = re.compile(r"\s*\(at end of document\)$")


def load_shipped_book() -> PolicyBook:
    resource = resources.files("unicard").joinpath(*SHIPPED)
    return parse_book(resource.read_text(encoding="utf-8"), file="unicard/" + "/".join(SHIPPED))


def load_book(path: Path) -> PolicyBook:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyFileError(
            "policy_file.unreadable", file=str(path), line=None, reason=str(error)
        ) from None
    return parse_book(text, file=str(path))


def parse_book(text: str, *, file: str) -> PolicyBook:
    data = _parse_toml(text, file=file)
    versions = _read_versions(data, text=text, file=file)
    try:
        return PolicyBook.of(versions)
    except DomainError as error:
        index = _offending_version(versions, error)
        field = _within(index, error)
        raise PolicyFileError.wrapping(error, file=file, field=field, line=line_of(text, field)) from None


def _parse_toml(text: str, *, file: str) -> dict[str, object]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # Python 3.11 puts the position only in the message: "... (at line 3, column 9)".
        message = str(error)
        at = _AT.search(message)
        line, column = (int(at[1]), int(at[2])) if at else _end_of(text)
        reason = _AT.sub("", _AT_END.sub("", message))
        raise PolicyFileError(
            "policy_file.syntax", file=file, line=line, column=column, reason=reason, field=""
        ) from None


def _end_of(text: str) -> tuple[int, int]:
    """Line and column just past the last character: where "at end of document" points."""
    lines = text.split("\n")
    return len(lines), len(lines[-1]) + 1


def _read_versions(data: dict[str, object], *, text: str, file: str) -> list[BenefitPolicy]:
    try:
        top = Table(data, "")
        tables = top.listing("policy")
        top.done()
    except DomainError as error:
        field = str(error.params.get("field", ""))
        raise PolicyFileError.wrapping(error, file=file, field=field, line=line_of(text, field)) from None
    return [_read_version(table, index, text=text, file=file) for index, table in enumerate(tables)]


def _read_version(table: object, index: int, *, text: str, file: str) -> BenefitPolicy:
    try:
        return policy_from_plain(table)
    except DomainError as error:
        field = _within(index, error)
        raise PolicyFileError.wrapping(error, file=file, field=field, line=line_of(text, field)) from None


def _within(index: int, error: DomainError) -> str:
    """The key path of ``error`` (relative to a version) from the top of the file."""
    field = str(error.params.get("field", ""))
    version = key_path("policy", index)
    return f"{version}.{field}" if field else version


def _offending_version(versions: list[BenefitPolicy], error: DomainError) -> int:
    """The later of two clashing versions is the one to blame: it is the one being added."""
    clash = error.params.get("version")
    return max((i for i, policy in enumerate(versions) if policy.version == clash), default=0)
