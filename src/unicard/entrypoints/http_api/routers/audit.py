"""``/api/v1/audit``: check that the audit log's hash chain is unbroken."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from unicard.domain.operators.operator import Role
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.schemas.operators import AuditChainOut
from unicard.entrypoints.http_api.security import requires
from unicard.services import audit

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get(
    "/verify",
    summary="Recompute the audit log's hash chain and report the first break",
    dependencies=[Depends(requires(Role.ADMIN, Role.AUDITOR))],
)
def verify_audit_chain(container: ContainerDep) -> AuditChainOut:
    return AuditChainOut.of(audit.verify_chain(container.uow_factory.reading()))
