"""``/api/v1/appeals``: a supply office opens, reviews, corrects facts and decides appeals (تظلمات).

Reading is open to auditors and admins too; acting on an appeal is a supply officer's alone, and
the use cases further require the household's governorate and refuse the officer who opened it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from unicard.bootstrap import Container
from unicard.domain.appeals import AppealStatus, FactCorrection
from unicard.domain.operators.operator import Operator, Role
from unicard.domain.shared.errors import InvalidValue
from unicard.entrypoints.http_api.deps import ContainerDep, national_id_in
from unicard.entrypoints.http_api.masking import Disclosure
from unicard.entrypoints.http_api.schemas.appeals import (
    AppealDecisionIn,
    AppealOut,
    AppealPage,
    AppealStatsOut,
    FactCorrectionIn,
    OfficeAppealOpening,
    proposed_facts,
)
from unicard.entrypoints.http_api.security import requires
from unicard.services.appeals import opening, queries, review

router = APIRouter(prefix="/appeals", tags=["appeals"])

Reader = Annotated[Operator, Depends(requires(Role.SUPPLY_OFFICER, Role.ADMIN, Role.AUDITOR))]
Officer = Annotated[Operator, Depends(requires(Role.SUPPLY_OFFICER))]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Open an appeal on a citizen's behalf")
def open_appeal(
    actor: Officer, container: ContainerDep, body: OfficeAppealOpening, request: Request, response: Response
) -> AppealOut:
    appeal = opening.open_as_office(
        container.uow_factory(),
        container.clock,
        actor,
        decision_id=body.decision_id,
        appellant=national_id_in(body.national_id, "national_id"),
        reason=body.reason,
        proposed=proposed_facts(body.corrected_facts, national_id_in),
    )
    assert appeal.id is not None
    response.headers["Location"] = request.app.url_path_for("get_appeal", appeal_id=appeal.id)
    return _view(container, actor, appeal.id)


@router.get("", summary="Appeals in the operator's governorates, oldest first")
def list_appeals(
    actor: Reader,
    container: ContainerDep,
    status_: Annotated[str | None, Query(alias="status", description="opened, under_review, …")] = None,
    household: Annotated[str | None, Query(description="A ration card number.")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AppealPage:
    found = queries.list_appeals(
        container.uow_factory.reading(),
        actor,
        status=_status(status_),
        household_number=household,
        limit=limit,
        offset=offset,
    )
    mask = Disclosure.for_viewer(actor).national_id
    return AppealPage(items=[AppealOut.of(appeal, mask) for appeal in found], limit=limit, offset=offset)


@router.get("/stats", summary="Opened, decided, upheld rate and median days, per governorate")
def appeal_stats(actor: Reader, container: ContainerDep) -> AppealStatsOut:
    return AppealStatsOut.of(queries.appeal_stats(container.uow_factory.reading(), actor))


@router.get("/{appeal_id}", summary="One appeal with its timeline")
def get_appeal(actor: Reader, container: ContainerDep, appeal_id: int) -> AppealOut:
    return _view(container, actor, appeal_id)


@router.post("/{appeal_id}/review", summary="Take an appeal for review")
def take_for_review(actor: Officer, container: ContainerDep, appeal_id: int) -> AppealOut:
    review.take_for_review(container.uow_factory(), container.clock, actor, appeal_id)
    return _view(container, actor, appeal_id)


@router.post("/{appeal_id}/facts", summary="Correct a member's fact, with the evidence")
def correct_fact(
    actor: Officer, container: ContainerDep, appeal_id: int, body: FactCorrectionIn
) -> AppealOut:
    correction = FactCorrection.create(
        national_id=national_id_in(body.national_id, "national_id"),
        fact=body.fact,
        value=body.value,
        code=body.code,
        evidence=body.evidence,
    )
    review.correct_fact(container.uow_factory(), container.clock, actor, appeal_id, correction)
    return _view(container, actor, appeal_id)


@router.post("/{appeal_id}/decision", summary="Uphold or reject an appeal; the citizen is told")
def decide(actor: Officer, container: ContainerDep, appeal_id: int, body: AppealDecisionIn) -> AppealOut:
    review.decide(
        container.uow_factory(),
        container.clock,
        actor,
        appeal_id,
        upheld=body.outcome == "upheld",
        note=body.reason,
    )
    return _view(container, actor, appeal_id)


def _view(container: Container, actor: Operator, appeal_id: int) -> AppealOut:
    view = queries.view_appeal(container.uow_factory.reading(), actor, appeal_id)
    return AppealOut.of_view(view, Disclosure.for_viewer(actor).national_id)


def _status(raw: str | None) -> AppealStatus | None:
    if raw is None or not raw.strip():
        return None
    try:
        return AppealStatus(raw.strip().lower())
    except ValueError:
        known = ", ".join(status.value for status in AppealStatus)
        raise InvalidValue("appeal.status_unknown", field="status", value=raw, known=known) from None
