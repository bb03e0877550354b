"""One-time codes in SQL (table ``otp_codes``): digests, attempts and states, never codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from unicard.adapters.db.tables_app import otp_codes
from unicard.domain.app.otp import OneTimeCode, OtpPurpose, OtpState


class SqlOtpStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def live(self, national_id: str, purpose: OtpPurpose) -> OneTimeCode | None:
        # Locked: two tries of one code at once must count as two (SQLite: BEGIN IMMEDIATE).
        row = self._db.execute(
            select(otp_codes)
            .where(
                otp_codes.c.national_id == national_id,
                otp_codes.c.purpose == purpose.value,
                otp_codes.c.state == OtpState.LIVE.value,
            )
            .with_for_update()
        ).first()
        return None if row is None else _code(row)

    def issued_since(
        self, national_id: str, purpose: OtpPurpose, since: dt.datetime
    ) -> Sequence[dt.datetime]:
        rows = self._db.execute(
            select(otp_codes.c.issued_at)
            .where(
                otp_codes.c.national_id == national_id,
                otp_codes.c.purpose == purpose.value,
                otp_codes.c.issued_at >= since,
            )
            .order_by(otp_codes.c.issued_at.desc())
        )
        return [issued for (issued,) in rows]

    def add(self, code: OneTimeCode) -> OneTimeCode:
        new_id = self._db.execute(
            insert(otp_codes)
            .values(
                national_id=code.national_id,
                purpose=code.purpose.value,
                digest=code.digest,
                mobile=code.mobile,
                issued_at=code.issued_at,
                expires_at=code.expires_at,
                attempts=code.attempts,
                state=code.state.value,
            )
            .returning(otp_codes.c.id)
        ).scalar_one()
        return OneTimeCode(
            code.national_id,
            code.purpose,
            code.digest,
            code.mobile,
            code.issued_at,
            code.expires_at,
            code.attempts,
            code.state,
            new_id,
        )

    def save(self, code: OneTimeCode) -> None:
        if code.id is None:
            raise ValueError("save() takes a stored code")
        self._db.execute(
            update(otp_codes)
            .where(otp_codes.c.id == code.id)
            .values(attempts=code.attempts, state=code.state.value)
        )


def _code(row: Row[Any]) -> OneTimeCode:
    return OneTimeCode(
        national_id=row.national_id,
        purpose=OtpPurpose(row.purpose),
        digest=row.digest,
        mobile=row.mobile,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        attempts=row.attempts,
        state=OtpState(row.state),
        id=row.id,
    )
