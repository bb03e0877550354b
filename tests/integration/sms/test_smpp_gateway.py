"""The SMPP gateway against a real SMPP server process: encoding, splitting, throttling,
refusals, a dead SMSC, a dropped connection — and never a message twice."""

from __future__ import annotations

import logging
import time

import pytest

from tests.integration.sms.conftest import SECRET, TestSmsc, reassembled, received, smpp_config
from unicard.adapters.sms.smpp import SmppSmsGateway
from unicard.services.notifications import SmsPermanentFailure, SmsTemporaryFailure

MOBILE = "+201012345678"
ARABIC = "استلم بطاقتك الموحدة من مكتب بريد بورسعيد الرئيسي"  # 49 characters: one part
LONG_ARABIC = ("بطاقتك الموحدة جاهزة للاستلام من مكتب بريد بورسعيد الرئيسي " * 3)[:150]


class TestEncoding:
    def test_arabic_goes_as_ucs2_and_decodes_to_the_same_text(
        self, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        smsc.start()
        message_id = gateway.send(MOBILE, ARABIC, reference="41")
        [submit] = smsc.accepted()
        assert (submit["data_coding"], submit["esm_class"]) == (0x08, 0x00)
        assert received(submit).text == ARABIC
        assert message_id == submit["message_id"]

    def test_the_bind_and_the_addresses_come_from_the_settings(
        self, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        smsc.start()
        gateway.send(MOBILE, "Hello", reference="1")
        [submit] = smsc.accepted()
        assert submit["system_id"] == "unicard"
        assert (submit["destination_addr"], submit["dest_addr_ton"]) == ("201012345678", 1)  # international
        assert (submit["source_addr"], submit["source_addr_ton"]) == ("UNICARD", 5)  # alphanumeric

    def test_a_long_arabic_text_arrives_as_three_concatenated_parts(
        self, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        assert len(LONG_ARABIC) == 150
        smsc.start()
        provider_ref = gateway.send(MOBILE, LONG_ARABIC, reference="42")
        parts = smsc.accepted()
        assert len(parts) == 3
        assert all((part["data_coding"], part["esm_class"]) == (0x08, 0x40) for part in parts)
        assert [len(received(part).text) for part in parts] == [67, 67, 16]
        assert reassembled(parts) == LONG_ARABIC  # one reference, parts 1/3, 2/3, 3/3
        assert provider_ref == ",".join(str(part["message_id"]) for part in parts)

    def test_english_goes_as_gsm7_one_septet_per_octet(self, smsc: TestSmsc, gateway: SmppSmsGateway) -> None:
        text = "Your unified card is ready at Port Said Main Post Office [window 3] - fee 0 EUR"
        smsc.start()
        gateway.send(MOBILE, text, reference="43")
        [submit] = smsc.accepted()
        assert (submit["data_coding"], submit["esm_class"]) == (0x00, 0x00)
        assert received(submit).text == text

    def test_a_long_english_text_is_cut_at_153_septets(self, smsc: TestSmsc, gateway: SmppSmsGateway) -> None:
        text = "Collect your card at the post office. " * 5  # 190 characters
        smsc.start()
        gateway.send(MOBILE, text, reference="44")
        parts = smsc.accepted()
        assert [len(received(part).text) for part in parts] == [153, 37]
        assert reassembled(parts) == text


class TestThrottling:
    def test_throttled_twice_then_accepted_is_one_delivery(self, smsc: TestSmsc) -> None:
        pauses: list[float] = []

        def pause(seconds: float) -> None:
            pauses.append(seconds)
            time.sleep(seconds)

        smsc.start(throttle=2)
        gateway = SmppSmsGateway(smpp_config(smsc), sleep=pause)
        try:
            gateway.send(MOBILE, ARABIC, reference="51")
        finally:
            gateway.close()
        assert [submit["status"] for submit in smsc.submits()] == [0x58, 0x58, 0]
        assert len(smsc.accepted()) == 1
        assert pauses == [0.001, 0.002]  # exponential back-off between the attempts

    def test_throttled_past_the_retries_is_a_temporary_failure(self, smsc: TestSmsc) -> None:
        smsc.start(throttle=3)
        gateway = SmppSmsGateway(smpp_config(smsc, throttle_retries=2))
        try:
            with pytest.raises(SmsTemporaryFailure, match="throttling"):
                gateway.send(MOBILE, ARABIC, reference="52")
            assert smsc.accepted() == []
            gateway.send(MOBILE, ARABIC, reference="52")  # the outbox's later retry
        finally:
            gateway.close()
        assert len(smsc.accepted()) == 1

    def test_a_long_text_throttled_midway_resends_only_the_missing_parts(self, smsc: TestSmsc) -> None:
        smsc.start(throttle_after=1, throttle=3)  # part 1 accepted, then three throttled answers
        gateway = SmppSmsGateway(smpp_config(smsc, throttle_retries=2))
        try:
            with pytest.raises(SmsTemporaryFailure):
                gateway.send(MOBILE, LONG_ARABIC, reference="55")
            assert len(smsc.accepted()) == 1
            gateway.send(MOBILE, LONG_ARABIC, reference="55")  # the outbox's later retry
        finally:
            gateway.close()
        assert len(smsc.accepted()) == 3  # part 1 once, then parts 2 and 3
        assert reassembled(smsc.accepted()) == LONG_ARABIC

    def test_a_refused_number_is_a_permanent_failure(self, smsc: TestSmsc, gateway: SmppSmsGateway) -> None:
        smsc.start(reject_destination="201000000000")
        with pytest.raises(SmsPermanentFailure, match="ESME_RINVDSTADR"):
            gateway.send("+201000000000", ARABIC, reference="53")
        gateway.send(MOBILE, ARABIC, reference="54")  # the bind is fine for the next one
        assert len(smsc.accepted()) == 1


class TestConnection:
    def test_no_smsc_is_a_temporary_failure(self, smsc: TestSmsc, gateway: SmppSmsGateway) -> None:
        with pytest.raises(SmsTemporaryFailure, match="cannot bind"):
            gateway.send(MOBILE, ARABIC, reference="61")

    def test_a_dropped_connection_is_reopened_and_nothing_is_sent_twice(
        self, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        smsc.start()
        first = gateway.send(MOBILE, ARABIC, reference="62")
        smsc.stop()  # the SMSC dies: the bind is gone
        smsc.start()
        # The outbox sends row 62 again (its commit was lost): the known id, no second submit.
        assert gateway.send(MOBILE, ARABIC, reference="62") == first
        second = gateway.send(MOBILE, LONG_ARABIC, reference="63")  # on a new bind
        assert [submit["message_id"] for submit in smsc.accepted()] == [first, *second.split(",")]
        assert len(smsc.accepted()) == 4

    def test_a_message_sent_before_the_smsc_went_down_is_not_sent_again_after(
        self, smsc: TestSmsc, gateway: SmppSmsGateway
    ) -> None:
        smsc.start()
        gateway.send(MOBILE, ARABIC, reference="64")
        smsc.stop()
        with pytest.raises(SmsTemporaryFailure):
            gateway.send(MOBILE, "Second", reference="65")
        smsc.start()
        gateway.send(MOBILE, ARABIC, reference="64")
        gateway.send(MOBILE, "Second", reference="65")
        assert [received(submit).text for submit in smsc.accepted()] == [ARABIC, "Second"]


class TestSecrets:
    def test_the_password_is_never_logged(
        self, smsc: TestSmsc, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
    ) -> None:
        caplog.set_level(logging.DEBUG)
        smsc.start()
        gateway = SmppSmsGateway(smpp_config(smsc))
        try:
            gateway.send(MOBILE, ARABIC, reference="71")
            smsc.stop()
            smsc.start()
            gateway.send(MOBILE, ARABIC, reference="72")  # a second bind, after the loss
        finally:
            gateway.close()
        captured = capsys.readouterr()
        logged = caplog.text + captured.out + captured.err
        assert "sms.smpp.bound" in logged  # the logs were captured
        assert SECRET not in logged
        assert SECRET.encode().hex() not in logged  # nor in a hex dump of the bind PDU
        assert SECRET not in repr(smpp_config(smsc))
