"""A rule set's life: drafted, approved by someone else, applied — decisions with reasons, the
ration status from the next month (the ledger's credit follows), an Arabic SMS to each change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.fakes import FixedClock
from tests.integration.eligibility.world import FRESH, home
from unicard.adapters.db.tables import households
from unicard.adapters.db.tables_eligibility import ration_eligibility_changes
from unicard.adapters.db.tables_payments import outbox
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.policy_files import load_shipped_book
from unicard.adapters.rule_files import parse_rule_set, shipped_rule_texts
from unicard.domain.eligibility.evaluation import Outcome, Result
from unicard.domain.shared.errors import Conflict, Forbidden, NotFound
from unicard.services import policies
from unicard.services.audit import verify_chain
from unicard.services.eligibility import rule_sets, taking_effect
from unicard.services.payments.entitlements import ensure_period

ANALYST, APPROVER = "analyst.one", "approver.one"
ROUND_2019 = shipped_rule_texts()["round-2019.toml"]


def _draft(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    rule_sets.draft(uow_factory(), clock, parse_rule_set, actor=ANALYST, document=ROUND_2019, file="r.toml")


def test_nobody_approves_their_own_draft(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    _draft(uow_factory, clock)
    with pytest.raises(Forbidden) as refused:
        rule_sets.approve(uow_factory(), clock, actor=ANALYST, name="round-2019")
    assert refused.value.code == "eligibility.rule_set.self_approval"
    with uow_factory() as uow:
        found = uow.eligibility.rule_set("round-2019")
    assert found is not None
    assert found[0].status.value == "draft"


@pytest.mark.parametrize("day", [dt.date(2026, 11, 1), dt.date(2026, 12, 15), dt.date(2026, 11, 22)])
def test_approval_takes_effect_on_the_first_of_a_later_month_only(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, day: dt.date
) -> None:
    _draft(uow_factory, clock)
    with pytest.raises(Conflict) as refused:
        rule_sets.approve(uow_factory(), clock, actor=APPROVER, name="round-2019", effective_from=day)
    assert refused.value.code == "eligibility.rule_set.effective_from"


def test_approved_once_and_applied_only_when_approved(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    _draft(uow_factory, clock)
    with pytest.raises(Conflict, match="not_approved"):
        taking_effect.apply(uow_factory(), clock, parse_rule_set, actor=APPROVER, name="round-2019")
    record = rule_sets.approve(uow_factory(), clock, actor=APPROVER, name="round-2019")
    assert (record.status.value, record.effective_from, record.approved_by) == (
        "approved",
        dt.date(2026, 12, 1),
        APPROVER,
    )
    with pytest.raises(Conflict, match="not_draft"):
        rule_sets.approve(uow_factory(), clock, actor="approver.two", name="round-2019")
    with pytest.raises(NotFound):
        rule_sets.approve(uow_factory(), clock, actor=APPROVER, name="round-2031")


def test_applying_decides_explains_notifies_and_changes_next_months_credit(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    policies.ensure_policy_seeded(uow_factory(), clock, load_shipped_book())
    rich = home(uow_factory, clock, size=2, facts=[[], [("electricity_kwh_month", 800, FRESH)]])
    back = home(uow_factory, clock, size=3, facts=[[("electricity_kwh_month", 300, FRESH)]], eligible=False)
    unknown = home(uow_factory, clock, size=1)
    november_credit = ensure_period(uow_factory(), clock, rich.number).ration_granted
    assert november_credit > 0
    _draft(uow_factory, clock)
    rule_sets.approve(uow_factory(), clock, actor=APPROVER, name="round-2019")

    done = taking_effect.apply(uow_factory(), clock, parse_rule_set, actor=APPROVER, name="round-2019")

    assert (done.excluded, done.restored) == (1, 1)
    with uow_factory() as uow:
        status = dict(uow.connection.execute(select(households.c.number, households.c.ration_eligible)).all())
        changes = uow.connection.execute(select(ration_eligibility_changes)).all()
        sent = uow.connection.execute(select(outbox).order_by(outbox.c.id)).all()
        decision_ids = [c.decision_id for c in changes]
        decisions = [uow.eligibility.decision(i) for i in decision_ids]
        listed = uow.eligibility.rule_sets()
    assert (status[rich.number], status[back.number], status[unknown.number]) == (False, True, True)
    assert {c.effective_from for c in changes} == {dt.date(2026, 12, 1)}
    excluded = next(d for d in decisions if d is not None and d.household == rich.number)
    assert excluded.outcome is Outcome.EXCLUDED
    held = [r for r in excluded.reasons if r.result is Result.HELD]
    assert [(r.criterion, r.national_id, r.value, r.source, r.as_of) for r in held] == [
        ("electricity", rich.members[1], 800, "agency", FRESH)
    ]
    assert len(excluded.reasons) == 5
    assert [r.status.value for r in listed] == ["effective"]
    # The head of each changed household hears of it, by SMS and in the app, in Arabic.
    assert sorted(
        (row.channel, row.template, row.recipient)
        for row in sent
        if row.channel == "app" and row.template.startswith("elig")
    ) == sorted(
        [("app", "eligibility_excluded", rich.members[0]), ("app", "eligibility_restored", back.members[0])]
    )
    sms = [row for row in sent if row.channel == "sms" and row.template == "eligibility_excluded"]
    assert len(sms) == 1
    assert "٦٥٠" in str(sms[0].params)  # the reason, in the rule set's Arabic words and digits
    # November was credited before the decision and stays; December follows it.
    assert ensure_period(uow_factory(), clock, back.number).ration_granted == 0
    clock.advance(dt.timedelta(days=10))  # 2026-12-02
    assert ensure_period(uow_factory(), clock, rich.number).ration_granted == 0
    assert ensure_period(uow_factory(), clock, back.number).ration_granted > 0
    assert verify_chain(uow_factory()).intact
