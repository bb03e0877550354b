"""Every code the API can answer with has Arabic and English words in the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import unicard
from unicard.adapters.db import integrity
from unicard.entrypoints.http_api import problems, validation
from unicard.locale.catalog import MESSAGES, render

SOURCE = Path(unicard.__file__).parent
RAISING = [
    "services",
    "domain/registry",
    "domain/operators",
    "adapters/db",
    "adapters/security",
    "entrypoints/http_api",
]
_RAISED = re.compile(
    r"\b(?:Conflict|NotFound|Forbidden|InvalidValue|AuthenticationFailed|DomainError)\(\s*\"([^\"]+)\""
)
_PROBLEM = re.compile(r"Problem\.of\(\s*\d+,\s*\"([^\"]+)\"")


def codes_in_source() -> set[str]:
    codes: set[str] = set()
    for folder in RAISING:
        for path in (SOURCE / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            codes |= set(_RAISED.findall(text)) | set(_PROBLEM.findall(text))
    return codes


RAISED = codes_in_source()
BACKSTOP = {*integrity._CODES.values(), "database.constraint"}
HTTP = {*validation._CODES.values(), "request.field_wrong", *problems._TITLES.values()}


def test_the_scan_finds_codes() -> None:
    # Guards the regexes: if they stopped matching, the test below would pass vacuously.
    assert {"citizen.duplicate", "auth.bad_credentials", "auth.token_expired", "server.internal"} <= RAISED


@pytest.mark.parametrize("code", sorted(RAISED | BACKSTOP | HTTP))
def test_code_has_arabic_and_english(code: str) -> None:
    assert code in MESSAGES, f"add {code!r} to unicard/locale/messages/"


@pytest.mark.parametrize("code", sorted(BACKSTOP))
@pytest.mark.parametrize("language", ["ar", "en"])
def test_database_backstop_codes_read_whole_with_only_the_constraint(code: str, language: str) -> None:
    # integrity.py knows only the constraint name, not the values the use case would have named.
    text = render(code, {"constraint": "uq_x"}, language)  # type: ignore[arg-type]
    assert "{" not in text
