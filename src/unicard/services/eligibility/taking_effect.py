"""Applying an approved rule set: decisions for every household, ration status from its date.

One transaction: the decisions and their reasons, the status changes dated ``effective_from``
(so the ledger credits the current month as before and the next month as decided), the rule
set made effective (the previous one retired), an SMS and an app event for each household whose
status changes, and the audit record. A crash leaves nothing half applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unicard.domain.eligibility.evaluation import Result
from unicard.domain.eligibility.lifecycle import RuleSetRecord, Status
from unicard.domain.eligibility.rules import RuleSet
from unicard.domain.notifications import Bilingual, Recipient, TemplateId
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict
from unicard.services import audit_trail
from unicard.services.eligibility.ports import ChangedHousehold, EligibilityUnitOfWork, RuleParser
from unicard.services.eligibility.rule_sets import show
from unicard.services.notifications.notify import notify
from unicard.services.ports import Clock

_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True, slots=True)
class Applied:
    record: RuleSetRecord
    run_id: int
    excluded: int  # households taken off the ration from effective_from
    restored: int  # households put back on it
    retired: list[str]


def apply(uow: EligibilityUnitOfWork, clock: Clock, parse: RuleParser, *, actor: str, name: str) -> Applied:
    record, _, rules = show(uow, parse, name)
    if record.status is not Status.APPROVED or record.effective_from is None:
        raise Conflict(
            "eligibility.rule_set.not_approved",
            name=record.name,
            version=record.version,
            status=record.status.value,
        )
    now = clock.now()
    with uow:
        run = uow.eligibility.apply(rules, record, cairo_date(now), by=actor, at=now)
        retired = uow.eligibility.make_effective(record.id)
        for changed in run.changed:
            _tell(uow, rules, record, changed, now)
        excluded = sum(not c.now_eligible for c in run.changed)
        restored = len(run.changed) - excluded
        audit_trail.record(
            uow,
            actor=actor,
            action="eligibility.rule_set.apply",
            subject=f"rule_set:{record.name}:{record.version}",
            at=now,
            before={"status": record.status.value},
            after={"status": "effective", "effective_from": record.effective_from.isoformat()},
            details={"run": run.run_id, "excluded": excluded, "restored": restored, "retired": retired},
        )
        uow.commit()
    return Applied(record, run.run_id, excluded, restored, retired)


def _tell(
    uow: EligibilityUnitOfWork,
    rules: RuleSet,
    record: RuleSetRecord,
    changed: ChangedHousehold,
    now: dt.datetime,
) -> None:
    head = uow.eligibility.head_and_mobile(changed.number)
    if head is None:  # a household without a head has nobody to tell; its decision is recorded
        return
    national_id, mobile = head
    month = record.effective_from
    key = f"eligibility:{record.name}:{record.version}:{changed.number}"
    if changed.now_eligible:
        params: dict[str, object] = {"month": month}
        template = TemplateId.ELIGIBILITY_RESTORED
    else:
        params = {"month": month, "reasons": _reasons(uow, rules, changed.decision_id)}
        template = TemplateId.ELIGIBILITY_EXCLUDED
    notify(uow, template=template, to=Recipient(national_id, mobile), params=params, dedupe_key=key, at=now)


def _reasons(uow: EligibilityUnitOfWork, rules: RuleSet, decision_id: int) -> Bilingual:
    decision = uow.eligibility.decision(decision_id)
    held = {r.criterion for r in decision.reasons if r.result is Result.HELD} if decision else set()
    criteria = [c for c in rules.criteria if c.key in held]
    arabic = "، ".join(c.label_ar for c in criteria).translate(_ARABIC_DIGITS)
    english = "; ".join(c.label_en for c in criteria)
    return Bilingual(arabic, english)
