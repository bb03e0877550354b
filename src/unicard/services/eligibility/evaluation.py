"""Evaluating against a rule set: one household explained, or the population as an effect report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unicard.domain.eligibility.evaluation import Decision, evaluate
from unicard.domain.eligibility.lifecycle import RuleSetRecord
from unicard.domain.eligibility.rules import RuleSet
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import NotFound
from unicard.services import audit_trail
from unicard.services.eligibility.ports import EffectRow, EligibilityUnitOfWork, RuleParser, effect_row
from unicard.services.eligibility.rule_sets import show
from unicard.services.ports import Clock


@dataclass(frozen=True, slots=True)
class Explained:
    record: RuleSetRecord
    rule_set: RuleSet
    decision: Decision
    on: dt.date


def explain_household(
    uow: EligibilityUnitOfWork, clock: Clock, parse: RuleParser, *, number: str, rule_set: str
) -> Explained:
    """How ``rule_set`` decides household ``number`` today, criterion by criterion (nothing stored)."""
    record, _, rules = show(uow, parse, rule_set)
    on = cairo_date(clock.now())
    with uow:
        facts = uow.eligibility.household_facts(number, sorted(rules.facts))
    if facts is None:
        raise NotFound("household.not_found", number=number)
    return Explained(record, rules, evaluate(rules, facts, on), on)


@dataclass(frozen=True, slots=True)
class EffectReport:
    record: RuleSetRecord
    rule_set: RuleSet
    on: dt.date
    rows: list[EffectRow]  # by governorate

    def total(self) -> EffectRow:
        def add(name: str) -> int:
            return sum(int(getattr(row, name)) for row in self.rows)

        criteria = {
            c.key: (
                sum(r.criteria[c.key][0] for r in self.rows),
                sum(r.criteria[c.key][1] for r in self.rows),
                sum(r.criteria[c.key][2] for r in self.rows),
            )
            for c in self.rule_set.criteria
        }
        names = [
            "households", "people", "eligible", "excluded", "needs_review", "would_exclude",
            "would_exclude_people", "would_reinclude", "would_reinclude_people",
        ]  # fmt: skip
        return effect_row("ALL", [add(name) for name in names], criteria)


def dry_run(
    uow: EligibilityUnitOfWork, clock: Clock, parse: RuleParser, *, actor: str, rule_set: str
) -> EffectReport:
    """What ``rule_set`` would do to today's population, compared with today's status."""
    record, _, rules = show(uow, parse, rule_set)
    now = clock.now()
    on = cairo_date(now)
    with uow:
        rows = uow.eligibility.effect(rules, on)
        report = EffectReport(record, rules, on, rows)
        total = report.total()
        audit_trail.record(
            uow,
            actor=actor,
            action="eligibility.dry_run",
            subject=f"rule_set:{record.name}:{record.version}",
            at=now,
            details={
                "households": total.households,
                "would_exclude": total.would_exclude,
                "would_reinclude": total.would_reinclude,
                "needs_review": total.needs_review,
            },
        )
        uow.commit()
    return report


CSV_HEADER = (
    "governorate", "criterion", "households", "people", "eligible", "excluded", "needs_review",
    "would_exclude_households", "would_exclude_people",
    "would_reinclude_households", "would_reinclude_people",
)  # fmt: skip


def effect_csv_rows(report: EffectReport) -> list[list[str]]:
    """The report as CSV rows: per governorate (and ``ALL``), a totals row (criterion ``*``) and
    one row per criterion — households and people it holds for, and how many of those it would
    take off the ration (a household excluded by two criteria counts under both)."""
    rows: list[list[str]] = [list(CSV_HEADER)]
    for line in [*report.rows, report.total()]:
        rows.append(
            [
                line.governorate,
                "*",
                str(line.households),
                str(line.people),
                str(line.eligible),
                str(line.excluded),
                str(line.needs_review),
                str(line.would_exclude),
                str(line.would_exclude_people),
                str(line.would_reinclude),
                str(line.would_reinclude_people),
            ]
        )
        for criterion in report.rule_set.criteria:
            held, people, newly_out = line.criteria[criterion.key]
            rows.append(
                [
                    line.governorate,
                    criterion.key,
                    str(held),
                    str(people),
                    "",
                    "",
                    "",
                    str(newly_out),
                    "",
                    "",
                    "",
                ]
            )
    return rows
