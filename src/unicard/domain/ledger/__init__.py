"""The ledger: one double-entry book, in three units, for money, bread and bread points.

Sign convention
===============

Every posting is a signed whole number of one :class:`Unit`: an amount **> 0 credits** the
account, an amount **< 0 debits** it, and 0 is never posted. A journal entry **balances** when,
for each unit separately, its amounts sum to zero (debits = credits per unit; a loaf never
balances a piaster). An account's **balance is the sum of its postings**, and it counts from the
owner's side: a positive balance is value the scheme holds for the owner and owes them; a
negative balance is value the owner has put into the scheme. Since every entry balances, each
unit also sums to zero across all accounts: value enters only as a funding account goes
negative by the same amount.

The ARCHITECTURE.md table reads directly: "a purchase debits the wallet and credits merchant
settlement" is ``.debit(wallet, n).credit(settlement, n)``, i.e. postings ``-n`` and ``+n``.

=====================  ===========  =========  =====  =========================================
kind                   unit         owner      floor  a positive balance is…
=====================  ===========  =========  =====  =========================================
WALLET                 EGP          citizen    0      what Egypt Post owes the citizen: money to
                                                      spend or withdraw
RATION_CREDIT          EGP          household  0      ration credit left to spend at the grocer
BREAD_QUOTA            LOAF         household  0      loaves the household may still draw
BREAD_POINTS           BREAD_POINT  household  0      grocer credit earned by undrawn loaves
MERCHANT_SETTLEMENT    EGP          merchant   none   what the scheme owes the merchant for sales
                                                      not yet paid out (negative: the merchant owes
                                                      refunds made after a payout)
BAKERY_SUBSIDY_CLAIM   EGP          merchant   none   subsidy the ministry owes the bakery
BAKERY_BREAD           LOAF         merchant   none   loaves the bakery has sold against quotas
HEALTH_PROVIDER        EGP          merchant   none   co-payments collected for the provider
BILLER                 EGP          merchant   none   bill payments collected for the biller
MINISTRY_FUNDING       EGP          system     none   (runs negative) the supply subsidy budget:
                                                      minus what the ministry has put in
BREAD_ISSUE            LOAF         system     none   (runs negative) minus the loaves granted as
                                                      quotas, net of those lapsed
BREAD_POINTS_ISSUE     BREAD_POINT  system     none   (runs negative) minus the bread points
                                                      granted, net of those spent or lapsed
G2P_FUNDING            EGP          system     none   (runs negative) minus the G2P payments paid
                                                      into wallets
POST_CASH              EGP          system     none   cash Egypt Post paid out of wallets, less the
                                                      cash it took in (negative: cash in drawers
                                                      that belongs in wallets)
SUSPENSE               EGP          system     none   money received that awaits its account
=====================  ===========  =========  =====  =========================================

Rules
=====

- An entry holds **one posting per account**: the constructor refuses a repeat, the builder
  merges repeated lines (:class:`EntryBuilder`). It refuses an empty entry, a zero or non-integer
  amount, an unbalanced unit, a missing id or policy version.
- A posting's unit must be its account's unit. The entry alone does not know its accounts, so
  the builder takes its units from the accounts, and :func:`apply` refuses a mismatch.
- A **floor** binds debits only: :func:`apply` refuses, whole, an entry whose debit would leave
  an account below its floor (:class:`InsufficientFunds`). Accounts without a floor take any debit,
  so a hot funding account can be split over many rows, each updated without a balance check.
- A posted entry never changes. A **reversal** is the mirror entry linked by ``reverses``; a
  reversal is never reversed and an entry is reversed at most once (:func:`check_reversible`).
  A reversal is a new entry under the same floors: reversing a deposit already spent is refused.
"""

from unicard.domain.ledger.accounts import (
    NO_FLOOR,
    NOT_BELOW_ZERO,
    Account,
    AccountId,
    AccountKind,
    BalanceRule,
    Owner,
    OwnerType,
)
from unicard.domain.ledger.balances import apply
from unicard.domain.ledger.builder import EntryBuilder
from unicard.domain.ledger.check import discrepancies, first_discrepancy
from unicard.domain.ledger.discrepancy import CheckRule, Discrepancy
from unicard.domain.ledger.entries import EntryId, EntryKind, JournalEntry, PostedEntry, Posting
from unicard.domain.ledger.errors import (
    DuplicateEntry,
    InsufficientFunds,
    InvalidEntry,
    ReversalRefused,
    UnknownAccount,
    UnknownEntry,
)
from unicard.domain.ledger.memory import InMemoryLedger
from unicard.domain.ledger.reversal import check_reversible, is_mirror, reverse
from unicard.domain.ledger.units import Unit

__all__ = [
    "NOT_BELOW_ZERO",
    "NO_FLOOR",
    "Account",
    "AccountId",
    "AccountKind",
    "BalanceRule",
    "CheckRule",
    "Discrepancy",
    "DuplicateEntry",
    "EntryBuilder",
    "EntryId",
    "EntryKind",
    "InMemoryLedger",
    "InsufficientFunds",
    "InvalidEntry",
    "JournalEntry",
    "Owner",
    "OwnerType",
    "PostedEntry",
    "Posting",
    "ReversalRefused",
    "Unit",
    "UnknownAccount",
    "UnknownEntry",
    "apply",
    "check_reversible",
    "discrepancies",
    "first_discrepancy",
    "is_mirror",
    "reverse",
]
