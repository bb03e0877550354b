"""Arabic-aware name matching: the same name is spelled many ways (أحمد / احمد, فاطمة / فاطمه)."""

from __future__ import annotations

import re

_DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")  # tashkeel and tatweel
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})


def search_key(*names: str | None) -> str:
    """One normalised string holding every name part, for prefix search by any part."""
    parts = (_DIACRITICS.sub("", name).translate(_FOLD).lower() for name in names if name)
    return " ".join(" ".join(parts).split())
