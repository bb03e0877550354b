"""A notification template: its id, its Arabic and English text, its params and its SMS budget."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from unicard.domain.notifications.params import Param, Stored
from unicard.domain.notifications.segments import measure
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Language

_FIELD = re.compile(r"\{([a-z_]+)\}")


class Channel(enum.StrEnum):
    SMS = "sms"  # to the registered mobile, E.164
    APP = "app"  # to the citizen's in-app event stream, by national ID


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    ar: str  # Arabic first: what a citizen reads by default
    en: str
    params: tuple[Param, ...]
    channels: tuple[Channel, ...]  # where it goes unless the caller narrows it
    max_parts: int  # the SMS parts any rendering may take, in either language

    def __post_init__(self) -> None:
        # A template whose text and params disagree is a bug in this module; refuse it at import.
        declared = {param.name for param in self.params}
        for text in (self.ar, self.en):
            used = set(_FIELD.findall(text))
            if used != declared:
                raise ValueError(
                    f"template {self.id}: its text uses {sorted(used)}, its params {sorted(declared)}"
                )

    def encode(self, values: Mapping[str, object]) -> dict[str, Stored]:
        """The params as the outbox stores them: every declared one, nothing else, each well typed."""
        names = {param.name for param in self.params}
        unknown = sorted(set(values) - names)
        if unknown:
            raise InvalidValue("notification.param_unknown", template=self.id, names=", ".join(unknown))
        missing = [name for name in sorted(names) if name not in values]
        if missing:
            raise InvalidValue("notification.param_missing", template=self.id, names=", ".join(missing))
        return {param.name: param.encode(values[param.name]) for param in self.params}

    def render(self, stored: Mapping[str, object], language: Language) -> str:
        """The text a citizen reads; ``stored`` as :meth:`encode` made it."""
        by_name = {param.name: param for param in self.params}
        missing = sorted(by_name.keys() - stored.keys())
        if missing:
            raise InvalidValue("notification.param_missing", template=self.id, names=", ".join(missing))
        text = self.ar if language == "ar" else self.en
        return _FIELD.sub(lambda match: by_name[match[1]].show(stored[match[1]], language), text)

    def fits(self, text: str) -> bool:
        """Whether a rendering of this template stays within its SMS budget."""
        return measure(text).parts <= self.max_parts
