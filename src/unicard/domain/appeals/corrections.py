"""Facts an appeal says are wrong: what the citizen proposes, and what an officer records.

Values are in the fact's catalog base unit (piasters, kWh, qirats…), as the criteria read them;
a code fact (a profession) carries a code instead. Validation names the fact and the position
(``field``) so a client sees which of its corrected facts is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unicard.domain.eligibility.facts import FACTS, FactKind
from unicard.domain.shared.errors import InvalidValue

MAX_NOTE = 500
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True, slots=True)
class ProposedFact:
    """A value the appeal says is right for one member's fact, with the evidence the citizen cites."""

    national_id: str
    fact: str
    value: int | None
    code: str | None
    evidence: str = ""

    @classmethod
    def create(
        cls,
        *,
        national_id: str,
        fact: str,
        value: int | None = None,
        code: str | None = None,
        evidence: str = "",
        field: str = "fact",
    ) -> ProposedFact:
        value, code = checked(fact, value, code, field)
        return cls(national_id, fact, value, code, _note(evidence, f"{field}.evidence", required=False))

    def snapshot(self) -> dict[str, object]:
        return {
            "national_id": self.national_id,
            "fact": self.fact,
            "value": self.value,
            "code": self.code,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class FactCorrection:
    """An officer's correction: the value becomes the citizen's fact, sourced ``appeal:<id>``.

    The evidence (a meter reading, a sale contract, a registry extract) is required: a value
    that overrides an agency's must say what it rests on.
    """

    national_id: str
    fact: str
    value: int | None
    code: str | None
    evidence: str

    @classmethod
    def create(
        cls, *, national_id: str, fact: str, value: int | None, code: str | None, evidence: str
    ) -> FactCorrection:
        value, code = checked(fact, value, code, "fact")
        return cls(national_id, fact, value, code, _note(evidence, "evidence", required=True))


def checked(fact: str, value: int | None, code: str | None, field: str) -> tuple[int | None, str | None]:
    """The value in the right form for ``fact``: a known key, a number or a code, never negative."""
    kind = _kind(fact, field)
    if kind.numeric:
        if value is None or code is not None:
            raise InvalidValue("appeal.fact_number_expected", field=f"{field}.value", fact=fact)
        if value < 0:
            raise InvalidValue("appeal.fact_negative", field=f"{field}.value", fact=fact, value=value)
        return value, None
    cleaned = (code or "").strip().lower()
    if value is not None or not _CODE.match(cleaned):
        raise InvalidValue("appeal.fact_code_expected", field=f"{field}.code", fact=fact)
    return None, cleaned


def _kind(fact: str, field: str) -> FactKind:
    kind = FACTS.get(fact)
    if kind is None:
        raise InvalidValue("appeal.unknown_fact", field=field, fact=fact, known=", ".join(sorted(FACTS)))
    return kind


def _note(text: str, field: str, *, required: bool) -> str:
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise InvalidValue("appeal.evidence_missing", field=field)
    if len(cleaned) > MAX_NOTE:
        raise InvalidValue("appeal.text_too_long", field=field, maximum=MAX_NOTE)
    return cleaned
