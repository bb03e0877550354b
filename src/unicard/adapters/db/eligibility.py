"""Rule sets, evaluation runs and decisions in SQL; the population evaluated set-wise.

The evaluation query itself is :mod:`.eligibility_sql`; this store runs it three ways — grouped
into an effect report (a dry run), materialised into decisions with reasons (applying a rule
set), or for one household's facts (the domain then explains that household).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    func,
    insert,
    literal,
    select,
    update,
)

from unicard.adapters.db.eligibility_sql import columns, evaluation
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.tables_eligibility import (
    decision_reasons,
    eligibility_decisions,
    eligibility_runs,
    ration_eligibility_changes,
    rule_sets,
)
from unicard.adapters.db.tables_feeds import citizen_facts
from unicard.domain.eligibility.evaluation import HouseholdFacts, MemberFact, Outcome, Result
from unicard.domain.eligibility.lifecycle import RuleSetRecord, Status
from unicard.domain.eligibility.rules import RuleSet
from unicard.services.eligibility.ports import (
    AppliedRun,
    ChangedHousehold,
    EffectRow,
    StoredDecision,
    StoredReason,
    effect_row,
)


class SqlEligibilityStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    # -- rule sets ------------------------------------------------------------------------------
    def add_draft(self, rule_set: RuleSet, document: str, *, by: str, at: dt.datetime) -> RuleSetRecord:
        latest = self._db.execute(
            select(func.max(rule_sets.c.version)).where(rule_sets.c.name == rule_set.name)
        ).scalar_one()
        version = int(latest or 0) + 1
        new_id = self._db.execute(
            insert(rule_sets)
            .values(
                name=rule_set.name,
                version=version,
                title_en=rule_set.title_en,
                title_ar=rule_set.title_ar,
                document=document,
                status=Status.DRAFT.value,
                drafted_by=by,
                drafted_at=at,
            )
            .returning(rule_sets.c.id)
        ).scalar_one()
        return RuleSetRecord(
            int(new_id), rule_set.name, version, rule_set.title_ar, rule_set.title_en, Status.DRAFT, by, at
        )

    def rule_set(self, name: str, version: int | None = None) -> tuple[RuleSetRecord, str] | None:
        """The named rule set (its latest version unless one is asked for) and its document."""
        query = select(rule_sets).where(rule_sets.c.name == name)
        if version is not None:
            query = query.where(rule_sets.c.version == version)
        row = self._db.execute(query.order_by(rule_sets.c.version.desc()).limit(1)).first()
        return (_record(row), row.document) if row else None

    def rule_sets(self) -> list[RuleSetRecord]:
        rows = self._db.execute(select(rule_sets).order_by(rule_sets.c.name, rule_sets.c.version))
        return [_record(row) for row in rows]

    def approve(self, record_id: int, *, by: str, at: dt.datetime, effective_from: dt.date) -> None:
        self._db.execute(
            update(rule_sets)
            .where(rule_sets.c.id == record_id)
            .values(
                status=Status.APPROVED.value, approved_by=by, approved_at=at, effective_from=effective_from
            )
        )

    def make_effective(self, record_id: int) -> list[str]:
        """Mark the rule set effective and retire any other; the names retired."""
        retired = list(
            self._db.execute(
                select(rule_sets.c.name).where(
                    rule_sets.c.status == Status.EFFECTIVE.value, rule_sets.c.id != record_id
                )
            ).scalars()
        )
        self._db.execute(
            update(rule_sets)
            .where(rule_sets.c.status == Status.EFFECTIVE.value, rule_sets.c.id != record_id)
            .values(status=Status.RETIRED.value)
        )
        self._db.execute(
            update(rule_sets).where(rule_sets.c.id == record_id).values(status=Status.EFFECTIVE.value)
        )
        return retired

    # -- one household --------------------------------------------------------------------------
    def household_facts(self, number: str, facts: Sequence[str]) -> HouseholdFacts | None:
        found = self._db.execute(
            select(households.c.id, households.c.ration_eligible).where(households.c.number == number)
        ).first()
        if found is None:
            return None
        members = self._db.execute(
            select(citizens.c.national_id, household_members.c.relation)
            .join(citizens, citizens.c.id == household_members.c.citizen_id)
            .where(
                household_members.c.household_id == found.id,
                household_members.c.left_at.is_(None),
                citizens.c.deceased_on.is_(None),
            )
            .order_by(citizens.c.national_id)
        ).all()
        ids = [member.national_id for member in members]
        rows = self._db.execute(
            select(citizen_facts).where(
                citizen_facts.c.national_id.in_(ids), citizen_facts.c.fact.in_(list(facts))
            )
        )
        values = {
            (row.national_id, row.fact): MemberFact(
                row.national_id, row.fact, row.value if row.code is None else row.code, row.source, row.as_of
            )
            for row in rows
        }
        head = next((m.national_id for m in members if m.relation == "head"), None)
        return HouseholdFacts(number, head, tuple(ids), values, new_entrant=not found.ration_eligible)

    # -- the population -------------------------------------------------------------------------
    def effect(self, rule_set: RuleSet, on: dt.date) -> list[EffectRow]:
        """Per governorate: the outcomes, what changes against today's status, each criterion."""
        ev = evaluation(rule_set, on).subquery("outcomes")
        excluded, eligible = ev.c.outcome == Outcome.EXCLUDED.value, ev.c.outcome == Outcome.ELIGIBLE.value
        newly_out = and_(ev.c.was_eligible, excluded)
        back_in = and_(~ev.c.was_eligible, eligible)

        def households_where(condition: Any) -> Any:
            return func.sum(case((condition, 1), else_=0))

        def people_where(condition: Any) -> Any:
            return func.sum(case((condition, ev.c.people), else_=0))

        measures = [
            households_where(literal(True)),
            people_where(literal(True)),
            households_where(eligible),
            households_where(excluded),
            households_where(ev.c.outcome == Outcome.NEEDS_REVIEW.value),
            households_where(newly_out),
            people_where(newly_out),
            households_where(back_in),
            people_where(back_in),
        ]
        for index in range(len(rule_set.criteria)):
            held = ev.c[columns(index).result] == Result.HELD.value
            measures += [households_where(held), people_where(held), households_where(and_(held, newly_out))]
        rows = self._db.execute(
            select(ev.c.governorate, *measures).group_by(ev.c.governorate).order_by(ev.c.governorate)
        )
        return [_effect_row(rule_set, row) for row in rows]

    def apply(
        self, rule_set: RuleSet, record: RuleSetRecord, on: dt.date, *, by: str, at: dt.datetime
    ) -> AppliedRun:
        """Record a decision with reasons for every open household; change the ration status of
        those whose outcome says so, from the rule set's effective date."""
        assert record.effective_from is not None
        scratch = _scratch_table(rule_set)
        scratch.create(self._db)
        try:
            self._db.execute(insert(scratch).from_select(list(scratch.c.keys()), evaluation(rule_set, on)))
            run_id = self._record_run(scratch, record, on, by=by, at=at)
            self._record_decisions(scratch, record, run_id, at)
            for index, criterion in enumerate(rule_set.criteria):
                self._record_reasons(scratch, run_id, index, criterion.key, criterion.fact)
            changed = self._change_status(scratch, run_id, record.effective_from, at)
        finally:
            scratch.drop(self._db)
        return AppliedRun(run_id, changed)

    def _record_run(
        self, scratch: Table, record: RuleSetRecord, on: dt.date, *, by: str, at: dt.datetime
    ) -> int:
        s = scratch.c
        counts = self._db.execute(
            select(
                func.count(),
                func.sum(case((s.outcome == "eligible", 1), else_=0)),
                func.sum(case((s.outcome == "excluded", 1), else_=0)),
                func.sum(case((s.outcome == "needs_review", 1), else_=0)),
            )
        ).one()
        return int(
            self._db.execute(
                insert(eligibility_runs)
                .values(
                    rule_set_id=record.id,
                    kind="applied",
                    evaluated_on=on,
                    started_by=by,
                    started_at=at,
                    households=counts[0],
                    eligible=counts[1] or 0,
                    excluded=counts[2] or 0,
                    needs_review=counts[3] or 0,
                )
                .returning(eligibility_runs.c.id)
            ).scalar_one()
        )

    def _record_decisions(self, scratch: Table, record: RuleSetRecord, run_id: int, at: dt.datetime) -> None:
        s = scratch.c
        chosen = select(
            literal(run_id),
            literal(record.id),
            s.number,
            s.outcome,
            s.was_eligible,
            literal(at, eligibility_decisions.c.decided_at.type),
        )
        names = ["run_id", "rule_set_id", "household_number", "outcome", "was_eligible", "decided_at"]
        self._db.execute(insert(eligibility_decisions).from_select(names, chosen))

    def _record_reasons(self, scratch: Table, run_id: int, index: int, key: str, fact: str) -> None:
        s, d, f = scratch.c, eligibility_decisions.c, citizen_facts.c
        names = columns(index)
        chosen = (
            select(
                d.id,
                literal(key),
                literal(fact),
                s[names.witness],
                func.coalesce(s[names.total], f.value),
                f.code,
                f.source,
                f.as_of,
                s[names.result],
            )
            .join(eligibility_decisions, and_(d.run_id == run_id, d.household_number == s.number))
            .outerjoin(citizen_facts, and_(f.national_id == s[names.witness], f.fact == fact))
        )
        target = [
            "decision_id",
            "criterion",
            "fact",
            "national_id",
            "value",
            "code",
            "source",
            "as_of",
            "result",
        ]
        self._db.execute(insert(decision_reasons).from_select(target, chosen))

    def _change_status(
        self, scratch: Table, run_id: int, effective_from: dt.date, at: dt.datetime
    ) -> list[ChangedHousehold]:
        s, d = scratch.c, eligibility_decisions.c
        now_eligible = s.outcome == Outcome.ELIGIBLE.value
        changes = and_(s.outcome != Outcome.NEEDS_REVIEW.value, s.was_eligible != now_eligible)
        chosen = (
            select(
                s.household_id,
                d.id,
                s.was_eligible,
                now_eligible,
                literal(effective_from),
                literal(at, ration_eligibility_changes.c.recorded_at.type),
            )
            .join(eligibility_decisions, and_(d.run_id == run_id, d.household_number == s.number))
            .where(changes)
        )
        names = [
            "household_id",
            "decision_id",
            "was_eligible",
            "now_eligible",
            "effective_from",
            "recorded_at",
        ]
        self._db.execute(insert(ration_eligibility_changes).from_select(names, chosen))
        ids = select(s.household_id).where(changes).scalar_subquery()
        self._db.execute(
            update(households)
            .where(households.c.id.in_(ids))
            .values(ration_eligible=~households.c.ration_eligible)
        )
        rows = self._db.execute(
            select(d.id, s.number, now_eligible.label("now"))
            .join(eligibility_decisions, and_(d.run_id == run_id, d.household_number == s.number))
            .where(changes)
            .order_by(s.number)
        )
        return [ChangedHousehold(row.id, row.number, bool(row.now)) for row in rows]

    # -- decisions ------------------------------------------------------------------------------
    def decision(self, decision_id: int) -> StoredDecision | None:
        row = self._db.execute(
            select(eligibility_decisions, rule_sets.c.name, rule_sets.c.version)
            .join(rule_sets, rule_sets.c.id == eligibility_decisions.c.rule_set_id)
            .where(eligibility_decisions.c.id == decision_id)
        ).first()
        if row is None:
            return None
        reasons = self._db.execute(
            select(decision_reasons)
            .where(decision_reasons.c.decision_id == decision_id)
            .order_by(decision_reasons.c.id)
        )
        return StoredDecision(
            id=row.id,
            household=row.household_number,
            rule_set=row.name,
            version=row.version,
            outcome=Outcome(row.outcome),
            was_eligible=bool(row.was_eligible),
            decided_at=row.decided_at,
            reasons=tuple(
                StoredReason(
                    r.criterion,
                    r.fact,
                    Result(r.result),
                    r.national_id,
                    r.code if r.code is not None else r.value,
                    r.source,
                    r.as_of,
                )
                for r in reasons
            ),
        )

    def head_and_mobile(self, number: str) -> tuple[str, str | None] | None:
        row = self._db.execute(
            select(citizens.c.national_id, citizens.c.mobile)
            .join(household_members, household_members.c.citizen_id == citizens.c.id)
            .join(households, households.c.id == household_members.c.household_id)
            .where(
                households.c.number == number,
                household_members.c.left_at.is_(None),
                household_members.c.relation == "head",
            )
        ).first()
        return (row.national_id, row.mobile) if row else None


