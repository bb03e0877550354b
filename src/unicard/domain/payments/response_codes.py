"""ISO 8583 response codes (field 39) that terminals already understand.

The reason a request was declined is recorded beside the code (``decline_reason``), in our own
words; the code stays one terminals know.
"""

from __future__ import annotations

import enum


class ResponseCode(enum.StrEnum):
    APPROVED = "00"
    DO_NOT_HONOUR = "05"
    INVALID_TRANSACTION = "12"
    INVALID_AMOUNT = "13"
    INVALID_CARD_NUMBER = "14"
    FORMAT_ERROR = "30"
    INSUFFICIENT_FUNDS = "51"
    EXPIRED_CARD = "54"
    INCORRECT_PIN = "55"
    NOT_PERMITTED_TO_CARDHOLDER = "57"
    NOT_PERMITTED_TO_TERMINAL = "58"
    EXCEEDS_LIMIT = "61"
    RESTRICTED_CARD = "62"
    PIN_TRIES_EXCEEDED = "75"
    PIN_BLOCK_ERROR = "81"  # the PIN block did not decrypt to a well-formed block of its format
    ISSUER_UNAVAILABLE = "91"
    DUPLICATE_TRANSMISSION = "94"
    SYSTEM_MALFUNCTION = "96"

    @property
    def approved(self) -> bool:
        return self is ResponseCode.APPROVED
