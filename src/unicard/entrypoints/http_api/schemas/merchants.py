"""Merchants, terminals and grocer assignment as the API reads and writes them.

No response carries a terminal secret's hash; only the two "issue" answers carry a secret, once.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from unicard.domain.ledger.accounts import AccountKind
from unicard.domain.merchants import Merchant, MerchantKind, MerchantStatus, Terminal, TerminalStatus
from unicard.domain.merchants import settlement_account_kinds as account_kinds
from unicard.domain.payments.types import TransactionType
from unicard.entrypoints.http_api.schemas.common import REASON, GovernorateOut, RequestBody
from unicard.services.merchants import MerchantChanges, MerchantDetails, MerchantView
from unicard.services.terminals import IssuedTerminal

MERCHANT_ID_DOC = "Kind prefix, governorate and serial, e.g. BKR-03-000123 (a bakery of Port Said)."


class MerchantCreation(RequestBody):
    kind: MerchantKind
    name_ar: str = Field(max_length=120, description="The name on the shop front, in Arabic.")
    name_en: str | None = Field(None, max_length=120, description="The name in Latin letters, if any.")
    governorate: str = Field(description="Two-digit governorate code, e.g. 03 for Port Said.")
    id: str | None = Field(
        None, description=f"Leave out to draw the next serial. {MERCHANT_ID_DOC}", examples=[None]
    )
    reason: Annotated[str, REASON] = "new merchant"

    def details(self) -> MerchantDetails:
        return MerchantDetails(self.kind, self.name_ar, self.governorate, self.name_en, self.id)


class MerchantUpdate(RequestBody):
    name_ar: str | None = Field(None, max_length=120)
    name_en: str | None = Field(None, max_length=120, description="null removes the English name.")
    status: MerchantStatus | None = Field(
        None, description="suspended bars its terminals until it is active again; closed is for good."
    )
    reason: Annotated[str, REASON] = Field(examples=["failed hygiene inspection"])

    def changes(self) -> MerchantChanges:
        clear = "name_en" in self.model_fields_set and self.name_en is None
        return MerchantChanges(self.name_ar, self.name_en, clear, self.status)


class TerminalOut(BaseModel):
    id: str = Field(description="T-, the merchant id and the terminal's number: T-BKR-03-000123-01.")
    merchant_id: str
    status: TerminalStatus

    @classmethod
    def of(cls, terminal: Terminal) -> TerminalOut:
        return cls(id=terminal.id, merchant_id=terminal.merchant_id, status=terminal.status)


class MerchantOut(BaseModel):
    id: str = Field(description=MERCHANT_ID_DOC)
    kind: MerchantKind
    name_ar: str
    name_en: str | None
    governorate: GovernorateOut
    status: MerchantStatus
    accepts: list[TransactionType] = Field(description="Transaction types its terminals may send.")
    settlement_accounts: list[AccountKind] = Field(description="The ledger accounts it holds.")

    @classmethod
    def of(cls, merchant: Merchant) -> MerchantOut:
        return cls(
            id=merchant.id,
            kind=merchant.kind,
            name_ar=merchant.name_ar,
            name_en=merchant.name_en,
            governorate=GovernorateOut.of(merchant.governorate),
            status=merchant.status,
            accepts=sorted(merchant.kind.accepts),
            settlement_accounts=sorted(account_kinds(merchant.kind)),
        )


class MerchantDetail(MerchantOut):
    terminals: list[TerminalOut] = Field(description="Every terminal it has had, retired ones too.")

    @classmethod
    def of_view(cls, view: MerchantView) -> MerchantDetail:
        summary = MerchantOut.of(view.merchant)
        return cls(**summary.model_dump(), terminals=[TerminalOut.of(t) for t in view.terminals])


class MerchantPage(BaseModel):
    items: list[MerchantOut]
    limit: int
    offset: int


class TerminalCreation(RequestBody):
    reason: Annotated[str, REASON] = "new terminal"


class SecretRotation(RequestBody):
    reason: Annotated[str, REASON] = Field(examples=["terminal replaced after a theft"])


class TerminalUpdate(RequestBody):
    status: TerminalStatus = Field(description="retired is for good: its id is never used again.")
    reason: Annotated[str, REASON] = Field(examples=["reported stolen"])


class IssuedTerminalOut(BaseModel):
    terminal: TerminalOut
    secret: str = Field(
        description="The terminal's secret, shown this once and never stored in plain text:"
        " load it into the terminal now. Lost? Rotate it."
    )

    @classmethod
    def of(cls, issued: IssuedTerminal) -> IssuedTerminalOut:
        return cls(terminal=TerminalOut.of(issued.terminal), secret=issued.secret)


class GrocerAssignment(RequestBody):
    grocer_id: str | None = Field(
        description="An active grocer (GRC-…) of the household's governorate; null removes the assignment."
    )
    reason: Annotated[str, REASON] = Field(examples=["the family moved to another district"])
