"""Every code card security raises has its Arabic and English words."""

import re
from pathlib import Path

import pytest

from unicard.locale import catalog
from unicard.locale.catalog import MESSAGES

SRC = Path(catalog.__file__).parents[1]
MODULES = [
    *sorted((SRC / "domain" / "cards").rglob("*.py")),
    *sorted((SRC / "services" / "cards").rglob("*.py")),
    SRC / "adapters" / "cards" / "virtual_card.py",
    SRC / "entrypoints" / "cli" / "card.py",
]
# Codes are raised as the first argument of an error, or the second of Declined(response, code).
_CODE = re.compile(r"\"((?:emv|pin|keys|cvm)\.[a-z_]+)\"")
RAISED = sorted({code for path in MODULES for code in _CODE.findall(path.read_text(encoding="utf-8"))})


def test_the_scan_finds_codes() -> None:
    assert {"emv.atc_replayed", "pin.block_format", "keys.length", "cvm.required"} <= set(RAISED)


@pytest.mark.parametrize("code", RAISED)
def test_has_both_languages(code: str) -> None:
    arabic, english = MESSAGES[code]
    assert arabic.strip()
    assert english.strip()
    assert arabic != english
