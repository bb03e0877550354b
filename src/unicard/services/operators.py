"""Use cases on operators: create one, authenticate one."""

from __future__ import annotations

from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role, check_password_strength
from unicard.domain.shared.errors import Conflict, DomainError, Forbidden, InvalidValue
from unicard.services import audit_trail
from unicard.services.ports import Clock, PasswordHasher, UnitOfWork

SYSTEM_ACTOR = "system"


class AuthenticationFailed(DomainError):
    """Wrong username or password, or a disabled account: callers must not say which."""


def parse_roles(raw: list[str]) -> frozenset[Role]:
    try:
        return frozenset(Role(role.strip()) for role in raw)
    except ValueError:
        raise InvalidValue("operator.role", field="roles", value=", ".join(raw)) from None


def create_operator(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    actor: str,
    username: str,
    display_name: str,
    roles: frozenset[Role],
    governorates: frozenset[str],
    password: str,
    actor_governorates: frozenset[str] = frozenset({ALL_GOVERNORATES}),
) -> Operator:
    """``actor`` is the admin's username, or :data:`SYSTEM_ACTOR` for the first admin from the CLI.

    An admin can grant only governorates within their own scope.
    """
    operator = Operator.create(
        username=username, display_name=display_name, roles=roles, governorates=governorates
    )
    if ALL_GOVERNORATES not in actor_governorates and not operator.governorates <= actor_governorates:
        raise Forbidden(
            "operator.scope_beyond_own",
            governorates=", ".join(sorted(operator.governorates - actor_governorates)),
        )
    check_password_strength(password)
    password_hash = hasher.hash(password)
    with uow:
        if uow.operators.get(operator.username) is not None:
            raise Conflict("operator.duplicate", username=operator.username)
        stored = uow.operators.add(operator, password_hash)
        audit_trail.record(
            uow,
            actor=actor,
            action="operator.create",
            subject=f"operator:{operator.username}",
            at=clock.now(),
            after={
                "username": operator.username,
                "roles": sorted(operator.roles),
                "governorates": sorted(operator.governorates),
            },
        )
        uow.commit()
    return stored


def authenticate(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, username: str, password: str
) -> Operator:
    """The operator, if the password is right; every attempt, good or bad, is in the audit log."""
    username = username.strip().lower()
    with uow:
        operator = uow.operators.get(username)
        stored_hash = uow.operators.password_hash(username)
        ok = (
            operator is not None
            and operator.active
            and stored_hash is not None
            and hasher.verify(stored_hash, password)
        )
        audit_trail.record(
            uow,
            actor=username or "-",
            action="operator.login" if ok else "operator.login_failed",
            subject=f"operator:{username}",
            at=clock.now(),
        )
        if ok and stored_hash is not None and hasher.needs_rehash(stored_hash):
            uow.operators.set_password_hash(username, hasher.hash(password))
        uow.commit()
    if not ok or operator is None:
        raise AuthenticationFailed("auth.bad_credentials")
    return operator
