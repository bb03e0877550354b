"""Eligibility decisions to appeal against, written straight to the rules' table."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Engine, MetaData, String, Table, insert

# Until the rules branch is merged: the three columns an appeal reads.
_metadata = MetaData()
_decisions = Table(
    "eligibility_decisions",
    _metadata,
    Column("id", BigInteger().with_variant(__import__("sqlalchemy").Integer(), "sqlite"), primary_key=True),
    Column("household_number", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),
)


def seed_decision(engine: Engine, household_number: str, outcome: str = "excluded") -> int:
    _metadata.create_all(engine, checkfirst=True)
    with engine.begin() as connection:
        return int(
            connection.execute(
                insert(_decisions)
                .values(household_number=household_number, outcome=outcome)
                .returning(_decisions.c.id)
            ).scalar_one()
        )
