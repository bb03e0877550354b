"""Every code the ledger raises has Arabic and English words that its real params fill."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.unit.domain.ledger.chart import AHMED, AHMED_WALLET, ALL, BY_ID, HOUSEHOLD, POLICY, deposit
from unicard.domain import ledger as ledger_package
from unicard.domain.ledger import (
    Account,
    AccountKind,
    EntryBuilder,
    EntryKind,
    InMemoryLedger,
    JournalEntry,
    Owner,
    OwnerType,
    Posting,
    Unit,
    apply,
    reverse,
)
from unicard.domain.shared.errors import DomainError
from unicard.locale.catalog import MESSAGES, Language, describe

SOURCE = Path(ledger_package.__file__).parent
_CODE_LITERAL = re.compile(r"\w\(\s*\"(ledger\.[a-z_.]+)\"")
RAISED = {code for path in SOURCE.glob("*.py") for code in _CODE_LITERAL.findall(path.read_text("utf-8"))}
FLOORED = [kind for kind in AccountKind if kind.rule.floor is not None]
LANGUAGES: tuple[Language, ...] = ("ar", "en")


def _posted(*entries: JournalEntry) -> InMemoryLedger:
    ledger = InMemoryLedger(ALL)
    for entry in entries:
        ledger.post(entry)
    return ledger


def _pair(unit: Unit = Unit.EGP, a: str = "a", b: str = "b") -> tuple[Posting, Posting]:
    return Posting(a, unit, -1), Posting(b, unit, 1)


def _entry(*postings: Posting, kind: EntryKind = EntryKind.PURCHASE, **fields: object) -> JournalEntry:
    return JournalEntry("t", kind, postings, POLICY, **fields)  # type: ignore[arg-type]


DEPOSIT = deposit("d-1", 5).build()
UNDO = reverse(DEPOSIT, entry_id="r-1")

PROVOKE: dict[str, Callable[[], object]] = {
    "ledger.owner_id_missing": lambda: Owner.household(""),
    "ledger.account_id_missing": lambda: Account("", AccountKind.WALLET, AHMED),
    "ledger.owner_mismatch": lambda: Account("w", AccountKind.WALLET, HOUSEHOLD),
    "ledger.account_exists": lambda: InMemoryLedger([AHMED_WALLET, AHMED_WALLET]),
    "ledger.unknown_account": lambda: InMemoryLedger().balance("ghost"),
    "ledger.amount_not_integer": lambda: Posting("a", Unit.EGP, 1.5),  # type: ignore[arg-type]
    "ledger.amount_not_positive": lambda: EntryBuilder("t", EntryKind.DEPOSIT, POLICY).credit(
        AHMED_WALLET, 0
    ),
    "ledger.zero_posting": lambda: Posting("a", Unit.EGP, 0),
    "ledger.entry_id_missing": lambda: JournalEntry("", EntryKind.PURCHASE, _pair(), POLICY),
    "ledger.policy_version_missing": lambda: JournalEntry("t", EntryKind.PURCHASE, _pair(), ""),
    "ledger.reversal_link": lambda: _entry(*_pair(), kind=EntryKind.REVERSAL),
    "ledger.no_postings": _entry,
    "ledger.account_repeated": lambda: _entry(*_pair(), *_pair()),
    "ledger.unbalanced": lambda: _entry(Posting("a", Unit.LOAF, -1), Posting("b", Unit.EGP, 1)),
    "ledger.unit_mismatch": lambda: apply({}, _entry(*_pair(Unit.LOAF, a=AHMED_WALLET.id)), BY_ID),
    "ledger.duplicate_entry": lambda: _posted(DEPOSIT, DEPOSIT),
    "ledger.unknown_entry": lambda: InMemoryLedger().entry("t"),
    "ledger.already_reversed": lambda: _posted(DEPOSIT, UNDO).reverse("d-1", reversal_id="r-2"),
    "ledger.reversal_of_reversal": lambda: reverse(UNDO, entry_id="r-2"),
    "ledger.not_a_mirror": lambda: _posted(DEPOSIT).post(
        JournalEntry("r-1", EntryKind.REVERSAL, DEPOSIT.postings, POLICY, reverses="d-1")
    ),
}


def _insufficient(kind: AccountKind) -> DomainError:
    """Debit one unit from an empty account of ``kind`` into a funding account of its unit."""
    empty = Account("empty", kind, Owner(kind.owner_type, "x"))
    funder_kind = next(k for k in AccountKind if k.unit is kind.unit and k.owner_type is OwnerType.SYSTEM)
    funder = Account("funder", funder_kind, Owner.system("s"))
    with pytest.raises(DomainError) as caught:
        apply({}, _entry(*_pair(kind.unit, a="empty", b="funder")), {"empty": empty, "funder": funder})
    return caught.value


def provoke(code: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        PROVOKE[code]()
    assert caught.value.code == code
    return caught.value


class TestCoverage:
    def test_finds_the_codes_in_the_source(self) -> None:
        assert {"ledger.unbalanced", "ledger.zero_posting", "ledger.already_reversed"} <= RAISED

    def test_every_raised_code_can_be_provoked_here(self) -> None:
        assert set(PROVOKE) == RAISED

    @pytest.mark.parametrize("code", sorted(RAISED))
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_real_params_fill_every_field(self, code: str, language: Language) -> None:
        assert code in MESSAGES, f"add {code!r} to unicard/locale/messages/ledger.py"
        text = describe(provoke(code), language)
        assert "{" not in text
        assert "}" not in text


class TestInsufficientFunds:
    def test_only_citizen_and_household_accounts_have_a_floor(self) -> None:
        assert {kind.value for kind in FLOORED} == {"wallet", "ration_credit", "bread_quota", "bread_points"}

    @pytest.mark.parametrize("kind", FLOORED, ids=str)
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_floored_kind_has_its_own_words(self, kind: AccountKind, language: Language) -> None:
        error = _insufficient(kind)
        assert error.code == f"ledger.insufficient_funds.{kind.value}"
        assert error.code in MESSAGES
        assert "{" not in describe(error, language)

    def test_the_arabic_decline_for_bread_speaks_of_loaves(self) -> None:
        assert "الخبز" in describe(_insufficient(AccountKind.BREAD_QUOTA), "ar")
