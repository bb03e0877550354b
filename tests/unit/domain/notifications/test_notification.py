"""Composing notifications: one per channel, keyed for dedupe, only where the citizen can be reached."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.domain.notifications.examples import TYPICAL
from unicard.domain.notifications import Channel, Notification, Recipient, TemplateId, compose
from unicard.domain.shared.clock import CAIRO
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Language

AT = dt.datetime(2026, 11, 22, 9, 0, tzinfo=CAIRO)
AHMED = Recipient("28503140300137", "01012345678")
DEBIT = TYPICAL[TemplateId.WALLET_DEBIT]


def debit(
    to: Recipient = AHMED,
    key: str = "txn:abc:wallet_debit",
    *,
    language: Language = "ar",
    channels: list[Channel] | None = None,
) -> tuple[Notification, ...]:
    return compose(
        TemplateId.WALLET_DEBIT, to, DEBIT, dedupe_key=key, at=AT, language=language, channels=channels
    )


class TestChannels:
    def test_one_notification_per_channel_with_its_own_key(self) -> None:
        queued = debit()
        assert [(n.channel, n.recipient, n.dedupe_key) for n in queued] == [
            (Channel.SMS, "+201012345678", "txn:abc:wallet_debit:sms"),
            (Channel.APP, "28503140300137", "txn:abc:wallet_debit:app"),
        ]

    def test_without_a_mobile_only_the_app_hears_of_it(self) -> None:
        assert [n.channel for n in debit(Recipient("28503140300137"))] == [Channel.APP]

    def test_the_caller_may_narrow_the_channels(self) -> None:
        assert [n.channel for n in debit(channels=[Channel.APP])] == [Channel.APP]

    def test_no_channel_at_all_is_refused(self) -> None:
        with pytest.raises(InvalidValue, match=r"notification\.channel"):
            debit(channels=[])

    def test_params_are_stored_encoded_and_language_kept(self) -> None:
        sms = debit(language="en")[0]
        assert sms.params["amount"] == 5000
        assert (sms.language, sms.template, sms.created_at) == ("en", "wallet_debit", AT)


class TestRefusals:
    @pytest.mark.parametrize("key", ["", "txn abc", "x" * 93, "txn:٣"])
    def test_an_unusable_dedupe_key(self, key: str) -> None:
        with pytest.raises(InvalidValue, match=r"notification\.dedupe_key"):
            debit(key=key)

    def test_the_longest_key_fits_the_column_with_its_channel(self) -> None:
        assert {len(n.dedupe_key) for n in debit(key="k" * 92)} == {96}

    def test_a_malformed_national_id(self) -> None:
        with pytest.raises(InvalidValue, match=r"notification\.recipient"):
            debit(Recipient("2850314030013"))

    def test_a_malformed_mobile(self) -> None:
        with pytest.raises(InvalidValue, match="mobile"):
            debit(Recipient("28503140300137", "12345"))

    def test_bad_params_refuse_the_whole_notification(self) -> None:
        with pytest.raises(InvalidValue, match="param_missing"):
            compose(TemplateId.WALLET_DEBIT, AHMED, {}, dedupe_key="k", at=AT)
