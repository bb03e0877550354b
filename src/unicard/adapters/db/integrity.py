"""Turn the database's refusals (unique, check, foreign-key violations) into domain conflicts.

The domain checks first and names the problem precisely; this is the backstop for races, where
two requests pass the domain checks at once and only the database can tell.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from unicard.domain.shared.errors import Conflict

# Constraint names (PostgreSQL reports them) and column lists (SQLite reports those).
_CODES = {
    "uq_citizens_national_id": "citizen.duplicate",
    "citizens.national_id": "citizen.duplicate",
    "ux_citizens_living_mobile": "citizen.mobile_taken",
    "citizens.mobile": "citizen.mobile_taken",
    "ux_household_members_one_open_household": "household.member_elsewhere",
    "household_members.citizen_id": "household.member_elsewhere",
    "ux_household_members_one_head": "household.second_head",
    "household_members.household_id": "household.second_head",
    "uq_households_number": "household.duplicate",
    "households.number": "household.duplicate",
    "uq_operators_username": "operator.duplicate",
    "operators.username": "operator.duplicate",
    "ux_appeals_one_open_per_decision": "appeal.open_exists",
    "appeals.decision_id": "appeal.open_exists",
    # The ledger adapter raises InsufficientFunds naming the account itself (see db/ledger.py);
    # this catches a floor refusal from any other writer, which cannot say whose account it was.
    "ck_account_balances_not_below_floor": "ledger.insufficient_funds",
}


def conflict_from(error: IntegrityError) -> Conflict:
    constraint = _constraint_name(error)
    return Conflict(_CODES.get(constraint, "database.constraint"), constraint=constraint)


def constraint_of(error: IntegrityError) -> str:
    """The refusing constraint's name (or SQLite's column list), for adapters that refine it."""
    return _constraint_name(error)


def _constraint_name(error: IntegrityError) -> str:
    diag = getattr(error.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return str(name)
    # SQLite: "UNIQUE constraint failed: citizens.mobile" / "CHECK constraint failed: ck_…"
    message = str(error.orig)
    return message.split(":", 1)[1].strip() if ":" in message else message
