"""The words a person reads for each domain error code, in Arabic and English.

The domain raises ``InvalidValue("national_id.birth_date", date="31-02-1990")``; the edge calls
``describe(error, "ar")``. Templates fill ``{param}`` fields from the error's params. Rendering
never raises: an unknown code gets a generic sentence naming the code, and a missing param
leaves its ``{field}`` in place, so a wrong catalog entry shows up in the text, not as a crash.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from typing import Literal, cast

from unicard.domain.shared.errors import DomainError
from unicard.domain.shared.money import Money

Language = Literal["ar", "en"]

#: Modules of :mod:`unicard.locale.messages`, each with ``MESSAGES: dict[code, (Arabic, English)]``.
#: Adding a subject is one line here.
SUBJECTS = (
    "identity",
    "registry",
    "operators",
    "imports",
    "ledger",
    "policy",
    "notifications",
    "merchants",
    "payments",
    "pickup",
    "app",
    "feeds",
    "appeals",
    "eligibility",
    "rollout",
    "cards",
)

_UNKNOWN = (
    "تعذّر تنفيذ الطلب (رمز الخطأ: {code})",
    "the request could not be completed (error code: {code})",
)

# ``{{`` and ``}}`` are str.format escapes; ``{name}`` is a field.
_FIELD = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _load(subject: str) -> Mapping[str, tuple[str, str]]:
    module = importlib.import_module(f"{__package__}.messages.{subject}")
    return cast("Mapping[str, tuple[str, str]]", module.MESSAGES)


def _merge(subjects: Iterable[Mapping[str, tuple[str, str]]]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for messages in subjects:
        clash = merged.keys() & messages.keys()
        if clash:
            raise ValueError(f"message codes defined twice: {sorted(clash)}")
        merged.update(messages)
    return merged


MESSAGES: dict[str, tuple[str, str]] = _merge(_load(subject) for subject in SUBJECTS)


def render(code: str, params: Mapping[str, object], language: Language) -> str:
    """The message for ``code`` in ``language``, its ``{param}`` fields filled from ``params``."""
    templates = MESSAGES.get(code)
    if templates is None:
        templates, params = _UNKNOWN, {"code": code}
    template = templates[0] if language == "ar" else templates[1]

    def fill(match: re.Match[str]) -> str:
        name = match[1]
        if name is None:
            return match[0][0]
        if name not in params:
            return match[0]
        return _show(params[name], language)

    return _FIELD.sub(fill, template)


def describe(error: DomainError, language: Language) -> str:
    """The message a person reads for ``error``."""
    return render(error.code, error.params, language)


def _show(value: object, language: Language) -> str:
    if isinstance(value, Money):
        return value.format(language)
    return str(value)
