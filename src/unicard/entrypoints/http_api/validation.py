"""Pydantic's refusals of a request, as one ``request.invalid`` problem naming every bad field.

Pydantic's own messages are English only, so each error type maps to a catalog code that has
both languages; an unmapped type still names the field (``request.field_wrong``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from unicard.entrypoints.http_api.problems import LANGUAGES, Problem
from unicard.locale.catalog import Language, render

_CODES = {
    "missing": "request.field_missing",
    "extra_forbidden": "request.field_unknown",
    "json_invalid": "request.body_not_json",
    "model_attributes_type": "request.body_not_object",
    "model_type": "request.body_not_object",  # a JSON body validated by hand (the SMS webhook)
    "dict_type": "request.body_not_object",
    "string_type": "request.field_not_text",
    "int_type": "request.field_not_integer",
    "int_parsing": "request.field_not_integer",
    "int_from_float": "request.field_not_integer",
    "bool_type": "request.field_not_boolean",
    "bool_parsing": "request.field_not_boolean",
    "date_type": "request.field_not_date",
    "date_parsing": "request.field_not_date",
    "date_from_datetime_parsing": "request.field_not_date",
    "date_from_datetime_inexact": "request.field_not_date",
    "list_type": "request.field_not_list",
    "string_too_short": "request.field_too_short",
    "too_short": "request.field_too_short",
    "string_too_long": "request.field_too_long",
    "too_long": "request.field_too_long",
    "greater_than_equal": "request.field_too_small",
    "less_than_equal": "request.field_too_large",
    "enum": "request.field_not_allowed",
    "literal_error": "request.field_not_allowed",
}
_SEPARATOR: Mapping[Language, str] = {"ar": "؛ ", "en": "; "}


def problem_of(errors: Sequence[Any]) -> Problem:
    items = [_item(error) for error in errors]
    detail = {
        language: render(
            "request.invalid",
            {"problems": _SEPARATOR[language].join(str(item[f"detail_{language}"]) for item in items)},
            language,
        )
        for language in LANGUAGES
    }
    fields = list(dict.fromkeys(str(item["field"]) for item in items))
    return Problem(
        422,
        "request.invalid",
        detail,
        field=fields[0] if len(fields) == 1 else None,
        extensions={"errors": items},
    )


def _item(error: Mapping[str, Any]) -> dict[str, object]:
    """One bad field: where, which code, and what is wrong in both languages (never the input)."""
    code = _CODES.get(str(error.get("type")), "request.field_wrong")
    params = {"field": _field_name(error.get("loc", ())), **_limits(error.get("ctx") or {})}
    return {
        "field": params["field"],
        "code": code,
        **{f"detail_{language}": render(code, params, language) for language in LANGUAGES},
    }


def _field_name(loc: Sequence[str | int]) -> str:
    """``("body", "members", 0, "relation")`` → ``members.0.relation``; the body itself is ``body``."""
    if len(loc) <= 1 or not isinstance(loc[1], str):
        return str(loc[0]) if loc else "body"
    return ".".join(str(part) for part in loc[1:])


def _limits(ctx: Mapping[str, Any]) -> dict[str, object]:
    found = {
        "minimum": ctx.get("min_length", ctx.get("ge")),
        "maximum": ctx.get("max_length", ctx.get("le")),
        "allowed": ctx.get("expected"),
    }
    return {name: value for name, value in found.items() if value is not None}
