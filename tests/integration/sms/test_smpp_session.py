"""The SMPP session's upkeep, against a scripted SMSC on a real socket: keep-alives both ways,
an SMSC that unbinds, and one that hangs up between a submit and its answer."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from tests.integration.sms.conftest import SECRET
from tests.integration.sms.scripted_smsc import PATIENCE, ScriptedSmsc
from unicard.adapters.sms.smpp import SmppConfig, SmppSmsGateway
from unicard.services.notifications import SmsTemporaryFailure

MOBILE = "+201012345678"


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.01)


@pytest.fixture
def scripted() -> Iterator[ScriptedSmsc]:
    smsc = ScriptedSmsc()
    yield smsc
    smsc.stop()


def gateway_to(smsc: ScriptedSmsc, **overrides: object) -> SmppSmsGateway:
    smsc.start()
    options: dict[str, object] = {
        "host": "127.0.0.1",
        "port": smsc.port,
        "system_id": "unicard",
        "password": SECRET,
        "timeout_seconds": PATIENCE,
    }
    return SmppSmsGateway(SmppConfig(**(options | overrides)))  # type: ignore[arg-type]


def test_a_quiet_bind_is_kept_alive_with_enquire_link(scripted: ScriptedSmsc) -> None:
    gateway = gateway_to(scripted, enquire_link_seconds=0.05)
    try:
        gateway.send(MOBILE, "Hello", reference="1")
        eventually(lambda: "enquire_link" in scripted.commands())
        gateway.send(MOBILE, "Again", reference="2")  # the same bind, still good
    finally:
        gateway.close()
    assert scripted.commands()[:2] == ["bind_transmitter", "submit_sm"]
    assert scripted.connections() == 1


def test_the_smscs_enquire_link_is_answered(scripted: ScriptedSmsc) -> None:
    scripted.enquire_after_bind = True
    gateway = gateway_to(scripted)
    try:
        assert gateway.send(MOBILE, "Hello", reference="1") == "scripted-1"
    finally:
        gateway.close()
    assert scripted.commands()[:3] == ["bind_transmitter", "submit_sm", "enquire_link_resp"]


def test_an_smsc_that_unbinds_gets_a_new_bind_for_the_next_message(scripted: ScriptedSmsc) -> None:
    scripted.unbind_after_submits = 1
    gateway = gateway_to(scripted)
    try:
        gateway.send(MOBILE, "Hello", reference="1")
        assert gateway.send(MOBILE, "Again", reference="2") == "scripted-2"
    finally:
        gateway.close()
    assert scripted.commands()[:5] == [
        "bind_transmitter",
        "submit_sm",
        "unbind_resp",  # answered, then the session ends
        "bind_transmitter",
        "submit_sm",
    ]


def test_an_smsc_that_unbinds_before_answering_still_gets_its_answer_read(scripted: ScriptedSmsc) -> None:
    scripted.unbind_before_answer = 1
    gateway = gateway_to(scripted)
    try:
        assert gateway.send(MOBILE, "Hello", reference="1") == "scripted-1"  # not a false failure
        assert gateway.send(MOBILE, "Again", reference="2") == "scripted-2"
    finally:
        gateway.close()
    assert scripted.commands()[:5] == [
        "bind_transmitter",
        "submit_sm",
        "unbind_resp",
        "bind_transmitter",
        "submit_sm",
    ]


def test_a_hang_up_before_the_answer_is_temporary_and_the_retry_goes_out(scripted: ScriptedSmsc) -> None:
    """The at-least-once limit, shown: the SMSC may hold the first submit, and the outbox's
    retry submits again (docs/sms.md, "Dedupe")."""
    scripted.hang_up_on_submit = 1
    gateway = gateway_to(scripted)
    try:
        with pytest.raises(SmsTemporaryFailure, match="no answer"):
            gateway.send(MOBILE, "Hello", reference="1")
        assert gateway.send(MOBILE, "Hello", reference="1") == "scripted-2"
    finally:
        gateway.close()
    assert scripted.commands().count("submit_sm") == 2
    assert scripted.connections() == 2
