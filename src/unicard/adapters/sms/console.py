"""An SMS gateway that writes each message to the console: the default, for development and demos.

Nothing leaves the machine. It prints what a phone would show and what the message costs
(encoding, parts), which is how a template that grew past its budget gets noticed by eye.
"""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from unicard.domain.notifications import measure


class ConsoleSmsGateway:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()  # one message per block, whatever the dispatcher threads

    def send(self, to_e164: str, text: str, *, reference: str) -> str:
        length = measure(text)
        stream = self._stream or sys.stdout  # looked up per message: tests swap stdout
        with self._lock:
            print(
                f"── SMS to {to_e164} · ref {reference} · {length.parts} part(s) {length.encoding.value}"
                f" ({length.units} units)\n{text}",
                file=stream,
                flush=True,
            )
        return f"console-{reference}"
