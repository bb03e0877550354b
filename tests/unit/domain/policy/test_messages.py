"""Every refusal of the policy code reads in Arabic and English, with each field filled."""

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import unicard
from tests.unit.domain.policy.examples import (
    ACCEPTED,
    COPAYMENTS,
    bread,
    catalog,
    health,
    item,
    pin,
    policy,
    ration,
    verification,
    wallet,
)
from unicard.adapters.policy_files import (
    load_book,
    parse_book,
    policy_from_json,
    policy_from_plain,
    policy_to_plain,
)
from unicard.domain.policy import Catalog, Cvm, Limit, PolicyBook, VerifiedTransaction, VisitType
from unicard.domain.shared.errors import DomainError
from unicard.domain.shared.money import Money
from unicard.locale.catalog import MESSAGES, Language, describe

PACKAGE = Path(unicard.__file__).parent
SOURCES = [
    *(PACKAGE / "domain" / "policy").glob("*.py"),
    *(PACKAGE / "adapters" / "policy_files").glob("*.py"),
]
RAISED = {
    code for path in SOURCES for code in re.findall(r'"(policy(?:_file)?\.[a-z_]+)"', path.read_text("utf-8"))
}


def _from_plain(change: Callable[[dict[str, Any]], object]) -> Callable[[], object]:
    def provoke() -> object:
        data = policy_to_plain(policy())
        change(data)
        return policy_from_plain(data)

    return provoke


PROVOKE: dict[str, Callable[[], object]] = {
    "policy.below": lambda: pin(min_length=6, max_length=4),
    "policy.card_only_combined": lambda: verification(
        accepted=ACCEPTED | {VerifiedTransaction.PURCHASE: frozenset({Cvm.CARD_ONLY, Cvm.PIN})}
    ),
    "policy.catalog_empty": lambda: Catalog(()),
    "policy.code_format": lambda: item("Sugar"),
    "policy.day_below_transaction": lambda: wallet(purchase=Limit(Money(10), Money(5))),
    "policy.duplicate_choice": _from_plain(lambda data: data["health"].update(exempt=["minor", "minor"])),
    "policy.duplicate_code": lambda: Catalog((item(), item())),
    "policy.duplicate_effective_from": lambda: PolicyBook.of([policy(), policy(version="b")]),
    "policy.duplicate_version": lambda: PolicyBook.of([policy(), policy(effective_from=dt.date(2030, 1, 1))]),
    "policy.json_syntax": lambda: policy_from_json("{"),
    "policy.missing_entry": lambda: health(copayments={VisitType.IMAGING: COPAYMENTS[VisitType.IMAGING]}),
    "policy.missing_field": _from_plain(lambda data: data.pop("bread")),
    "policy.misspelt_field": _from_plain(lambda data: data.update(breadd=data.pop("bread"))),
    "policy.negative": lambda: bread(citizen_price_per_loaf=Money(-1)),
    "policy.no_methods": lambda: verification(
        accepted=ACCEPTED | {VerifiedTransaction.PURCHASE: frozenset()}
    ),
    "policy.no_versions": lambda: PolicyBook().in_force(dt.date(2024, 1, 1)),
    "policy.not_arabic": lambda: item(name_ar="Sugar"),
    "policy.not_date": _from_plain(lambda data: data.update(effective_from="soon")),
    "policy.not_in_force": lambda: PolicyBook.of([policy()]).in_force(dt.date(2000, 1, 1)),
    "policy.not_integer": lambda: ration().credit(2.5),  # type: ignore[arg-type]
    "policy.not_list": _from_plain(lambda data: data["health"].update(exempt="minor")),
    "policy.not_positive": lambda: bread(loaves_per_member_per_day=0),
    "policy.not_table": _from_plain(lambda data: data.update(bread=5)),
    "policy.not_text": _from_plain(lambda data: data.update(version=7)),
    "policy.out_of_range": lambda: bread(last_days_of_month=40),
    "policy.price_above_cost": lambda: bread(citizen_price_per_loaf=Money(500)),
    "policy.repeated_key": lambda: policy_from_json('{"a": 1, "a": 2}'),
    "policy.retroactive": lambda: PolicyBook().add(policy(), today=dt.date(2025, 1, 1)),
    "policy.text_missing": lambda: item(name_en=" "),
    "policy.unconfirmed_without_source": lambda: policy(sources={}, unconfirmed=frozenset({"bread"})),
    "policy.unknown_choice": _from_plain(lambda data: data["catalog"]["sugar"].update(unit="sack")),
    "policy.unknown_field": _from_plain(lambda data: data.update(colour="blue")),
    "policy.unknown_item": lambda: catalog().item("caviar"),
    "policy.unknown_key": lambda: policy(sources={"nowhere": "x"}, unconfirmed=frozenset()),
    "policy.unknown_version": lambda: PolicyBook().version("x"),
    "policy.version_format": lambda: policy(version="no spaces"),
    "policy_file.syntax": lambda: parse_book("[[policy]\n", file="f.toml"),
    "policy_file.unreadable": lambda: load_book(Path("/nonexistent/benefits.toml")),
}


def provoke(code: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        PROVOKE[code]()
    assert caught.value.code == code
    return caught.value


def test_finds_the_codes_in_the_source() -> None:
    assert {"policy.price_above_cost", "policy.retroactive", "policy_file.syntax"} <= RAISED


def test_every_raised_code_can_be_provoked_here() -> None:
    assert set(PROVOKE) == RAISED


def test_every_message_belongs_to_a_raised_code() -> None:
    assert {code for code in MESSAGES if code.startswith(("policy.", "policy_file."))} == RAISED


@pytest.mark.parametrize("code", sorted(RAISED))
@pytest.mark.parametrize("language", ["ar", "en"])
def test_real_params_fill_every_field(code: str, language: Language) -> None:
    text = describe(provoke(code), language)
    assert "{" not in text
    assert "}" not in text
