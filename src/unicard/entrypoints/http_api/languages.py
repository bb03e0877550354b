"""Which language a person reads: ``Accept-Language`` picks Arabic or English, Arabic by default."""

from __future__ import annotations

from unicard.locale.catalog import Language

DEFAULT: Language = "ar"
_SUPPORTED: dict[str, Language] = {"ar": "ar", "en": "en"}


def negotiate(accept_language: str | None) -> Language:
    """The supported language the client ranks highest (RFC 9110 q-values); Arabic on a tie or none."""
    best, best_q = DEFAULT, 0.0
    for item in (accept_language or "").split(","):
        tag, _, parameters = item.partition(";")
        language = _SUPPORTED.get(tag.strip().lower().split("-")[0])
        q = _quality(parameters)
        if language is not None and q > best_q:
            best, best_q = language, q
    return best


def _quality(parameters: str) -> float:
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.lower() == "q":
            try:
                return max(0.0, min(float(value), 1.0))
            except ValueError:
                return 0.0
    return 1.0