def _record(row: Any) -> RuleSetRecord:
    return RuleSetRecord(
        id=row.id,
        name=row.name,
        version=row.version,
        title_ar=row.title_ar,
        title_en=row.title_en,
        status=Status(row.status),
        drafted_by=row.drafted_by,
        drafted_at=row.drafted_at,
        effective_from=row.effective_from,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
    )


def _effect_row(rule_set: RuleSet, row: Any) -> EffectRow:
    values = [int(v or 0) for v in row[1:]]
    base, per_criterion = values[:9], values[9:]
    return effect_row(
        row.governorate,
        base,
        {
            criterion.key: (per_criterion[3 * i], per_criterion[3 * i + 1], per_criterion[3 * i + 2])
            for i, criterion in enumerate(rule_set.criteria)
        },
    )


def _scratch_table(rule_set: RuleSet) -> Table:
    """A temporary table holding one evaluation, so decisions and reasons read it once."""
    per_criterion: list[Column[Any]] = []
    for index in range(len(rule_set.criteria)):
        names = columns(index)
        per_criterion += [
            Column(names.result, String(16)),
            Column(names.witness, String(14)),
            Column(names.total, BigInteger),
        ]
    ordered = {c.name: c for c in per_criterion}
    results = [ordered[columns(i).result] for i in range(len(rule_set.criteria))]
    witnesses = [ordered[columns(i).witness] for i in range(len(rule_set.criteria))]
    totals = [ordered[columns(i).total] for i in range(len(rule_set.criteria))]
    return Table(
        "eligibility_scratch",
        MetaData(),
        Column("household_id", BigInteger),
        Column("number", String(16)),
        Column("governorate", String(2)),
        Column("people", Integer),
        Column("was_eligible", Boolean),
        *results,
        *witnesses,
        *totals,
        Column("outcome", String(12)),
        prefixes=["TEMPORARY"],
    )
