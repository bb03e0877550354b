"""Operators, sign-in and the audit check as the API reads and writes them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr

from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.schemas.common import RequestBody
from unicard.services.audit import ChainReport


class Credentials(RequestBody):
    username: str = Field(max_length=40, examples=["amal.supply"])
    password: SecretStr = Field(max_length=1024)


class AccessToken(BaseModel):
    access_token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the token expires; then sign in again.")


class OperatorCreation(RequestBody):
    username: str = Field(description="3–40 characters: lower-case Latin letters, digits, . _ -")
    display_name: str = Field(description="The name shown in the console and the audit log.")
    roles: list[Role] = Field(min_length=1)
    governorates: list[str] = Field(
        min_length=1, description='Governorate codes the operator acts in, or ["*"] for all.'
    )
    password: SecretStr = Field(description="At least 12 characters.")


class OperatorOut(BaseModel):
    username: str
    display_name: str
    roles: list[Role]
    governorates: list[str] = Field(description='Governorate codes in scope; "*" means all.')
    active: bool

    @classmethod
    def of(cls, operator: Operator) -> OperatorOut:
        return cls(
            username=operator.username,
            display_name=operator.display_name,
            roles=sorted(operator.roles),
            governorates=sorted(operator.governorates),
            active=operator.active,
        )


class ChainBreakOut(BaseModel):
    chain: str = Field(description="The chain (e.g. registry) in which the break was found.")
    seq: int = Field(description="Sequence number of the first record that does not follow.")
    problem: str = Field(description="altered, missing or relinked.")


class AuditChainOut(BaseModel):
    intact: bool
    records: int = Field(description="Records checked.")
    first_break: ChainBreakOut | None

    @classmethod
    def of(cls, report: ChainReport) -> AuditChainOut:
        broken = report.first_break
        return cls(
            intact=report.intact,
            records=report.records,
            first_break=(
                ChainBreakOut(chain=broken.chain, seq=broken.seq, problem=broken.problem) if broken else None
            ),
        )
