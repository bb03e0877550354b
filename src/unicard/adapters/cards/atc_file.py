"""Where ``unicard card virtual`` keeps each virtual card's last ATC between runs.

A real chip keeps its counter itself; a virtual card run from the command line needs a file.
Cards are keyed by a hash of the PAN, so the file holds no card number.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


class AtcFile:
    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def _key(pan: str, psn: str) -> str:
        return hashlib.sha256(f"{pan}/{psn}".encode()).hexdigest()[:24]

    def _read(self) -> dict[str, int]:
        if not self.path.exists():
            return {}
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        return {str(key): int(value) for key, value in raw.items()} if isinstance(raw, dict) else {}

    def last(self, pan: str, psn: str) -> int:
        return self._read().get(self._key(pan, psn), 0)

    def save(self, pan: str, psn: str, atc: int) -> None:
        counters = self._read()
        counters[self._key(pan, psn)] = atc
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps(counters, indent=2, sort_keys=True), encoding="utf-8")
        partial.replace(self.path)
