"""A wallet account opening as the API reads and answers it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.accounts import AmountOut
from unicard.entrypoints.http_api.schemas.common import RequestBody
from unicard.services.wallets import OpenedWallet


class WalletOpeningRequest(RequestBody):
    national_id: str = Field(max_length=40, examples=["28503140300137"])
    mobile: str = Field(
        max_length=40, description="The mobile the citizen states; must be the registered one."
    )


class WalletOpened(BaseModel):
    national_id: str
    mobile: str = Field(description="The registered mobile the account is opened with (E.164).")
    governorate: str = Field(description="The citizen's residence governorate at opening.")
    opened_by: str = Field(description="The clerk's username.")
    opened_at: dt.datetime
    balance: AmountOut = Field(description="What the account holds now (a G2P credit may have come first).")

    @classmethod
    def of(cls, opened: OpenedWallet, disclosure: Disclosure) -> WalletOpened:
        opening = opened.opening
        return cls(
            national_id=disclosure.national_id(opening.national_id),
            mobile=disclosure.mobile(opening.mobile) or opening.mobile,
            governorate=opening.governorate,
            opened_by=opening.opened_by,
            opened_at=opening.opened_at,
            balance=AmountOut.of(opened.balance),
        )
