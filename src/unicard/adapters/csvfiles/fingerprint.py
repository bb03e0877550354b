"""One fast pass over a file's bytes before any row is read: its SHA-256, and proof it is UTF-8.

Checking the encoding up front means a file saved as Windows-1256 or UTF-16 is refused with the
line of its first bad byte before the database is touched, not half-way through an import.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from unicard.services.imports.ports import FileFacts
from unicard.services.imports.problems import UnreadableFile

_CHUNK = 1 << 20


def fingerprint(path: Path) -> FileFacts:
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                bad = max(error.start, 0)
                raise _not_utf8(lines + chunk[:bad].count(b"\n") + 1, offset + bad) from None
            lines += chunk.count(b"\n")
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _not_utf8(lines + 1, offset) from None  # the file ends inside a character
    return FileFacts(path.name, digest.hexdigest(), approximate_rows=max(lines - 1, 0))


def _not_utf8(line: int, byte: int) -> UnreadableFile:
    return UnreadableFile("import.not_utf8", line=line, byte=byte)
