"""Read an eligibility rule set from its TOML text; every refusal names the file and the line.

tomllib places only syntax errors; a document that parses but breaks a rule (an unknown fact, an
operator nobody knows, a threshold in the wrong unit) is refused by the domain with a key path,
which the scan of :mod:`unicard.adapters.policy_files.locate` turns back into a line.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from unicard.adapters.policy_files.errors import PolicyFileError
from unicard.adapters.policy_files.locate import line_of
from unicard.domain.eligibility.document import rule_set_from_plain
from unicard.domain.eligibility.rules import RuleSet
from unicard.domain.shared.errors import DomainError

#: The rule sets unicard ships (POLICY.md's rounds), inside the package.
SHIPPED_DIR = ("data", "eligibility")
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


class RuleFileError(PolicyFileError):
    """A refused rule file: the domain's code and params plus ``file`` and ``line``."""


def parse_rule_set(text: str, *, file: str) -> RuleSet:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = _AT.search(message)
        line, column = (int(at[1]), int(at[2])) if at else (text.count("\n") + 1, 1)
        raise RuleFileError(
            "eligibility.rule.syntax",
            file=file,
            line=line,
            column=column,
            reason=_AT.sub("", message),
            field="",
        ) from None
    try:
        return rule_set_from_plain(data)
    except DomainError as error:
        field = str(error.params.get("field", ""))
        raise RuleFileError.wrapping(error, file=file, field=field, line=line_of(text, field) or 1) from None


def shipped_rule_texts() -> dict[str, str]:
    """File name → text of every shipped rule set."""
    folder = resources.files("unicard").joinpath(*SHIPPED_DIR)
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    }
