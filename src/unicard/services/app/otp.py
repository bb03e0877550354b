"""One-time codes by SMS: issue one for a purpose to a citizen's registered mobile, verify it.

Both use cases open and commit their own unit of work: a wrong try must be counted even though
the caller then refuses the request, so it cannot ride on the caller's transaction (which a
refusal rolls back). The code goes out only in the SMS (an outbox row, SMS channel only); the
database keeps a keyed digest, and nothing here logs or returns the code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from unicard.domain.app.otp import (
    DAILY_LIMIT,
    LIFETIME,
    OneTimeCode,
    OtpPurpose,
    OtpState,
    Verdict,
    normalized_code,
    wait_before_reissue,
)
from unicard.domain.notifications import Bilingual, Channel, Recipient, TemplateId
from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.errors import Conflict, NotFound
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.money import to_arabic_digits
from unicard.services.notifications.notify import notify
from unicard.services.operators import AuthenticationFailed
from unicard.services.ports import Clock, UnitOfWork

#: What the SMS says the code is for.
PURPOSE_WORDS = {
    OtpPurpose.APP_LOGIN: Bilingual("الدخول إلى التطبيق", "app sign-in"),
    OtpPurpose.PICKUP: Bilingual("استلام الكارت", "card pickup"),
    OtpPurpose.CARD_BLOCK: Bilingual("إيقاف الكارت", "card block"),
}


class OtpStore(Protocol):
    def live(self, national_id: str, purpose: OtpPurpose) -> OneTimeCode | None:
        """The citizen's live code for ``purpose``, locked for this transaction."""
        ...

    def issued_since(
        self, national_id: str, purpose: OtpPurpose, since: dt.datetime
    ) -> Sequence[dt.datetime]:
        """When each code for ``purpose`` issued at or after ``since`` was issued, newest first."""
        ...

    def add(self, code: OneTimeCode) -> OneTimeCode:
        """Store a new code; returns it with its id."""
        ...

    def save(self, code: OneTimeCode) -> None:
        """Record a stored code's attempts and state."""
        ...


class CodeKeeper(Protocol):
    """Makes codes and their keyed digests; the one place that holds the key (an adapter)."""

    def new_code(self) -> str:
        """Six random digits from a cryptographic source."""
        ...

    def digest(self, code: str, *, national_id: str, purpose: OtpPurpose) -> str: ...
    def matches(self, code: str, digest: str, *, national_id: str, purpose: OtpPurpose) -> bool:
        """Whether ``code`` has ``digest``, compared in constant time."""
        ...


class OtpUnitOfWork(UnitOfWork, Protocol):
    @property
    def otp(self) -> OtpStore: ...


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """What a caller may know of a code it had sent: never the code."""

    id: int
    national_id: str
    purpose: OtpPurpose
    sent_to: str  # the registered mobile, masked
    expires_at: dt.datetime


def issue_code(
    uow: OtpUnitOfWork, clock: Clock, keeper: CodeKeeper, *, national_id: str, purpose: OtpPurpose
) -> IssuedCode:
    """Send a new code for ``purpose`` to the citizen's registered mobile; an older live one dies.

    Refused: an unknown citizen (``citizen.not_found``), a deceased one or one without a
    registered mobile (``otp.not_reachable``), a new code too soon after the last
    (``otp.too_soon``) or past the day's limit (``otp.daily_limit``).
    """
    now = clock.now()
    with uow:
        mobile = _registered_mobile(uow.citizens.get(national_id), national_id)
        _check_rate(uow.otp, national_id, purpose, now)
        previous = uow.otp.live(national_id, purpose)
        if previous is not None:
            uow.otp.save(replace(previous, state=OtpState.DEAD))
        code = keeper.new_code()
        digest = keeper.digest(code, national_id=national_id, purpose=purpose)
        stored = uow.otp.add(
            OneTimeCode.issue(national_id=national_id, purpose=purpose, digest=digest, mobile=mobile, at=now)
        )
        _send(uow, stored, code, now)
        uow.commit()
    assert stored.id is not None
    return IssuedCode(stored.id, national_id, purpose, MobileNumber.parse(mobile).masked(), stored.expires_at)


def verify_code(
    uow: OtpUnitOfWork, clock: Clock, keeper: CodeKeeper, *, national_id: str, purpose: OtpPurpose, code: str
) -> None:
    """Accept ``code`` once, or raise :class:`AuthenticationFailed` saying why.

    ``otp.no_live_code``: none was sent, or it was used, replaced, expired or exhausted before;
    ``otp.expired``; ``otp.wrong_code`` (with ``attempts_left``); ``otp.attempts_exhausted``
    (that was the last try: the code is dead). A malformed code is ``otp.code_format`` and costs
    no try. Every try is committed before the refusal is raised.
    """
    entered = normalized_code(code)
    now = clock.now()
    with uow:
        live = uow.otp.live(national_id, purpose)
        if live is None:
            raise AuthenticationFailed("otp.no_live_code", purpose=purpose.value)
        matches = keeper.matches(entered, live.digest, national_id=national_id, purpose=purpose)
        tried, verdict = live.entered(matches=matches, now=now)
        uow.otp.save(tried)
        uow.commit()
    if verdict is Verdict.EXPIRED:
        raise AuthenticationFailed("otp.expired", minutes=_minutes(LIFETIME))
    if verdict is Verdict.EXHAUSTED:
        raise AuthenticationFailed("otp.attempts_exhausted")
    if verdict is Verdict.WRONG:
        raise AuthenticationFailed("otp.wrong_code", attempts_left=tried.attempts_left)


def _registered_mobile(citizen: Citizen | None, national_id: str) -> str:
    if citizen is None:
        raise NotFound("citizen.not_found", national_id=national_id)
    if not citizen.is_alive or citizen.mobile is None:
        raise Conflict("otp.not_reachable", national_id=national_id)
    return citizen.mobile.e164


def _check_rate(store: OtpStore, national_id: str, purpose: OtpPurpose, now: dt.datetime) -> None:
    recent = store.issued_since(national_id, purpose, now - dt.timedelta(days=1))
    wait = wait_before_reissue(recent[0] if recent else None, now)
    if wait:
        raise Conflict("otp.too_soon", seconds=wait)
    if len(recent) >= DAILY_LIMIT:
        raise Conflict("otp.daily_limit", limit=DAILY_LIMIT)


def _send(uow: OtpUnitOfWork, code: OneTimeCode, plain: str, now: dt.datetime) -> None:
    # SMS only: an app event would keep the code in the citizen's event stream for good.
    notify(
        uow,
        template=TemplateId.ONE_TIME_CODE,
        to=Recipient(code.national_id, code.mobile),
        params={
            "code": Bilingual(to_arabic_digits(plain), plain),
            "purpose": PURPOSE_WORDS[code.purpose],
            "minutes": _minutes(LIFETIME),
        },
        dedupe_key=f"otp:{code.id}",
        at=now,
        channels=(Channel.SMS,),
    )


def _minutes(span: dt.timedelta) -> int:
    return int(span.total_seconds() // 60)
