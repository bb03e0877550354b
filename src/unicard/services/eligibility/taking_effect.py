"""Applying an approved rule set: decisions for every household, ration status from its date.

One transaction: the decisions and their reasons, the status changes dated ``effective_from``
(so the ledger credits the current month as before and the next month as decided), the rule
set made effective (the previous one retired), an SMS and an app event for each household whose
status changes, and the audit record. A crash leaves nothing half applied.
"""

from __future__ import annotations

from dataclasses import dataclass

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
            if changed.head is None:  # nobody to tell; the decision is recorded all the same
                continue
            template, params = _tell(rules, record, changed)
            key = f"eligibility:{record.name}:{record.version}:{changed.number}"
            notify(
                uow,
                template=template,
                to=Recipient(changed.head, changed.mobile),
                params=params,
                dedupe_key=key,
                at=now,
            )
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


def _tell(rules: RuleSet, record: RuleSetRecord, changed: ChangedHousehold) -> tuple[str, dict[str, object]]:
    """The template and params telling a changed household's head, reasons in plain words."""
    if changed.now_eligible:
        return TemplateId.ELIGIBILITY_RESTORED, {"month": record.effective_from}
    criteria = [c for c in rules.criteria if c.key in changed.held]
    arabic = "، ".join(c.label_ar for c in criteria).translate(_ARABIC_DIGITS)
    english = "; ".join(c.label_en for c in criteria)
    return TemplateId.ELIGIBILITY_EXCLUDED, {
        "month": record.effective_from,
        "reasons": Bilingual(arabic, english),
    }
