"""Blocking a lost or stolen card: the reasons, and the SMS keyword a citizen may send."""

from __future__ import annotations

import enum
import re

from unicard.domain.cards.card import Card, CardStatus
from unicard.domain.shared.errors import Conflict


class BlockReason(enum.StrEnum):
    LOST = "lost"
    STOLEN = "stolen"
    DAMAGED = "damaged"
    FRAUD = "fraud"


#: What a citizen texts to stop their card, after normalising (see :func:`is_block_keyword`).
BLOCK_KEYWORDS = frozenset({"ايقاف", "ايقاف البطاقه", "ايقاف بطاقه", "STOP CARD", "STOP", "BLOCK CARD"})
_HAMZA = str.maketrans({"إ": "ا", "أ": "ا", "آ": "ا", "ة": "ه", "ـ": None})
_SPACES = re.compile(r"\s+")


def is_block_keyword(text: str) -> bool:
    """``"إيقاف"``, ``"ايقاف البطاقة"``, ``" stop  card "``… (hamza, taa marbuta, case and spacing
    vary on phones)."""
    normal = _SPACES.sub(" ", text.translate(_HAMZA)).strip().upper()
    return normal in BLOCK_KEYWORDS


def check_blockable(card: Card) -> None:
    if card.status in (CardStatus.BLOCKED, CardStatus.REPLACED, CardStatus.EXPIRED):
        raise Conflict("block.not_blockable", last4=card.last4, status=card.status.value)
