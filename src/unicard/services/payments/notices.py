"""The citizen hears of an approved transaction: its notices go to the outbox, in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from unicard.domain.notifications import Channel, Recipient
from unicard.services.notifications import notify
from unicard.services.payments.context import Notice
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork


def queue_notices(
    uow: PaymentsUnitOfWork, notices: Iterable[Notice], *, transaction_id: str, at: dt.datetime
) -> None:
    for notice in notices:
        mobile = None
        if notice.sms:  # an app-only notice needs no mobile number: no read
            citizen = uow.citizens.get(notice.national_id)
            mobile = citizen.mobile.e164 if citizen is not None and citizen.mobile is not None else None
        notify(
            uow,
            template=notice.template,
            to=Recipient(notice.national_id, mobile),
            params=notice.params,
            dedupe_key=f"txn:{transaction_id}:{notice.suffix}",
            at=at,
            channels=None if notice.sms else (Channel.APP,),
        )
