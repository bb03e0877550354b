"""Personalisation bureaux: where a produced batch's card data (PANs included) is handed over.

:class:`FileBureau` writes one JSON-lines file per batch, readable by its owner only — the
drop folder of a bureau on the same host. A real deployment encrypts it to the bureau's key (and
the EMV key derivation adds each card's keys); neither the database nor a log ever holds a PAN.
:class:`MemoryBureau` keeps them in memory, for tests and the demo, which act as the card.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from unicard.domain.cards.production import CardSpec


class FileBureau:
    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def personalise(self, batch_id: int, cards: Sequence[CardSpec]) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        path = self._directory / f"batch-{batch_id}.jsonl"
        # Created 0600 before anything is written: a PAN is never readable by others, not even
        # for a moment.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            for card in cards:
                out.write(json.dumps(_record(card), ensure_ascii=False) + "\n")


class MemoryBureau:
    def __init__(self) -> None:
        self.batches: dict[int, list[CardSpec]] = {}

    def personalise(self, batch_id: int, cards: Sequence[CardSpec]) -> None:
        self.batches.setdefault(batch_id, []).extend(cards)

    def pan_of(self, token: str) -> str:
        for cards in self.batches.values():
            for card in cards:
                if card.token == token:
                    return card.pan.value
        raise KeyError(token)


def _record(card: CardSpec) -> dict[str, object]:
    return {
        "token": card.token,
        "pan": card.pan.value,
        "psn": f"{card.sequence_number:02d}",
        "expiry": card.expires_on.strftime("%y%m"),
        "services": sorted(card.services),
        "name_ar": card.name_ar,
    }
