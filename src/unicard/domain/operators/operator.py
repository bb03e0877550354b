"""Operators (ministry and post staff) and their roles, each scoped to governorates."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.governorates import RESIDENCE_CODES

ALL_GOVERNORATES = "*"
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 12


class Role(enum.StrEnum):
    ADMIN = "admin"
    SUPPLY_OFFICER = "supply_officer"
    HEALTH_OFFICER = "health_officer"
    POST_CLERK = "post_clerk"
    AUDITOR = "auditor"
    DATA_STEWARD = "data_steward"  # imports agency data feeds
    RULES_ANALYST = "rules_analyst"  # drafts eligibility rule sets
    RULES_APPROVER = "rules_approver"  # approves them (never their own drafts)


@dataclass(frozen=True, slots=True)
class Operator:
    username: str
    display_name: str
    roles: frozenset[Role]
    governorates: frozenset[str]  # residence codes, or {"*"} for every governorate
    active: bool = True
    id: int | None = None

    @classmethod
    def create(
        cls,
        *,
        username: str,
        display_name: str,
        roles: frozenset[Role],
        governorates: frozenset[str],
    ) -> Operator:
        username = username.strip().lower()
        if not _USERNAME.match(username):
            raise InvalidValue("operator.username", field="username", value=username)
        if not roles:
            raise InvalidValue("operator.no_role", field="roles")
        scopes = frozenset(
            code.strip().zfill(2) if code != ALL_GOVERNORATES else code for code in governorates
        )
        unknown = sorted(scopes - RESIDENCE_CODES - {ALL_GOVERNORATES})
        if unknown:
            raise InvalidValue("operator.governorate", field="governorates", codes=", ".join(unknown))
        if not scopes:
            raise InvalidValue("operator.no_governorate", field="governorates")
        return cls(username, display_name.strip() or username, roles, scopes)

    def has_any_role(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)

    def covers(self, governorate: str) -> bool:
        return ALL_GOVERNORATES in self.governorates or governorate in self.governorates


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidValue("operator.password_short", field="password", minimum=MIN_PASSWORD_LENGTH)
