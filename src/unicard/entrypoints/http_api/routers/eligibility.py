"""``/api/v1/eligibility``: rule sets drafted, approved (by someone else), dry-run and applied;
``/api/v1/households/{number}/eligibility``: one household's decision, criterion by criterion."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Query, Response, status

from unicard.adapters.rule_files import parse_rule_set
from unicard.domain.operators.operator import Operator, Role
from unicard.entrypoints.http_api.deps import ContainerDep
from unicard.entrypoints.http_api.schemas.eligibility import (
    Applied,
    Approval,
    HouseholdEligibility,
    ReasonOut,
    RuleSetDocument,
    RuleSetDraft,
    RuleSetList,
    RuleSetOut,
)
from unicard.entrypoints.http_api.security import requires
from unicard.locale.eligibility import outcome_words, reason_words
from unicard.services.eligibility import evaluation, rule_sets, taking_effect

router = APIRouter(tags=["eligibility"])

_READERS = requires(Role.ADMIN, Role.AUDITOR, Role.RULES_ANALYST, Role.RULES_APPROVER, Role.SUPPLY_OFFICER)
Reader = Annotated[Operator, Depends(_READERS)]
Analyst = Annotated[Operator, Depends(requires(Role.RULES_ANALYST))]
Approver = Annotated[Operator, Depends(requires(Role.RULES_APPROVER))]
Reviewer = Annotated[
    Operator, Depends(requires(Role.ADMIN, Role.AUDITOR, Role.RULES_ANALYST, Role.RULES_APPROVER))
]
_BASE = "/eligibility/rule-sets"


@router.get(_BASE, summary="Every rule set version", dependencies=[Depends(_READERS)])
def list_rule_sets(container: ContainerDep) -> RuleSetList:
    return RuleSetList(items=[RuleSetOut.of(r) for r in rule_sets.listing(container.uow_factory.reading())])


@router.post(
    _BASE,
    status_code=status.HTTP_201_CREATED,
    summary="Draft a rule set (rules analysts)",
    description="A refused document is a 422 problem naming the line and key of the error.",
)
def draft(actor: Analyst, container: ContainerDep, body: Annotated[RuleSetDraft, Body()]) -> RuleSetOut:
    record = rule_sets.draft(
        container.uow_factory(),
        container.clock,
        parse_rule_set,
        actor=actor.username,
        document=body.document,
        file=body.file,
    )
    return RuleSetOut.of(record)


@router.get(f"{_BASE}/{{name}}", summary="One rule set and its document", dependencies=[Depends(_READERS)])
def show(container: ContainerDep, name: str, version: int | None = None) -> RuleSetDocument:
    record, document, _ = rule_sets.show(container.uow_factory.reading(), parse_rule_set, name, version)
    return RuleSetDocument(**RuleSetOut.of(record).model_dump(), document=document)


@router.post(
    f"{_BASE}/{{name}}/approve",
    summary="Approve a draft (rules approvers; never the draft's own author)",
)
def approve(
    actor: Approver, container: ContainerDep, name: str, body: Annotated[Approval | None, Body()] = None
) -> RuleSetOut:
    approval = body or Approval()
    record = rule_sets.approve(
        container.uow_factory(),
        container.clock,
        actor=actor.username,
        name=name,
        version=approval.version,
        effective_from=approval.effective_from,
    )
    return RuleSetOut.of(record)


@router.get(
    f"{_BASE}/{{name}}/dry-run",
    summary="What the rule set would do: by governorate and by criterion",
    description="CSV (the table a minister signs off) with `?format=csv`.",
    response_class=Response,
)
def dry_run(
    actor: Reviewer,
    container: ContainerDep,
    name: str,
    format: Annotated[str, Query(pattern="^(csv|json)$")] = "json",
) -> Response:
    report = evaluation.dry_run(
        container.uow_factory(), container.clock, parse_rule_set, actor=actor.username, rule_set=name
    )
    rows = evaluation.effect_csv_rows(report)
    if format == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        filename = f"{report.record.name}-v{report.record.version}-effect.csv"
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    header, *body = rows
    payload = {
        "rule_set": report.record.name,
        "version": report.record.version,
        "evaluated_on": report.on.isoformat(),
        "rows": [dict(zip(header, row, strict=True)) for row in body],
    }
    return Response(json.dumps(payload, ensure_ascii=False), media_type="application/json")


@router.post(f"{_BASE}/{{name}}/apply", summary="Apply an approved rule set (rules approvers)")
def apply(actor: Approver, container: ContainerDep, name: str) -> Applied:
    done = taking_effect.apply(
        container.uow_factory(), container.clock, parse_rule_set, actor=actor.username, name=name
    )
    return Applied(
        rule_set=done.record.name,
        version=done.record.version,
        run_id=done.run_id,
        effective_from=done.record.effective_from,
        excluded=done.excluded,
        restored=done.restored,
        retired=done.retired,
    )


@router.get(
    "/households/{number}/eligibility",
    summary="A household's decision under a rule set, criterion by criterion",
)
def household_eligibility(
    actor: Reader,
    container: ContainerDep,
    number: str,
    rule_set: Annotated[str, Query(description="A rule set name.")],
) -> HouseholdEligibility:
    explained = evaluation.explain_household(
        container.uow_factory.reading(),
        container.clock,
        parse_rule_set,
        number=number,
        rule_set=rule_set,
        actor=actor,
    )
    criteria = {c.key: c for c in explained.rule_set.criteria}
    decision = explained.decision
    return HouseholdEligibility(
        household=decision.household,
        rule_set=explained.record.name,
        version=explained.record.version,
        evaluated_on=explained.on,
        outcome=decision.outcome.value,
        outcome_ar=outcome_words(decision.outcome, "ar"),
        outcome_en=outcome_words(decision.outcome, "en"),
        reasons=[
            ReasonOut(
                criterion=r.criterion,
                fact=r.fact,
                result=r.result.value,
                national_id=r.national_id,
                value=r.value,
                source=r.source,
                as_of=r.as_of,
                ar=reason_words(criteria[r.criterion], r, "ar"),
                en=reason_words(criteria[r.criterion], r, "en"),
            )
            for r in decision.reasons
        ],
    )
