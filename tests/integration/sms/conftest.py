"""A real SMPP server process per test (``tests/support/smsc.py``), and how to read what it got."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from unicard.adapters.sms.smpp import SmppConfig, SmppSmsGateway

REPO = Path(__file__).resolve().parents[3]
PATIENCE = 15.0  # seconds; a bound on a hang, never an expectation of speed
SECRET = "s3cr3t-Pw"


@dataclass
class TestSmsc:
    """The test SMSC as a process: ``start()``, ``stop()`` (a kill: connections just die),
    ``submits()`` everything it received, ``accepted()`` what it took."""

    __test__ = False  # not a test class, whatever its name

    record: Path
    port: int = field(default_factory=lambda: free_port())  # noqa: PLW0108 (defined below)
    process: subprocess.Popen[str] | None = None

    def start(self, *, throttle: int = 0, throttle_after: int = 0, reject_destination: str = "") -> None:
        assert self.process is None
        command = [sys.executable, "-m", "tests.support.smsc", "--port", str(self.port)]
        command += ["--record", str(self.record), "--throttle", str(throttle)]
        command += ["--throttle-after", str(throttle_after)]
        command += ["--reject-destination", reject_destination]
        self.process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until it listens (or dies: then "")
        assert line.startswith("ready"), f"the test SMSC did not start: {line!r}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(PATIENCE)
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None

    def submits(self) -> list[dict[str, object]]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def accepted(self) -> list[dict[str, object]]:
        return [submit for submit in self.submits() if submit["status"] == 0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smsc(tmp_path: Path) -> Iterator[TestSmsc]:
    server = TestSmsc(record=tmp_path / "smsc.jsonl")
    yield server
    server.stop()


def smpp_config(smsc: TestSmsc, **overrides: object) -> SmppConfig:
    options: dict[str, object] = {
        "host": "127.0.0.1",
        "port": smsc.port,
        "system_id": "unicard",
        "password": SECRET,
        "timeout_seconds": PATIENCE,
        "throttle_retries": 3,
        "backoff_seconds": 0.001,
        "backoff_max_seconds": 0.004,
    }
    return SmppConfig(**(options | overrides))  # type: ignore[arg-type]


@pytest.fixture
def gateway(smsc: TestSmsc) -> Iterator[SmppSmsGateway]:
    opened = SmppSmsGateway(smpp_config(smsc))
    yield opened
    opened.close()


# What a handset does with the parts: read the UDH, decode, put them back in order.
_GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM7_EXTENSION = {0x0A: "\f", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~",
                   0x3E: "]", 0x40: "|", 0x65: "€"}  # fmt: skip


@dataclass(frozen=True)
class Received:
    text: str  # this part's text
    concat: tuple[int, int, int] | None  # (reference, total, number) from the UDH, if any


def received(submit: dict[str, object]) -> Received:
    raw = bytes.fromhex(str(submit["short_message"]))
    concat = None
    if int(str(submit["esm_class"])) & 0x40:
        header, raw = raw[1 : 1 + raw[0]], raw[1 + raw[0] :]
        assert header[:2] == b"\x00\x03", header  # IEI 0: 8-bit reference concatenation
        concat = (header[2], header[3], header[4])
    return Received(_decode(raw, int(str(submit["data_coding"]))), concat)


def reassembled(submits: list[dict[str, object]]) -> str:
    parts = [received(submit) for submit in submits]
    if len(parts) == 1 and parts[0].concat is None:
        return parts[0].text
    assert all(part.concat is not None for part in parts)
    assert len({part.concat[0] for part in parts if part.concat}) == 1, "one reference for all parts"
    ordered = sorted(parts, key=lambda part: part.concat[2] if part.concat else 0)
    assert [part.concat[1:] for part in ordered if part.concat] == [
        (len(parts), n) for n in range(1, len(parts) + 1)
    ]
    return "".join(part.text for part in ordered)


def _decode(raw: bytes, data_coding: int) -> str:
    if data_coding == 0x08:
        return raw.decode("utf-16-be")
    assert data_coding == 0x00, data_coding
    text, escaped = [], False
    for octet in raw:
        if escaped:
            text.append(_GSM7_EXTENSION[octet])
            escaped = False
        elif octet == 0x1B:
            escaped = True
        else:
            text.append(_GSM7_BASIC[octet])
    return "".join(text)
