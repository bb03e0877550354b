"""An SMS gateway that speaks SMPP 3.4 to an operator's SMSC (through ``smpplib``).

One transmitter bind, opened on the first message and kept: an ``enquire_link`` every
``enquire_link_seconds`` of quiet keeps it alive through NAT and SMSC idle timers, and a bind
the SMSC dropped (or that died with the network) is noticed before the next submit and opened
again. The text is cut and encoded by :mod:`.smpp_parts` (UCS-2 for Arabic, concatenated parts
with a UDH for long texts).

What the SMSC answers decides the failure kind the outbox acts on:

- ``ESME_RTHROTTLED`` / ``ESME_RMSGQFUL``: the SMSC wants us slower. Retried here, after an
  exponential back-off, ``throttle_retries`` times; then :class:`SmsTemporaryFailure` and the
  outbox tries again later.
- a refused number or text (``ESME_RINVDSTADR``…): :class:`SmsPermanentFailure`.
- no SMSC, a lost connection, a refused bind or sender, any other status:
  :class:`SmsTemporaryFailure`.

No duplicate on a resend: every part the SMSC accepted is remembered by (reference, part), so
the outbox sending the same row again — after a reconnect, or after a part further on failed —
gets the known message ids back and only the missing parts are submitted. The memory is this
process's (bounded, oldest forgotten first): a worker that dies between the SMSC's answer and
the outbox commit forgets it, and its successor sends that row once more. A submit whose answer
never came (the connection broke in between) is reported as a temporary failure and sent again
too: the SMSC may have it. Both are the at-least-once window the outbox documents.

The password never reaches a log: smpplib's wire dumps (which include the bind PDU) are held at
INFO whatever the root level, and the config hides it from ``repr``.
"""

from __future__ import annotations

import logging
import select
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import structlog
from smpplib import consts, smpp
from smpplib import exceptions as smpp_errors
from smpplib.client import Client

from unicard.adapters.sms.smpp_parts import Part, parts_of
from unicard.services.notifications import SmsPermanentFailure, SmsTemporaryFailure

log = structlog.get_logger("unicard.sms.smpp")

_WIRE_LOGGER = "unicard.sms.smpp.wire"
logging.getLogger(_WIRE_LOGGER).setLevel(logging.INFO)  # its DEBUG dumps carry the bind password

THROTTLED = frozenset({consts.SMPP_ESME_RTHROTTLED, consts.SMPP_ESME_RMSGQFUL})
# Statuses that say this message (its number or its text) is wrong: no retry can help. A refused
# *source* address is not among them: it is our configuration, the same for every message, and
# once fixed the rows still pending go out (so it is temporary, like a refused bind).
REFUSED = frozenset(
    {
        consts.SMPP_ESME_RINVMSGLEN,
        consts.SMPP_ESME_RINVDSTADR,
        consts.SMPP_ESME_RINVESMCLASS,
        consts.SMPP_ESME_RINVDSTTON,
        consts.SMPP_ESME_RINVDSTNPI,
        consts.SMPP_ESME_RINVPARLEN,
        consts.SMPP_ESME_RINVOPTPARAMVAL,
        consts.SMPP_ESME_RX_P_APPN,
    }
)
REMEMBERED_PARTS = 50_000  # accepted parts kept for dedupe: hours of traffic, a few MB


@dataclass(frozen=True, slots=True)
class SmppConfig:
    host: str
    port: int
    system_id: str
    password: str = field(repr=False)
    source_addr: str = "UNICARD"
    system_type: str = ""
    timeout_seconds: float = 10.0  # connect, bind and each answer
    enquire_link_seconds: float = 30.0
    throttle_retries: int = 4
    backoff_seconds: float = 0.5  # the first pause; doubles each time
    backoff_max_seconds: float = 8.0


