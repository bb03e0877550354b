"""A scripted SMSC for what the ``smpp34`` server cannot be told to do: send its own
``enquire_link``, ``unbind`` an idle session, hang up between a submit and its answer — and
show every PDU the client sent (keep-alives included). A real socket, PDUs from smpplib."""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Any

from smpplib import smpp
from smpplib.client import SimpleSequenceGenerator

PATIENCE = 15.0
_NUMBERING = SimpleSequenceGenerator()  # smpplib wants one; every sequence here is set by hand


@dataclass
class ScriptedSmsc:
    """Serves one connection at a time. ``seen`` lists (connection number, command) in order."""

    enquire_after_bind: bool = False  # ask the client for an enquire_link_resp right after binding
    unbind_after_submits: int = 0  # end the session with an unbind after this many answered submits
    unbind_before_answer: int = 0  # send unbind, then the answer to this (1-based) submit
    hang_up_on_submit: int = 0  # close the connection instead of answering this (1-based) submit
    seen: list[tuple[int, str]] = field(default_factory=list)
    port: int = 0
    _listener: socket.socket = field(default_factory=socket.socket, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self) -> None:
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen()
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def stop(self) -> None:
        self._listener.close()

    def commands(self) -> list[str]:
        with self._lock:
            return [command for _, command in self.seen]

    def connections(self) -> int:
        with self._lock:
            return len({number for number, _ in self.seen})

    def _serve(self) -> None:
        submits = 0
        number = 0
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return  # stopped
            number += 1
            with connection:
                connection.settimeout(PATIENCE)
                submits = self._session(connection, number, submits)

    def _session(self, connection: socket.socket, number: int, submits: int) -> int:
        while (pdu := _read(connection)) is not None:
            with self._lock:
                self.seen.append((number, pdu.command))
            if pdu.command == "bind_transmitter":
                _write(connection, "bind_transmitter_resp", pdu.sequence, system_id="SCRIPTED")
                if self.enquire_after_bind:
                    _write(connection, "enquire_link", 7_000 + number)
            elif pdu.command == "submit_sm":
                submits += 1
                if submits == self.hang_up_on_submit:
                    return submits
                answer = _pdu("submit_sm_resp", pdu.sequence, message_id=f"scripted-{submits}")
                unbind = _pdu("unbind", 8_000 + number)
                if submits == self.unbind_before_answer:
                    connection.sendall(unbind + answer)
                elif submits == self.unbind_after_submits:
                    connection.sendall(answer + unbind)  # one write: both there when the answer is read
                else:
                    connection.sendall(answer)
            elif pdu.command == "enquire_link":
                _write(connection, "enquire_link_resp", pdu.sequence)
            elif pdu.command == "unbind":
                _write(connection, "unbind_resp", pdu.sequence)
                return submits
        return submits


def _read(connection: socket.socket) -> Any:
    header = _exactly(connection, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">L", header)
    body = _exactly(connection, length - 4)
    return (
        None
        if body is None
        else smpp.parse_pdu(header + body, client=_NUMBERING, allow_unknown_opt_params=True)
    )


def _exactly(connection: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        try:
            chunk = connection.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _write(connection: socket.socket, command: str, sequence: int, **fields: object) -> None:
    connection.sendall(_pdu(command, sequence, **fields))


def _pdu(command: str, sequence: int, **fields: object) -> bytes:
    pdu = smpp.make_pdu(command, client=_NUMBERING, **fields)
    pdu.sequence = sequence
    encoded: bytes = pdu.generate()
    return encoded
