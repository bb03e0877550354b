"""A rule set from its plain document (parsed TOML): strict, every refusal naming its key path.

The adapter that reads the file turns the key path (``criterion[2].operator``) into a line.
Keys the format does not know are refused, so a misspelt key cannot leave a rule unwritten.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import TypeVar

from unicard.domain.eligibility.facts import FACTS, FactKind
from unicard.domain.eligibility.rules import (
    Criterion,
    Method,
    Operator,
    RuleSet,
    Scope,
    Threshold,
    WhenMissing,
)
from unicard.domain.eligibility.units import DEFAULT_UNIT, to_base
from unicard.domain.policy import key_path, under
from unicard.domain.shared.errors import InvalidValue

E = TypeVar("E", bound=enum.StrEnum)
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_TOP = {"name", "title_ar", "title_en", "method", "at_least", "max_fact_age_days", "lists", "criterion"}
_CRITERION = {
    "key", "fact", "operator", "threshold", "unit", "scope", "when_missing",
    "new_entrants_only", "label_ar", "label_en",
}  # fmt: skip


class _Table:
    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise InvalidValue("eligibility.rule.not_table", field=path)
        self.data: Mapping[str, object] = data
        self.path = path

    def key(self, name: str) -> str:
        return under(self.path, name)

    def check_keys(self, known: set[str]) -> None:
        for name in self.data:
            if name not in known:
                raise InvalidValue("eligibility.rule.unknown_key", field=self.key(name), key=name)

    def raw(self, name: str) -> object:
        if self.data.get(name) is None:
            raise InvalidValue("eligibility.rule.missing", field=self.key(name), key=name)
        return self.data[name]

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            raise InvalidValue("eligibility.rule.not_text", field=self.key(name), key=name)
        return value.strip()

    def choice(self, name: str, kind: type[E], default: E | None = None) -> E:
        if default is not None and name not in self.data:
            return default
        value = self.raw(name)
        if isinstance(value, str) and value in {member.value for member in kind}:
            return kind(value)
        allowed = ", ".join(member.value for member in kind)
        raise InvalidValue(
            f"eligibility.rule.unknown_{name}", field=self.key(name), value=str(value), allowed=allowed
        )

    def whole(self, name: str, default: int | None = None, minimum: int = 1) -> int:
        if default is not None and name not in self.data:
            return default
        value = self.raw(name)
        if type(value) is not int or value < minimum:
            raise InvalidValue(
                "eligibility.rule.not_whole", field=self.key(name), value=str(value), minimum=minimum
            )
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise InvalidValue("eligibility.rule.not_flag", field=self.key(name), value=str(value))
        return value


def rule_set_from_plain(data: object) -> RuleSet:
    top = _Table(data, "")
    top.check_keys(_TOP)
    name = top.text("name")
    if not _NAME.match(name):
        raise InvalidValue("eligibility.rule.name", field="name", value=name)
    method = top.choice("method", Method)
    at_least = top.whole("at_least") if method is Method.AT_LEAST else 1
    if method is Method.ANY and "at_least" in top.data:
        raise InvalidValue("eligibility.rule.at_least_with_any", field="at_least")
    lists = _lists(top)
    criteria = _criteria(top, lists)
    scored = [c for c in criteria if not c.new_entrants_only]
    if at_least > len(scored):
        raise InvalidValue(
            "eligibility.rule.at_least_too_high", field="at_least", at_least=at_least, count=len(scored)
        )
    return RuleSet(
        name=name,
        title_ar=top.text("title_ar"),
        title_en=top.text("title_en"),
        method=method,
        at_least=at_least,
        max_fact_age_days=top.whole("max_fact_age_days"),
        criteria=tuple(criteria),
    )


def _lists(top: _Table) -> dict[str, frozenset[str]]:
    if "lists" not in top.data:
        return {}
    table = _Table(top.data["lists"], "lists")
    lists: dict[str, frozenset[str]] = {}
    for name, codes in table.data.items():
        if not isinstance(codes, list) or not codes or not all(isinstance(c, str) and c for c in codes):
            raise InvalidValue("eligibility.rule.bad_list", field=table.key(name))
        lists[name] = frozenset(codes)
    return lists


def _criteria(top: _Table, lists: Mapping[str, frozenset[str]]) -> list[Criterion]:
    raw = top.raw("criterion")
    if not isinstance(raw, list) or not raw:
        raise InvalidValue("eligibility.rule.no_criteria", field="criterion")
    criteria: list[Criterion] = []
    for index, item in enumerate(raw):
        criterion = _criterion(_Table(item, key_path("criterion", index)), lists)
        if any(seen.key == criterion.key for seen in criteria):
            raise InvalidValue(
                "eligibility.rule.duplicate_key", field=key_path("criterion", index, "key"), key=criterion.key
            )
        criteria.append(criterion)
    return criteria


def _criterion(table: _Table, lists: Mapping[str, frozenset[str]]) -> Criterion:
    table.check_keys(_CRITERION)
    key = table.text("key")
    fact_key = table.text("fact")
    kind = FACTS.get(fact_key)
    if kind is None:
        raise InvalidValue(
            "eligibility.rule.unknown_fact",
            field=table.key("fact"),
            fact=fact_key,
            known=", ".join(sorted(FACTS)),
        )
    operator = table.choice("operator", Operator)
    scope = table.choice("scope", Scope)
    if scope is Scope.HOUSEHOLD_TOTAL and not kind.numeric:
        raise InvalidValue("eligibility.rule.total_of_code", field=table.key("scope"), fact=fact_key)
    return Criterion(
        key=key,
        fact=fact_key,
        operator=operator,
        threshold=_threshold(table, kind, operator, lists),
        scope=scope,
        label_ar=table.text("label_ar"),
        label_en=table.text("label_en"),
        when_missing=table.choice("when_missing", WhenMissing, WhenMissing.REVIEW),
        new_entrants_only=table.flag("new_entrants_only"),
    )


def _threshold(
    table: _Table, kind: FactKind, operator: Operator, lists: Mapping[str, frozenset[str]]
) -> Threshold:
    raw = table.raw("threshold")
    field = table.key("threshold")
    if not kind.numeric:
        if "unit" in table.data:
            raise InvalidValue("eligibility.rule.unit_of_code", field=table.key("unit"), fact=kind.key)
        return _code_threshold(
            raw, operator, lists, field=field, fact=kind.key, operator_field=table.key("operator")
        )
    unit = table.data.get("unit", DEFAULT_UNIT.get(kind.unit))
    if not isinstance(unit, str):
        raise InvalidValue("eligibility.rule.missing", field=table.key("unit"), key="unit")
    unit_field = table.key("unit") if "unit" in table.data else field
    if operator is Operator.IN:
        if not isinstance(raw, list) or not raw:
            raise InvalidValue("eligibility.rule.threshold", field=field, value=str(raw))
        return frozenset(_number(v, unit, kind, field=field, unit_field=unit_field) for v in raw)
    return _number(raw, unit, kind, field=field, unit_field=unit_field)


def _number(value: object, unit: str, kind: FactKind, *, field: str, unit_field: str) -> int:
    try:
        return to_base(value, unit, kind.unit, field=field)
    except InvalidValue as error:
        if error.code == "eligibility.rule.wrong_unit":  # name the unit's line, not the number's
            raise InvalidValue(
                error.code, **{**error.params, "field": unit_field, "fact": kind.key}
            ) from None
        raise


def _code_threshold(
    raw: object,
    operator: Operator,
    lists: Mapping[str, frozenset[str]],
    *,
    field: str,
    fact: str,
    operator_field: str,
) -> Threshold:
    if operator is Operator.EQ:
        if not isinstance(raw, str) or not raw:
            raise InvalidValue("eligibility.rule.threshold", field=field, value=str(raw))
        return raw
    if operator is not Operator.IN:
        raise InvalidValue(
            "eligibility.rule.operator_for_code", field=operator_field, operator=operator.value, fact=fact
        )
    if isinstance(raw, str):  # the name of a list in [lists]
        if raw not in lists:
            raise InvalidValue("eligibility.rule.unknown_list", field=field, list=raw)
        return lists[raw]
    if not isinstance(raw, list) or not raw or not all(isinstance(c, str) and c for c in raw):
        raise InvalidValue("eligibility.rule.threshold", field=field, value=str(raw))
    return frozenset(raw)
