"""``/api/v1/app/appeals``: the signed-in citizen appeals a decision on their household, follows
it, and may withdraw it. Citizen tokens only (``AppCitizen``); a citizen sees only their own
household's appeals."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from unicard.entrypoints.http_api.citizen_auth import AppCitizen
from unicard.entrypoints.http_api.deps import ContainerDep, national_id_in
from unicard.entrypoints.http_api.schemas.appeals import AppealOut, CitizenAppealOpening, proposed_facts
from unicard.services.appeals import opening, queries, review

router = APIRouter(prefix="/app/appeals", tags=["citizen app"])


@router.post(
    "", status_code=status.HTTP_201_CREATED, summary="Appeal an eligibility decision on my household"
)
def open_appeal(
    citizen: AppCitizen,
    container: ContainerDep,
    body: CitizenAppealOpening,
    request: Request,
    response: Response,
) -> AppealOut:
    appeal = opening.open_as_citizen(
        container.uow_factory(),
        container.clock,
        citizen,
        decision_id=body.decision_id,
        reason=body.reason,
        proposed=proposed_facts(body.corrected_facts, national_id_in),
    )
    assert appeal.id is not None
    response.headers["Location"] = request.app.url_path_for("get_my_appeal", appeal_id=appeal.id)
    return AppealOut.for_citizen(queries.citizen_appeal(container.uow_factory.reading(), citizen, appeal.id))


@router.get("", summary="My household's appeals, each with its timeline")
def my_appeals(citizen: AppCitizen, container: ContainerDep) -> list[AppealOut]:
    return [
        AppealOut.for_citizen(view)
        for view in queries.citizen_appeals(container.uow_factory.reading(), citizen)
    ]


@router.get("/{appeal_id}", summary="One of my household's appeals")
def get_my_appeal(citizen: AppCitizen, container: ContainerDep, appeal_id: int) -> AppealOut:
    return AppealOut.for_citizen(queries.citizen_appeal(container.uow_factory.reading(), citizen, appeal_id))


@router.post("/{appeal_id}/withdrawal", summary="Withdraw an appeal while it is open")
def withdraw(citizen: AppCitizen, container: ContainerDep, appeal_id: int) -> AppealOut:
    review.withdraw(container.uow_factory(), container.clock, citizen, appeal_id)
    return AppealOut.for_citizen(queries.citizen_appeal(container.uow_factory.reading(), citizen, appeal_id))
