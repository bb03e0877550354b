"""A test SMSC: a real SMPP 3.4 server (the ``smpp34`` package's) in its own process.

It accepts any bind, records every ``submit_sm`` it receives as one JSON line (written and
flushed *before* it answers, so a client that got its answer finds the record there), and can
be told to misbehave: answer N submits (after the first M) with ``ESME_RTHROTTLED``, or refuse one
destination with ``ESME_RINVDSTADR``. It prints ``ready <port>`` once it listens.

Try the SMPP gateway by hand with it::

    python -m tests.support.smsc --port 2775 --record var/smsc.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
from pathlib import Path
from typing import IO

import smpp34


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2775)
    parser.add_argument("--record", type=Path, help="append each submit_sm here as a JSON line")
    parser.add_argument("--throttle", type=int, default=0, help="answer N submits with ESME_RTHROTTLED")
    parser.add_argument("--throttle-after", type=int, default=0, help="…after accepting the first M")
    parser.add_argument("--reject-destination", default="", help="answer this one with ESME_RINVDSTADR")
    options = parser.parse_args()
    asyncio.run(serve(options))


async def serve(options: argparse.Namespace) -> None:
    server = smpp34.Server(host=options.host, port=options.port, system_id="TESTSMSC")
    await server.start()
    print(f"ready {options.port}", flush=True)
    record = options.record.open("a", encoding="utf-8") if options.record else None
    binds: dict[str, str] = {}
    submits = itertools.count(1)
    ids = itertools.count(1)
    while True:
        event = await server.next()
        if isinstance(event, smpp34.Esme):
            binds[event.session_id] = event.system_id
        elif isinstance(event, smpp34.SubmitSmEvent):
            status = _status(event, options, next(submits))
            message_id = f"{os.getpid()}-{next(ids)}" if status == smpp34.ESME_ROK else None
            _write(record, event, binds.get(event.session_id, ""), status, message_id)
            if message_id is None:
                event.reject(status)
            else:
                event.accept(message_id)


def _status(event: smpp34.SubmitSmEvent, options: argparse.Namespace, attempt: int) -> int:
    if event.destination_addr == options.reject_destination:
        return int(smpp34.ESME_RINVDSTADR)
    if options.throttle_after < attempt <= options.throttle_after + options.throttle:
        return int(smpp34.ESME_RTHROTTLED)
    return int(smpp34.ESME_ROK)


def _write(
    record: IO[str] | None, event: smpp34.SubmitSmEvent, system_id: str, status: int, message_id: str | None
) -> None:
    line = {
        "system_id": system_id,
        "source_addr": event.source_addr,
        "source_addr_ton": event.source_addr_ton,
        "destination_addr": event.destination_addr,
        "dest_addr_ton": event.dest_addr_ton,
        "esm_class": event.esm_class,
        "data_coding": event.data_coding,
        "short_message": event.short_message.hex(),
        "status": status,
        "message_id": message_id,
    }
    if record is not None:
        record.write(json.dumps(line) + "\n")
        record.flush()
    else:
        print(json.dumps(line), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
