"""One-time codes: six digits sent by SMS to the citizen's registered mobile, for one purpose.

Only a keyed digest of a code is ever kept (the service hashes; this module never sees a code).
A code lives for :data:`LIFETIME`, allows :data:`MAX_ATTEMPTS` wrong tries and then dies, and is
used at most once. A citizen has at most one live code per purpose: a new one replaces the old,
and new ones come no faster than :data:`REISSUE_INTERVAL` and no more than :data:`DAILY_LIMIT`
a day (each SMS costs money, and each new code is five more guesses).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from dataclasses import dataclass, replace

from unicard.domain.shared.errors import InvalidValue

CODE_LENGTH = 6
LIFETIME = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5
REISSUE_INTERVAL = dt.timedelta(seconds=60)
DAILY_LIMIT = 10
_CODE = re.compile(rf"^\d{{{CODE_LENGTH}}}$")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


class OtpPurpose(enum.StrEnum):
    APP_LOGIN = "app_login"  # signing in to the citizen app
    PICKUP = "pickup"  # collecting a card at the post office
    CARD_BLOCK = "card_block"  # blocking a lost card from the app


class OtpState(enum.StrEnum):
    LIVE = "live"  # may still be entered
    USED = "used"  # entered correctly once; never again
    DEAD = "dead"  # expired, out of attempts, or replaced by a newer code


class Verdict(enum.StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # wrong code, tries left
    EXHAUSTED = "exhausted"  # wrong code, and that was the last try
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class OneTimeCode:
    national_id: str
    purpose: OtpPurpose
    digest: str  # keyed hash of the code; the code itself is never stored
    mobile: str  # E.164, where it was sent
    issued_at: dt.datetime
    expires_at: dt.datetime
    attempts: int = 0  # wrong tries so far
    state: OtpState = OtpState.LIVE
    id: int | None = None

    @classmethod
    def issue(
        cls, *, national_id: str, purpose: OtpPurpose, digest: str, mobile: str, at: dt.datetime
    ) -> OneTimeCode:
        return cls(national_id, purpose, digest, mobile, at, at + LIFETIME)

    @property
    def attempts_left(self) -> int:
        return MAX_ATTEMPTS - self.attempts

    def is_expired(self, now: dt.datetime) -> bool:
        return now >= self.expires_at

    def entered(self, *, matches: bool, now: dt.datetime) -> tuple[OneTimeCode, Verdict]:
        """This code after one try, and what the try gets. Only a live code may be tried."""
        if self.state is not OtpState.LIVE:
            raise ValueError(f"a {self.state} code cannot be tried")
        if self.is_expired(now):
            return replace(self, state=OtpState.DEAD), Verdict.EXPIRED
        if matches:
            return replace(self, state=OtpState.USED), Verdict.ACCEPTED
        tried = replace(self, attempts=self.attempts + 1)
        if tried.attempts >= MAX_ATTEMPTS:
            return replace(tried, state=OtpState.DEAD), Verdict.EXHAUSTED
        return tried, Verdict.WRONG


def wait_before_reissue(last_issued_at: dt.datetime | None, now: dt.datetime) -> int:
    """Whole seconds to wait before another code may be sent; 0 when one may be sent now."""
    if last_issued_at is None:
        return 0
    left = (last_issued_at + REISSUE_INTERVAL - now).total_seconds()
    return max(0, math.ceil(left))


def normalized_code(raw: str) -> str:
    """A code as typed (Arabic-Indic digits and spaces allowed) in its six ASCII digits."""
    text = "".join(raw.split()).translate(_TO_ASCII)
    if not _CODE.match(text):
        raise InvalidValue("otp.code_format", field="code", length=CODE_LENGTH)
    return text


def purpose_of(raw: str) -> OtpPurpose:
    try:
        return OtpPurpose(raw)
    except ValueError:
        raise InvalidValue("otp.purpose", field="purpose", value=raw) from None
