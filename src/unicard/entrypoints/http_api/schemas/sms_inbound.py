"""The SMS gateway's webhook body: one SMS a citizen sent to our number."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from unicard.services.cards.blocking import SmsBlockOutcome
from unicard.services.cards.inbound_sms import InboundSms


class InboundSmsIn(BaseModel):
    # ``from`` is a Python keyword: the field is ``sender`` and the wire name ``from``.
    model_config = ConfigDict(extra="forbid", populate_by_name=False)

    sender: str = Field(alias="from", min_length=1, max_length=32, description="The citizen's number.")
    to: str = Field(min_length=1, max_length=32, description="Our short code or long number.")
    text: str = Field(max_length=1_600, description="The message as the citizen typed it (UTF-8).")
    message_id: str = Field(
        min_length=1, max_length=128, description="The gateway's id of the message; the same on a retry."
    )

    def to_sms(self) -> InboundSms:
        return InboundSms(sender=self.sender, recipient=self.to, text=self.text, message_id=self.message_id)


class InboundSmsOut(BaseModel):
    message_id: str
    outcome: SmsBlockOutcome = Field(
        description="blocked, not_a_keyword (answered with how to block), unknown_sender, no_live_card."
    )
