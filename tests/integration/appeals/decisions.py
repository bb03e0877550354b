"""Eligibility decisions to appeal against, written straight to the rules' tables.

The end-to-end test gets its decision from applying a real rule set; the other appeal tests only
need a decision row of a given outcome, so one rule set and one run per database hold them all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert, select

from unicard.adapters.db.tables_eligibility import eligibility_decisions, eligibility_runs, rule_sets

AT = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def seed_decision(engine: Engine, household_number: str, outcome: str = "excluded") -> int:
    with engine.begin() as connection:
        run = connection.execute(select(eligibility_runs.c.id, eligibility_runs.c.rule_set_id)).first()
        if run is None:
            rule_set_id = connection.execute(
                insert(rule_sets)
                .values(
                    name="test-round",
                    version=1,
                    title_en="test round",
                    title_ar="جولة اختبار",
                    document="",
                    status="effective",
                    effective_from=dt.date(2026, 11, 1),
                    drafted_by="analyst",
                    drafted_at=AT,
                    approved_by="approver",
                    approved_at=AT,
                )
                .returning(rule_sets.c.id)
            ).scalar_one()
            run_id = connection.execute(
                insert(eligibility_runs)
                .values(
                    rule_set_id=rule_set_id,
                    kind="applied",
                    evaluated_on=AT.date(),
                    started_by="approver",
                    started_at=AT,
                    households=0,
                    eligible=0,
                    excluded=0,
                    needs_review=0,
                )
                .returning(eligibility_runs.c.id)
            ).scalar_one()
        else:
            run_id, rule_set_id = run
        return int(
            connection.execute(
                insert(eligibility_decisions)
                .values(
                    run_id=run_id,
                    rule_set_id=rule_set_id,
                    household_number=household_number,
                    outcome=outcome,
                    was_eligible=True,
                    decided_at=AT,
                )
                .returning(eligibility_decisions.c.id)
            ).scalar_one()
        )
