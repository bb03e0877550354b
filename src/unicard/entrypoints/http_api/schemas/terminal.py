"""The terminal API's request and answer, as a bakery, grocer, POS or ATM sends and prints them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.ration import BasketLine
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.money import Language, Money
from unicard.services.payments.requests import Answer, AuthorizationRequest

Piasters = Annotated[int, Field(gt=0, le=100_000_000, description="An amount in piasters (100 = EGP 1).")]


class CardRead(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pan: str = Field(min_length=12, max_length=19, pattern=r"^\d+$", description="The card number as read.")


class LegacyCardRead(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(
        min_length=6, max_length=20, pattern=r"^\d+$", description="The old ration card's number as read."
    )


class BasketItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item: str = Field(min_length=1, max_length=32, description="A catalog code, e.g. sugar.")
    quantity: int = Field(gt=0, le=100)


class TransactionIn(BaseModel):
    """One request; which fields matter depends on ``type``."""

    model_config = ConfigDict(extra="forbid")
    type: TransactionType
    card: CardRead | None = Field(
        default=None, description="The unified card; required except for a reversal or a legacy card."
    )
    legacy_card: LegacyCardRead | None = Field(
        default=None,
        description=(
            "Instead of `card`: a legacy ration card, for bread and rations only (no wallet), "
            "until a member of the household has a unified card with supply switched on."
        ),
    )
    loaves: int | None = Field(default=None, gt=0, le=200, description="Bread purchase: loaves.")
    pay_with: PayWith = Field(
        default=PayWith.CASH, description="Bread: the citizen's price from the wallet or in cash."
    )
    basket: list[BasketItem] = Field(default_factory=list, max_length=30, description="Ration redemption.")
    use_wallet: bool = Field(default=False, description="Ration: pay any remainder from the wallet.")
    amount: Piasters | None = Field(
        default=None, description="Purchase, cash, deposit, bill; a visit's cost."
    )
    bill_reference: str | None = Field(default=None, max_length=64)
    visit_type: str | None = Field(
        default=None, max_length=32, description="Health visit type, e.g. specialist."
    )
    original_transaction_id: str | None = Field(default=None, max_length=32, description="Reversal.")
    cardholder: dict[str, str] = Field(
        default_factory=dict,
        description="Cardholder verification data (cryptogram, PIN block), when required.",
    )

    def to_request(self) -> AuthorizationRequest:
        return AuthorizationRequest(
            type=self.type,
            pan=self.card.pan if self.card else None,
            loaves=self.loaves,
            pay_with=self.pay_with,
            basket=tuple(BasketLine(line.item, line.quantity) for line in self.basket),
            amount=Money(self.amount) if self.amount is not None else None,
            use_wallet=self.use_wallet,
            bill_reference=self.bill_reference,
            visit_type=self.visit_type,
            original_transaction_id=self.original_transaction_id,
            cardholder=dict(self.cardholder),
            legacy_card=self.legacy_card.number if self.legacy_card else None,
        )


class TransactionOut(BaseModel):
    transaction_id: str
    response_code: str = Field(
        description="ISO 8583 field 39: 00 approved, 51 insufficient funds or quota, …"
    )
    approved: bool
    message: str = Field(description="What to show, in the negotiated language.")
    message_ar: str
    message_en: str
    reason: str | None = Field(description="Why it was declined, as a stable code (e.g. bread.daily_quota).")
    receipt: dict[str, int | str | None] = Field(
        description="What the terminal prints: amounts in piasters, loaves left today and this month."
    )
    policy_version: str | None
    replayed: bool = Field(
        description="True when this answers a retry of an earlier request with the same key."
    )
    issuer_authentication: str | None = Field(
        default=None,
        description=(
            "EMV tag 91 for the card's second GENERATE AC, hex: ARPC and ARC (TDES cards) or ARPC "
            "and CSU (AES cards). Null unless the request carried the card's genuine cryptogram."
        ),
    )

    @classmethod
    def of(cls, answer: Answer, messages: Mapping[Language, str], language: Language) -> TransactionOut:
        return cls(
            transaction_id=answer.transaction_id,
            response_code=answer.response.value,
            approved=answer.approved,
            message=messages[language],
            message_ar=messages["ar"],
            message_en=messages["en"],
            reason=answer.reason,
            receipt=_printable(answer.receipt),
            policy_version=answer.policy_version,
            replayed=answer.replayed,
            issuer_authentication=answer.issuer_authentication.hex().upper()
            if answer.issuer_authentication
            else None,
        )


def _printable(receipt: Mapping[str, object]) -> dict[str, int | str | None]:
    return {key: _printable_value(value) for key, value in receipt.items()}


def _printable_value(value: object) -> int | str | None:
    if isinstance(value, Money):
        return value.piasters
    if value is None or isinstance(value, int | str):
        return value
    return str(value)