class SmppSmsGateway:
    """Implements :class:`unicard.services.notifications.SmsGateway`; safe to share between
    threads (one submit at a time on the one bind). ``close()`` unbinds."""

    def __init__(self, config: SmppConfig, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self._config = config
        self._sleep = sleep
        self._client: Client | None = None
        self._lock = threading.RLock()
        self._last_activity = time.monotonic()
        self._accepted: OrderedDict[tuple[str, int], str] = OrderedDict()
        self._closed = threading.Event()
        self._keepalive = threading.Thread(target=self._keep_alive, name="smpp-keepalive", daemon=True)
        self._keepalive.start()

    def send(self, to_e164: str, text: str, *, reference: str) -> str:
        try:
            parts = parts_of(text, reference=reference)
        except ValueError as error:
            raise SmsPermanentFailure(str(error)) from None
        with self._lock:
            ids = [self._submit_once(to_e164, part, reference, n) for n, part in enumerate(parts)]
        return provider_ref(ids)

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            if self._client is not None:
                with suppress(smpp_errors.ConnectionError, smpp_errors.PDUError, OSError):
                    self._client.unbind()  # a polite goodbye; closing anyway
                self._drop()

    def _submit_once(self, to_e164: str, part: Part, reference: str, number: int) -> str:
        known = self._accepted.get((reference, number))
        if known is not None:
            log.info("sms.smpp.already_accepted", reference=reference, part=number + 1, message_id=known)
            return known
        message_id = self._submit_with_backoff(to_e164, part, reference)
        self._remember((reference, number), message_id)
        return message_id

    def _submit_with_backoff(self, to_e164: str, part: Part, reference: str) -> str:
        for attempt in range(self._config.throttle_retries + 1):
            status, message_id = self._submit(to_e164, part)
            if status == consts.SMPP_ESME_ROK:
                return message_id
            name = status_name(status)
            if status in REFUSED:
                raise SmsPermanentFailure(f"SMSC refused the message: {name}")
            if status not in THROTTLED:
                raise SmsTemporaryFailure(f"SMSC answered {name}")
            if attempt < self._config.throttle_retries:
                pause = self._backoff(attempt)
                log.info("sms.smpp.throttled", reference=reference, status=name, retry_in_seconds=pause)
                self._sleep(pause)
        raise SmsTemporaryFailure(f"SMSC still throttling after {self._config.throttle_retries} retries")

    def _backoff(self, attempt: int) -> float:
        return float(min(self._config.backoff_seconds * 2**attempt, self._config.backoff_max_seconds))

    def _submit(self, to_e164: str, part: Part) -> tuple[int, str]:
        """(command status, message id) of one submit_sm on a live bind."""
        client = self._bound()
        try:
            pdu = client.send_message(
                **_addresses(self._config.source_addr, to_e164),
                esm_class=part.esm_class,
                data_coding=part.data_coding,
                short_message=part.short_message,
            )
        except (smpp_errors.ConnectionError, OSError) as error:
            self._drop()  # nothing reached the SMSC: the outbox's retry is safe
            raise SmsTemporaryFailure(f"SMSC connection lost before the submit: {error!r}") from None
        try:
            answer = self._await(client, pdu.sequence, "submit_sm_resp")
        except (smpp_errors.ConnectionError, smpp_errors.PDUError, OSError) as error:
            self._drop()  # the SMSC may have the message: at least once, as documented above
            raise SmsTemporaryFailure(f"no answer from the SMSC to a submit: {error!r}") from None
        message_id = answer.message_id if answer.status == consts.SMPP_ESME_ROK else b""
        return int(answer.status), _text(message_id)

    def _bound(self) -> Client:
        """The live bind: the kept one if the SMSC has not closed it, else a new one."""
        if self._client is not None and not self._still_open(self._client):
            log.warning("sms.smpp.connection_lost", host=self._config.host, port=self._config.port)
            self._drop()
        if self._client is None:
            self._client = self._bind()
        return self._client

    def _bind(self) -> Client:
        config = self._config
        client = Client(
            config.host,
            config.port,
            timeout=config.timeout_seconds,
            logger_name=_WIRE_LOGGER,
            allow_unknown_opt_params=True,
        )
        try:
            client.connect()
            client.bind_transmitter(
                system_id=config.system_id, password=config.password, system_type=config.system_type
            )
        except (smpp_errors.ConnectionError, smpp_errors.PDUError, OSError) as error:
            client.disconnect()
            raise SmsTemporaryFailure(
                f"cannot bind to SMSC {config.host}:{config.port} as {config.system_id}: {_reason(error)}"
            ) from None
        log.info("sms.smpp.bound", host=config.host, port=config.port, system_id=config.system_id)
        self._last_activity = time.monotonic()
        return client

    def _still_open(self, client: Client) -> bool:
        """Handle what the SMSC sent while we were quiet (its enquire_links, an unbind, a close)."""
        try:
            while _readable(client):
                if not self._handle_unsolicited(client, client.read_pdu()):
                    return False
        except (smpp_errors.ConnectionError, smpp_errors.PDUError, OSError):
            return False
        return True

    def _await(self, client: Client, sequence: int, command: str) -> Any:
        """Read until the answer to ``sequence``, serving the SMSC's own requests meanwhile.

        An SMSC that unbinds meanwhile still owes the answer (SMPP lets it finish what is
        outstanding): it is awaited, then the session is dropped.
        """
        ending = False
        while True:
            pdu = client.read_pdu()
            if pdu.sequence == sequence and pdu.command in (command, "generic_nack"):
                self._last_activity = time.monotonic()
                if ending:
                    self._drop()
                return pdu
            ending = not self._handle_unsolicited(client, pdu) or ending

    @staticmethod
    def _handle_unsolicited(client: Client, pdu: Any) -> bool:
        """Answer what the SMSC asks; False when it ended the session."""
        if pdu.command == "enquire_link":
            answer = smpp.make_pdu("enquire_link_resp", client=client)
            answer.sequence = pdu.sequence
            client.send_pdu(answer)
        elif pdu.command == "unbind":
            answer = smpp.make_pdu("unbind_resp", client=client)
            answer.sequence = pdu.sequence
            client.send_pdu(answer)
            return False
        return True  # a late answer or anything else a transmitter does not need

    def _keep_alive(self) -> None:
        interval = self._config.enquire_link_seconds
        while not self._closed.wait(interval / 2):
            with self._lock:
                quiet = time.monotonic() - self._last_activity
                if self._client is None or quiet < interval:
                    continue
                try:
                    ping = smpp.make_pdu("enquire_link", client=self._client)
                    self._client.send_pdu(ping)
                    self._await(self._client, ping.sequence, "enquire_link_resp")
                except (smpp_errors.ConnectionError, smpp_errors.PDUError, OSError):
                    log.warning("sms.smpp.keepalive_failed", host=self._config.host)
                    self._drop()  # the next submit binds again

    def _remember(self, key: tuple[str, int], message_id: str) -> None:
        self._accepted[key] = message_id
        while len(self._accepted) > REMEMBERED_PARTS:
            self._accepted.popitem(last=False)

    def _drop(self) -> None:
        if self._client is not None:
            self._client.state = consts.SMPP_CLIENT_STATE_OPEN  # the bind goes with the socket: no warning
            self._client.disconnect()
            self._client = None


def provider_ref(ids: list[str]) -> str:
    """The message ids, comma-joined, within the outbox's 64 characters (then the first and a count)."""
    joined = ",".join(ids)
    return joined if len(joined) <= 64 else f"{ids[0][:48]}+{len(ids) - 1} parts"


def status_name(status: int) -> str:
    for name in dir(consts):
        if name.startswith("SMPP_ESME_") and getattr(consts, name) == status:
            return f"{name.removeprefix('SMPP_')} (0x{status:08X})"
    return f"0x{status:08X}"


def _addresses(source: str, to_e164: str) -> dict[str, Any]:
    """TON/NPI: an E.164 number is international/ISDN; a word is an alphanumeric sender."""
    if source.lstrip("+").isdigit():
        source_ton, source_npi = (consts.SMPP_TON_INTL if source.startswith("+") else consts.SMPP_TON_UNK), 1
    else:
        source_ton, source_npi = consts.SMPP_TON_ALNUM, consts.SMPP_NPI_UNK
    return {
        "source_addr_ton": source_ton,
        "source_addr_npi": source_npi,
        "source_addr": source.lstrip("+"),
        "dest_addr_ton": consts.SMPP_TON_INTL,
        "dest_addr_npi": consts.SMPP_NPI_ISDN,
        "destination_addr": to_e164.lstrip("+"),
    }


def _readable(client: Client) -> bool:
    readable, _, _ = select.select([client._socket], [], [], 0)  # smpplib exposes no poll of its own
    return bool(readable)


def _reason(error: BaseException) -> str:
    if isinstance(error, smpp_errors.PDUError) and len(error.args) > 1:
        return status_name(int(error.args[1]))
    if isinstance(error, socket.timeout):
        return "timed out"
    return str(error) or type(error).__name__


def _text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    return value or ""
