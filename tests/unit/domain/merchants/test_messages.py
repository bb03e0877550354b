"""Every code the merchant pieces raise has Arabic and English words; domain codes are tried with
the params the domain really sends."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import unicard
from unicard.domain.merchants import (
    Merchant,
    MerchantKind,
    MerchantStatus,
    Terminal,
    TerminalStatus,
    check_may_transact,
    merchant_id,
    parse_kind,
    parse_merchant_id,
    parse_status,
    parse_terminal_id,
    parse_terminal_status,
    terminal_id,
)
from unicard.domain.shared.errors import DomainError
from unicard.locale.catalog import MESSAGES, Language, describe

ROOT = Path(unicard.__file__).parent
SOURCES = [
    *sorted((ROOT / "domain" / "merchants").glob("*.py")),
    *(
        ROOT / "services" / name
        for name in ("merchants.py", "merchant_access.py", "terminals.py", "grocers.py")
    ),
    *(ROOT / "services" / "imports" / name for name in ("merchants.py", "merchant_rows.py")),
    ROOT / "adapters" / "db" / "merchants.py",
    ROOT / "adapters" / "security" / "terminal_secrets.py",
]
_CODE = re.compile(
    r"\"((?:merchant|terminal|grocer)\.[a-z_]+|import\.(?:merchant|terminals|secrets)[a-z_]*)\""
)
# Audit actions look like codes but are never shown to anyone as a message.
AUDIT_ACTIONS = {
    "merchant.create",
    "merchant.update",
    "terminal.create",
    "terminal.rotate_secret",
    "terminal.set_status",
    "import.merchants",
}
FOUND = {code for path in SOURCES for code in _CODE.findall(path.read_text("utf-8"))}
RAISED = FOUND - AUDIT_ACTIONS
LANGUAGES: tuple[Language, ...] = ("ar", "en")

BAKERY = Merchant.create(id="BKR-03-000001", kind=MerchantKind.BAKERY, name_ar="مخبز الأمل", governorate="03")
TERMINAL = Terminal.install(BAKERY, 1)


def _bakery(**fields: str) -> Callable[[], object]:
    values = {"id": "BKR-03-000001", "name_ar": "مخبز الأمل", "governorate": "03", **fields}
    return lambda: Merchant.create(kind=MerchantKind.BAKERY, **values)


PROVOKE: dict[str, Callable[[], object]] = {
    "merchant.id_format": lambda: parse_merchant_id("BKR-3-1"),
    "merchant.id_prefix": lambda: parse_merchant_id("XYZ-03-000001"),
    "merchant.id_governorate": lambda: parse_merchant_id("BKR-99-000001"),
    "merchant.id_kind": _bakery(id="GRC-03-000001"),
    "merchant.id_governorate_differs": _bakery(id="BKR-01-000001"),
    "merchant.serial_exhausted": lambda: merchant_id(MerchantKind.BAKERY, "03", 1_000_000),
    "merchant.kind": lambda: parse_kind("pharmacy"),
    "merchant.status": lambda: parse_status("gone"),
    "merchant.governorate": _bakery(governorate="99"),
    "merchant.name_ar_missing": _bakery(name_ar=""),
    "merchant.name_ar_not_arabic": _bakery(name_ar="Amal"),
    "merchant.name_en_arabic": _bakery(name_en="الأمل"),
    "merchant.name_too_long": _bakery(name_ar="مخبز" * 40),
    "merchant.closed": lambda: BAKERY.with_status(MerchantStatus.CLOSED).renamed(name_ar="مخبز"),
    "terminal.id_format": lambda: parse_terminal_id("T-1"),
    "terminal.number_exhausted": lambda: terminal_id(BAKERY.id, 100),
    "terminal.status": lambda: parse_terminal_status("lost"),
    "terminal.retired_for_good": lambda: TERMINAL.with_status(TerminalStatus.RETIRED).with_status(
        TerminalStatus.ACTIVE
    ),
    "terminal.retired": lambda: check_may_transact(TERMINAL.with_status(TerminalStatus.RETIRED), BAKERY),
    "terminal.suspended": lambda: check_may_transact(TERMINAL.with_status(TerminalStatus.SUSPENDED), BAKERY),
    "terminal.merchant_closed": lambda: check_may_transact(
        TERMINAL, BAKERY.with_status(MerchantStatus.CLOSED)
    ),
    "terminal.merchant_suspended": lambda: check_may_transact(
        TERMINAL, BAKERY.with_status(MerchantStatus.SUSPENDED)
    ),
}


def provoke(code: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        PROVOKE[code]()
    assert caught.value.code == code
    return caught.value


def test_finds_the_codes_in_the_source() -> None:
    # Guards the regex: if it stopped matching, the tests below would pass vacuously.
    assert {"merchant.id_format", "terminal.bad_credentials", "grocer.other_governorate"} <= RAISED
    assert {"import.merchant_name_repeated", "import.secrets_file_exists"} <= RAISED


@pytest.mark.parametrize("code", sorted(RAISED))
def test_every_code_has_arabic_and_english(code: str) -> None:
    assert code in MESSAGES, f"add {code!r} to unicard/locale/messages/merchants.py"


@pytest.mark.parametrize("code", sorted(PROVOKE))
@pytest.mark.parametrize("language", LANGUAGES)
def test_real_params_fill_every_field(code: str, language: Language) -> None:
    text = describe(provoke(code), language)
    assert "{" not in text
    assert "}" not in text
