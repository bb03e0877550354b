"""Legacy ration cards: the household's old card, another credential on the same entitlement (M13).

The old card keeps rations and bread flowing for families who have not collected the unified
card. It draws only what the household's ration card always drew — bread and rations, paid from
the household's quota and ration credit or in cash — never a wallet, a purchase, cash or health,
and it is declined for good once a member's unified card can draw supply itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import CardService, TransactionType
from unicard.domain.shared.errors import InvalidValue

_NUMBER = re.compile(r"^\d{6,20}$")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

#: What a legacy card may do: what the old ration card did.
LEGACY_TRANSACTIONS = frozenset({TransactionType.BREAD_PURCHASE, TransactionType.RATION_REDEMPTION})


def parse_legacy_number(raw: str) -> str:
    number = raw.strip().translate(_TO_ASCII)
    if not _NUMBER.match(number):
        raise InvalidValue("legacy.card_number", field="legacy_card_number", value=raw)
    return number


@dataclass(frozen=True, slots=True)
class LegacyCard:
    number: str
    token: str  # what transactions record, like a unified card's token
    household_number: str
    governorate: str  # the household's: where supply must be rolled out to supersede this card
    holder_national_id: str | None  # the household's head: notices go to them

    @property
    def last4(self) -> str:
        return self.number[-4:]

    def check_usable_for(self, transaction: TransactionType, *, wallet_asked: bool, superseded: bool) -> None:
        """Raise :class:`Declined` unless the old card may make ``transaction``.

        ``wallet_asked``: the request would pay from a wallet (bread paid by wallet, a ration
        remainder from the wallet). ``superseded``: a member's unified card has the supply
        service active and rolled out — from then on the family uses that card.
        """
        if transaction not in LEGACY_TRANSACTIONS:
            raise Declined(
                ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "legacy.not_allowed", type=transaction.value
            )
        if wallet_asked:
            raise Declined(ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "legacy.no_wallet")
        if superseded:
            raise Declined(ResponseCode.RESTRICTED_CARD, "legacy.use_new_card", last4=self.last4)
        if self.holder_national_id is None:
            raise Declined(ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "supply.no_household")

    def as_card(self) -> Card:
        """The old card as the transaction handlers see a card: the holder, supply only."""
        if self.holder_national_id is None:
            raise Declined(ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "supply.no_household")
        return Card(
            token=self.token,
            last4=self.last4,
            citizen_national_id=self.holder_national_id,
            status=CardStatus.ACTIVE,
            expires_on=dt.date.max,
            services=frozenset({CardService.SUPPLY}),
        )
