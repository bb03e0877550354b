"""A household's entitlements, a citizen's wallet and their transaction histories, as the API shows them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pydantic import BaseModel, Field

from unicard.domain.shared.money import Money
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.services.ledger import StatementLine
from unicard.services.payments.ports import StoredTransaction
from unicard.services.payments.queries import EntitlementsView, HistoryPage, StatementPage, WalletView


class AmountOut(BaseModel):
    piasters: int = Field(description="The amount in piasters (100 = EGP 1); bread points count the same.")
    ar: str = Field(description="Formatted in Arabic, e.g. ١٢٥٫٠٠ ج.م.")
    en: str = Field(description="Formatted in English, e.g. EGP 125.00")

    @classmethod
    def of(cls, money: Money) -> AmountOut:
        return cls(piasters=money.piasters, ar=money.format("ar"), en=money.format("en"))

    @classmethod
    def maybe(cls, money: Money | None) -> AmountOut | None:
        return None if money is None else cls.of(money)


class EntitlementsOut(BaseModel):
    household: str
    governorate: str
    period: str = Field(description="The current month, YYYY-MM (Africa/Cairo).")
    status: str = Field(
        description="opened, or not_opened: the household has not used this month yet; the granted "
        "figures are what its first transaction would grant, and nothing is left yet (nulls)."
    )
    members: int = Field(description="Members counted for the month (at its start).")
    policy_version: str
    loaves_granted: int
    loaves_left: int | None
    loaves_left_today: int | None = Field(description="Loaves the household may still draw today.")
    ration_credit_granted: AmountOut
    ration_credit_left: AmountOut | None
    bread_points_granted: AmountOut = Field(description="Points earned by last month's undrawn bread.")
    bread_points_left: AmountOut | None

    @classmethod
    def of(cls, view: EntitlementsView) -> EntitlementsOut:
        return cls(
            household=view.household,
            governorate=view.governorate,
            period=view.period.name,
            status="opened" if view.opened else "not_opened",
            members=view.members,
            policy_version=view.policy_version,
            loaves_granted=view.loaves_granted,
            loaves_left=view.loaves_left,
            loaves_left_today=view.loaves_left_today,
            ration_credit_granted=AmountOut.of(view.ration_credit_granted),
            ration_credit_left=AmountOut.maybe(view.ration_credit_left),
            bread_points_granted=AmountOut.of(view.bread_points_granted),
            bread_points_left=AmountOut.maybe(view.bread_points_left),
        )


class WalletOut(BaseModel):
    national_id: str = Field(description="Masked (last digits) for auditors.")
    balance: AmountOut
    max_balance: AmountOut = Field(description="The most the wallet may hold, by the policy in force.")
    policy_version: str

    @classmethod
    def of(cls, view: WalletView, disclosure: Disclosure) -> WalletOut:
        return cls(
            national_id=disclosure.national_id(view.national_id),
            balance=AmountOut.of(view.balance),
            max_balance=AmountOut.of(view.max_balance),
            policy_version=view.policy_version,
        )


class TransactionOut(BaseModel):
    id: str
    type: str
    created_at: dt.datetime
    response_code: str
    approved: bool
    reason: str | None = Field(description="Decline reason code, when declined.")
    terminal_id: str
    national_id: str | None = Field(description="The cardholder; masked for auditors.")
    household: str | None
    amount: AmountOut | None
    loaves: int | None
    reverses: str | None

    @classmethod
    def of(cls, stored: StoredTransaction, disclosure: Disclosure) -> TransactionOut:
        nid = stored.citizen_national_id
        return cls(
            id=stored.id,
            type=stored.type.value,
            created_at=stored.created_at,
            response_code=stored.answer.response.value,
            approved=stored.answer.approved,
            reason=stored.answer.reason,
            terminal_id=stored.terminal_id,
            national_id=disclosure.national_id(nid) if nid else None,
            household=stored.household_number,
            amount=None if stored.amount is None else AmountOut.of(Money(stored.amount)),
            loaves=stored.loaves,
            reverses=stored.reverses,
        )


class HistoryOut(BaseModel):
    items: Sequence[TransactionOut] = Field(description="Newest first.")
    next_before: str | None = Field(
        description="Pass as ?before= for the next, older page; null on the last."
    )

    @classmethod
    def of(cls, page: HistoryPage, disclosure: Disclosure) -> HistoryOut:
        return cls(
            items=[TransactionOut.of(item, disclosure) for item in page.items], next_before=page.next_before
        )


class StatementLineOut(BaseModel):
    posting_id: int
    entry_id: str = Field(description="The journal entry; for a card transaction, its transaction id.")
    kind: str = Field(description="What moved the money: bread_purchase, deposit, g2p_payment, …")
    memo: str
    amount: AmountOut = Field(description="Positive: credited to the wallet; negative: debited.")
    posted_at: dt.datetime

    @classmethod
    def of(cls, line: StatementLine) -> StatementLineOut:
        return cls(
            posting_id=line.posting_id,
            entry_id=line.entry_id,
            kind=line.kind.value,
            memo=line.memo,
            amount=AmountOut.of(Money(line.amount)),
            posted_at=line.posted_at,
        )


class StatementOut(BaseModel):
    national_id: str = Field(description="Masked (last digits) for auditors.")
    lines: Sequence[StatementLineOut] = Field(description="Oldest first.")
    next_after: int | None = Field(description="Pass as ?after= for the next, newer page; null on the last.")

    @classmethod
    def of(cls, national_id: str, page: StatementPage, disclosure: Disclosure) -> StatementOut:
        return cls(
            national_id=disclosure.national_id(national_id),
            lines=[StatementLineOut.of(line) for line in page.lines],
            next_after=page.next_after,
        )
